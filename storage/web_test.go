package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

func TestPages(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		p := briefing.Page{ID: "abc", Channel: chA, Kind: "briefing", Title: "Briefing: gsomia", Body: []byte(`{"x":1}`),
			CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := s.SavePage(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := s.SavePage(ctx, p); err == nil {
			t.Fatal("a second page with the same id was stored")
		}
		got, err := s.Page(ctx, "abc", now.Add(59*time.Minute))
		if err != nil || string(got.Body) != `{"x":1}` || got.Channel != chA || got.Title != p.Title || !got.ExpiresAt.Equal(p.ExpiresAt) {
			t.Fatalf("page = %+v, %v", got, err)
		}
		if _, err := s.Page(ctx, "abc", now.Add(time.Hour)); !errors.Is(err, briefing.ErrNotFound) {
			t.Fatalf("expired page: %v, want ErrNotFound", err)
		}
		if _, err := s.Page(ctx, "abd", now); !errors.Is(err, briefing.ErrNotFound) {
			t.Fatalf("unknown page: %v, want ErrNotFound", err)
		}
		if n, err := s.PruneExpiredPages(ctx, now.Add(30*time.Minute)); err != nil || n != 0 {
			t.Fatalf("pruned a live page: %d %v", n, err)
		}
		if n, err := s.PruneExpiredPages(ctx, now.Add(2*time.Hour)); err != nil || n != 1 {
			t.Fatalf("pruned %d, %v; want 1", n, err)
		}
	})
}

func TestWatchFeedTokens(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		chB := briefing.Channel{Platform: "discord", ID: "9"}
		if _, err := s.AddWatch(ctx, briefing.Watch{Channel: chA, Topic: "gsomia"}); err != nil {
			t.Fatal(err)
		}
		tok, err := s.WatchFeedToken(ctx, chA, "GSOMIA", "t1")
		if err != nil || tok != "t1" {
			t.Fatalf("token = %q, %v", tok, err)
		}
		if tok, err := s.WatchFeedToken(ctx, chA, "gsomia", "t2"); err != nil || tok != "t1" {
			t.Fatalf("second ask = %q, %v; want the first token kept", tok, err)
		}
		if w, err := s.WatchByFeedToken(ctx, "t1"); err != nil || w.Channel != chA || w.Topic != "gsomia" {
			t.Fatalf("watch = %+v, %v", w, err)
		}
		// Same topic in another channel: its own token, its own watch.
		if _, err := s.AddWatch(ctx, briefing.Watch{Channel: chB, Topic: "gsomia"}); err != nil {
			t.Fatal(err)
		}
		if tok, _ := s.WatchFeedToken(ctx, chB, "gsomia", "b1"); tok != "b1" {
			t.Fatalf("channel B token = %q", tok)
		}
		if err := s.ResetWatchFeedToken(ctx, chA, "gsomia", "t3"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.WatchByFeedToken(ctx, "t1"); !errors.Is(err, briefing.ErrNotFound) {
			t.Fatalf("reset token still works: %v", err)
		}
		if w, err := s.WatchByFeedToken(ctx, "t3"); err != nil || w.Channel != chA {
			t.Fatalf("new token = %+v, %v", w, err)
		}
		if _, err := s.RemoveWatch(ctx, chA, "gsomia"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.WatchByFeedToken(ctx, "t3"); !errors.Is(err, briefing.ErrNotFound) {
			t.Fatalf("token of a removed watch still works: %v", err)
		}
		if w, err := s.WatchByFeedToken(ctx, "b1"); err != nil || w.Channel != chB {
			t.Fatalf("channel B's token broke: %+v, %v", w, err)
		}
		all, err := s.AllWatches(ctx)
		if err != nil || len(all) != 1 || all[0].Channel != chB {
			t.Fatalf("all watches = %+v, %v", all, err)
		}
	})
}

func TestOperatorActions(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		src, _, err := s.AddSource(ctx, sources.Source{URL: "https://example.com/feed.xml",
			State: sources.State{Failures: 2, LastError: "boom", NextCheck: now.Add(time.Hour)}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.SetSourcePaused(ctx, src.ID, true, now)
		if err != nil || !got.Held || got.State.Failures != 2 || got.State.LastError != "boom" {
			t.Fatalf("paused = %+v, %v", got, err)
		}
		// The operator's pause holds however long it lasts, also for a
		// failing source (the poller tries its own pauses daily).
		if due, err := s.DueSources(ctx, now.Add(48*time.Hour), 10); err != nil || len(due) != 0 {
			t.Fatalf("due two days after the operator paused it: %+v, %v", due, err)
		}
		got, err = s.SetSourcePaused(ctx, src.ID, false, now)
		if err != nil || got.Held || got.State.Paused || got.State.Failures != 0 || !got.State.NextCheck.Equal(now) {
			t.Fatalf("resumed = %+v, %v", got.State, err)
		}
		if _, err := s.SetSourcePaused(ctx, src.ID+99, true, now); !errors.Is(err, briefing.ErrNotFound) {
			t.Fatalf("missing source: %v", err)
		}

		d, _, err := s.ClaimDelivery(ctx, digest.Delivery{Channel: chA, Period: "2026-12-01", Owner: "A", LeaseUntil: now})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.BeginSend(ctx, d.ID, "A", []int64{1, 2}, now); err != nil {
			t.Fatal(err)
		}
		if moved, err := s.RequeueDelivery(ctx, d.ID, now); err != nil || moved {
			t.Fatalf("requeued a sending delivery: %v %v", moved, err)
		}
		d, _ = s.FindDelivery(ctx, chA, "2026-12-01")
		if ok, err := s.MarkUnknown(ctx, d); err != nil || !ok {
			t.Fatalf("mark unknown: %v %v", ok, err)
		}
		if moved, err := s.RequeueDelivery(ctx, d.ID, now); err != nil || !moved {
			t.Fatalf("requeue unknown: %v %v", moved, err)
		}
		d, _ = s.FindDelivery(ctx, chA, "2026-12-01")
		if d.Status != digest.DeliveryFailed || !d.NextAttempt.Equal(now) {
			t.Fatalf("after requeue: %+v", d)
		}
		if held, _ := s.DeliveredArticles(ctx, chA, []int64{1, 2}); len(held) != 0 {
			t.Fatalf("reservations kept: %v", held)
		}
		latest, err := s.LatestDeliveries(ctx, 50)
		if err != nil || len(latest) != 1 || latest[0].ID != d.ID {
			t.Fatalf("latest = %+v, %v", latest, err)
		}
	})
}
