package storage_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

var t0 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func TestSources(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		src := sources.Source{URL: "https://news.example/feed.xml", Channel: briefing.Channel{Platform: "slack", ID: "C1"},
			AddedBy: "U1", Interval: 20 * time.Minute, State: sources.State{NextCheck: t0, ETag: `"v1"`}}
		got, added, err := s.AddSource(ctx, src)
		if err != nil || !added || got.ID == 0 || got.CreatedAt.IsZero() {
			t.Fatalf("AddSource = %+v, %v, %v", got, added, err)
		}
		again, added, err := s.AddSource(ctx, sources.Source{URL: src.URL, Title: "other", State: sources.State{NextCheck: t0}})
		if err != nil || added || again.ID != got.ID || again.Title != "" || again.Channel != src.Channel {
			t.Fatalf("second AddSource = %+v, %v, %v; want the first one, unchanged", again, added, err)
		}
		byURL, err := s.SourceByURL(ctx, src.URL)
		if err != nil || byURL.ID != got.ID || byURL.Interval != 20*time.Minute || byURL.State.ETag != `"v1"` ||
			!byURL.State.NextCheck.Equal(t0) || !byURL.State.LastCheck.IsZero() {
			t.Fatalf("SourceByURL = %+v, %v", byURL, err)
		}

		got.Title, got.State.Failures, got.State.LastCheck, got.State.LastError = "News", 2, t0, "HTTP 503"
		got.State.Paused = true
		if err := s.UpdateSource(ctx, got); err != nil {
			t.Fatal(err)
		}
		one, err := s.Source(ctx, got.ID)
		if err != nil || one.Title != "News" || one.State.Failures != 2 || !one.State.LastCheck.Equal(t0) ||
			!one.State.Paused || one.State.LastError != "HTTP 503" || one.AddedBy != "U1" {
			t.Fatalf("after update: %+v, %v", one, err)
		}
		if all, err := s.Sources(ctx); err != nil || len(all) != 1 {
			t.Fatalf("Sources = %+v, %v", all, err)
		}
		if err := s.RemoveSource(ctx, got.ID); err != nil {
			t.Fatal(err)
		}
		for name, err := range map[string]error{
			"Source": func() error { _, err := s.Source(ctx, got.ID); return err }(),
			"Remove": s.RemoveSource(ctx, got.ID),
			"Update": s.UpdateSource(ctx, got),
		} {
			if !errors.Is(err, briefing.ErrNotFound) {
				t.Errorf("%s after remove: %v, want ErrNotFound", name, err)
			}
		}
	})
}

func TestDueSourcesAndClaim(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		add := func(u string, next time.Time, paused bool) sources.Source {
			src, _, err := s.AddSource(ctx, sources.Source{URL: u, State: sources.State{NextCheck: next, Paused: paused}})
			if err != nil {
				t.Fatal(err)
			}
			return src
		}
		// Sub-second differences must order correctly (SQLite compares text).
		late := add("https://a.example/", t0.Add(1500*time.Millisecond), false)
		early := add("https://b.example/", t0.Add(-time.Hour), false)
		add("https://c.example/", t0.Add(-time.Hour), true)
		exact := add("https://d.example/", t0.Add(500*time.Millisecond), false)
		// Paused by the poller after failures: due at its daily try.
		tried, _, err := s.AddSource(ctx, sources.Source{URL: "https://e.example/",
			State: sources.State{NextCheck: t0.Add(-time.Minute), Paused: true, Failures: 6}})
		if err != nil {
			t.Fatal(err)
		}

		due, err := s.DueSources(ctx, t0.Add(time.Second), 10)
		if err != nil || len(due) != 3 || due[0].ID != early.ID || due[1].ID != tried.ID || due[2].ID != exact.ID {
			t.Fatalf("DueSources = %+v, %v; want b, e then d", due, err)
		}
		if won, err := s.ClaimSource(ctx, tried.ID, t0, t0.Add(time.Minute), "r1"); err != nil || !won {
			t.Fatalf("claim of a source paused after failures, at its daily try = %v, %v", won, err)
		}
		won, err := s.ClaimSource(ctx, late.ID, t0.Add(time.Second), t0.Add(time.Hour), "r1")
		if err != nil || won {
			t.Fatalf("claim of a source not yet due = %v, %v", won, err)
		}
		won, err = s.ClaimSource(ctx, early.ID, t0, t0.Add(5*time.Minute), "r1")
		if err != nil || !won {
			t.Fatalf("first claim = %v, %v", won, err)
		}
		won, err = s.ClaimSource(ctx, early.ID, t0, t0.Add(5*time.Minute), "r2")
		if err != nil || won {
			t.Fatalf("second claim = %v, %v; want lost", won, err)
		}
		// The lease runs out: the source is due again.
		if won, err = s.ClaimSource(ctx, early.ID, t0.Add(5*time.Minute), t0.Add(10*time.Minute), "r2"); err != nil || !won {
			t.Fatalf("claim after the lease = %v, %v", won, err)
		}
	})
}

// TestClaimSourceConcurrent races many claimers on one row: exactly one
// wins each round.
func TestClaimSourceConcurrent(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		stores := []interface {
			ClaimSource(context.Context, int64, time.Time, time.Time, string) (bool, error)
		}{storagetest.Open(t, url), storagetest.Open(t, url)}
		src, _, err := storagetest.Open(t, url).AddSource(ctx, sources.Source{URL: "https://x.example/", State: sources.State{NextCheck: t0}})
		if err != nil {
			t.Fatal(err)
		}
		for round := 0; round < 5; round++ {
			now := t0.Add(time.Duration(round) * time.Hour)
			var wins atomic.Int32
			var wg sync.WaitGroup
			for i := 0; i < 8; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					won, err := stores[i%2].ClaimSource(ctx, src.ID, now, now.Add(time.Minute), "r")
					if err != nil {
						t.Error(err)
					}
					if won {
						wins.Add(1)
					}
				}()
			}
			wg.Wait()
			if n := wins.Load(); n != 1 {
				t.Fatalf("round %d: %d claims won, want 1", round, n)
			}
		}
	})
}

func TestSourceArticlesAndBackfill(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		old := article("https://f.example/feed", "g1", "Old")
		old.Backfill = true
		in := []briefing.Article{old, article("https://f.example/feed", "g2", "New"), article("other", "g1", "Elsewhere")}
		if _, err := s.SaveArticles(ctx, in); err != nil {
			t.Fatal(err)
		}
		got, err := s.SourceArticles(ctx, "https://f.example/feed", 10)
		if err != nil || len(got) != 2 || got[0].Title != "New" || got[1].Title != "Old" {
			t.Fatalf("SourceArticles = %+v, %v; want New then Old", got, err)
		}
		if !got[1].Backfill || got[0].Backfill {
			t.Errorf("Backfill round trip: Old %v, New %v", got[1].Backfill, got[0].Backfill)
		}
		if one, _ := s.SourceArticles(ctx, "https://f.example/feed", 1); len(one) != 1 || one[0].Title != "New" {
			t.Errorf("limit 1: %+v", one)
		}
	})
}
