package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/briefbot/briefbot/storage/storagetest"
)

// A button's topic reference resolves through the database for every
// process that shares it, and references unused for 90 days go.
func TestTopicRefs(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, b := storagetest.Open(t, url), storagetest.Open(t, url) // two replicas
		now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
		if got, err := b.TopicByRef(ctx, "ref:00000000000000aa"); err != nil || got != "" {
			t.Fatalf("unknown reference: %q, %v", got, err)
		}
		if err := a.RememberTopicRef(ctx, "ref:00000000000000aa", "old topic nobody briefs again", now.AddDate(0, 0, -100)); err != nil {
			t.Fatal(err)
		}
		if got, _ := b.TopicByRef(ctx, "ref:00000000000000aa"); got != "old topic nobody briefs again" {
			t.Fatalf("stored reference from the other replica: %q", got)
		}
		for i := range 2 { // a second /brief of the topic renews it
			if err := a.RememberTopicRef(ctx, "ref:00000000000000bb", "a long topic about port tariffs", now.Add(time.Duration(i)*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := b.TopicByRef(ctx, "ref:00000000000000bb"); err != nil || got != "a long topic about port tariffs" {
			t.Fatalf("reference on the other replica: %q, %v", got, err)
		}
		if got, _ := b.TopicByRef(ctx, "ref:00000000000000aa"); got != "" {
			t.Fatalf("a reference unused for 100 days is still kept: %q", got)
		}
	})
}
