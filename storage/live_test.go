package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// Live posts remember the message that announced each article, per
// channel; the first message recorded for an article stays (migration
// 00010).
func TestLivePosts(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		d, _, err := s.ClaimDelivery(ctx, digest.Delivery{Channel: chA, Period: "live:7", Owner: "A", LeaseUntil: now.Add(time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RecordLivePosts(ctx, d.ID, chA, "1700000000.000001", []int64{7, 8}); err != nil {
			t.Fatal(err)
		}
		// A second record of article 8 (a thread reply naming it again) keeps the first message.
		if err := s.RecordLivePosts(ctx, d.ID, chA, "1700000000.000009", []int64{8, 9}); err != nil {
			t.Fatal(err)
		}
		other := briefing.Channel{Platform: "discord", ID: "777"}
		if err := s.RecordLivePosts(ctx, d.ID, other, "1001", []int64{7}); err != nil {
			t.Fatal(err)
		}
		got, err := s.LivePosts(ctx, chA, []int64{7, 8, 9, 10})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != "map[7:1700000000.000001 8:1700000000.000001 9:1700000000.000009]" {
			t.Fatalf("live posts = %v", got)
		}
		if got, err := s.LivePosts(ctx, other, []int64{7, 8}); err != nil || fmt.Sprint(got) != "map[7:1001]" {
			t.Fatalf("other channel's live posts = %v, %v", got, err)
		}
		if err := s.RecordLivePosts(ctx, d.ID, chA, "", []int64{11}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.LivePosts(ctx, chA, []int64{11}); len(got) != 0 {
			t.Fatalf("a post without a message id was recorded: %v", got)
		}
	})
}
