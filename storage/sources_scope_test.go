package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// Private sources are hidden from every channel but their own; a held
// source is neither due nor claimable, and a poll's UpdateSource cannot
// undo the hold; resuming makes it due at once and clears the poller's
// own pause.
func TestSourceScopesAndHold(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		a, b := briefing.Channel{Platform: "slack", ID: "CA"}, briefing.Channel{Platform: "slack", ID: "CB"}
		add := func(u string, ch briefing.Channel, private bool) sources.Source {
			src, _, err := s.AddSource(ctx, sources.Source{URL: u, Channel: ch, Private: private, State: sources.State{NextCheck: t0}})
			if err != nil {
				t.Fatal(err)
			}
			return src
		}
		add("https://global.example/feed", a, false)
		priv := add("https://private.example/feed", a, true)
		if !priv.Private {
			t.Fatalf("AddSource lost Private: %+v", priv)
		}
		for ch, want := range map[briefing.Channel][]string{a: nil, b: {priv.URL}, {Platform: "discord", ID: "CA"}: {priv.URL}} {
			got, err := s.HiddenSources(ctx, ch)
			if err != nil || len(got) != len(want) || len(want) == 1 && !got[want[0]] {
				t.Errorf("HiddenSources(%s) = %v, %v; want %v", ch, got, err, want)
			}
		}

		held, err := s.HoldSource(ctx, priv.ID, true, t0)
		if err != nil || !held.Held {
			t.Fatalf("HoldSource = %+v, %v", held, err)
		}
		held.State.Paused, held.State.Failures = false, 0 // what a check that was in flight saves
		if err := s.UpdateSource(ctx, held); err != nil {
			t.Fatal(err)
		}
		due, _ := s.DueSources(ctx, t0.Add(time.Hour), 10)
		if len(due) != 1 || due[0].ID == priv.ID {
			t.Errorf("due with a held source: %+v", due)
		}
		if won, err := s.ClaimSource(ctx, priv.ID, t0.Add(time.Hour), t0.Add(2*time.Hour), "r1"); won || err != nil {
			t.Errorf("claimed a held source: %v, %v", won, err)
		}
		failed := held
		failed.State.Paused, failed.State.Failures, failed.State.NextCheck = true, 6, t0.Add(48*time.Hour)
		if err := s.UpdateSource(ctx, failed); err != nil {
			t.Fatal(err)
		}
		now := t0.Add(3 * time.Hour)
		res, err := s.HoldSource(ctx, priv.ID, false, now)
		if err != nil || res.Held || res.State.Paused || res.State.Failures != 0 || !res.State.NextCheck.Equal(now) {
			t.Fatalf("resume = %+v, %v; want not held, not paused, due now", res, err)
		}
		if won, err := s.ClaimSource(ctx, priv.ID, now, now.Add(time.Minute), "r1"); !won || err != nil {
			t.Errorf("resumed source not claimable: %v, %v", won, err)
		}
		if _, err := s.HoldSource(ctx, 9999, true, now); briefing.ErrorCode(err) != briefing.ENotFound {
			t.Errorf("HoldSource(unknown) = %v; want not found", err)
		}

		// Removing a private source keeps its stored articles hidden;
		// adding the URL again as a shared source shares it.
		if err := s.RemoveSource(ctx, priv.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := s.HiddenSources(ctx, b); err != nil || !got[priv.URL] {
			t.Errorf("after removing the private source, HiddenSources(%s) = %v, %v", b, got, err)
		}
		add(priv.URL, b, false)
		if got, err := s.HiddenSources(ctx, b); err != nil || len(got) != 0 {
			t.Errorf("after adding it again as shared, HiddenSources(%s) = %v, %v", b, got, err)
		}
	})
}

// A watch keeps the sources it is restricted to; RestrictedWatches lists
// only such watches, of every channel.
func TestWatchSources(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		a, b := briefing.Channel{Platform: "slack", ID: "CA"}, briefing.Channel{Platform: "discord", ID: "DB"}
		srcs := []string{"https://one.example/feed", "https://two.example/rss?x=1"}
		for _, w := range []briefing.Watch{{Channel: a, Topic: "tariffs", Sources: srcs}, {Channel: a, Topic: "gsomia"},
			{Channel: b, Topic: "Tariffs", Sources: srcs[1:]}} {
			if ok, err := s.AddWatch(ctx, w); !ok || err != nil {
				t.Fatal(ok, err)
			}
		}
		ws, err := s.Watches(ctx, a)
		if err != nil || len(ws) != 2 || !slices.Equal(ws[0].Sources, srcs) || ws[1].Sources != nil {
			t.Fatalf("Watches = %+v, %v", ws, err)
		}
		rw, err := s.RestrictedWatches(ctx, 10)
		if err != nil || len(rw) != 2 || rw[0].Channel != b || rw[0].Topic != "tariffs" || !slices.Equal(rw[0].Sources, srcs[1:]) ||
			rw[1].Channel != a || !slices.Equal(rw[1].Sources, srcs) {
			t.Fatalf("RestrictedWatches = %+v, %v", rw, err)
		}
	})
}
