package sources_test

import (
	"context"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// onBothStores runs fn with a poller env over SQLite and over PostgreSQL.
func onBothStores(t *testing.T, cfg sources.PollerConfig, fn func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) {
		c := cfg
		c.Sources = storagetest.Open(t, storagetest.SQLiteURL(t))
		fn(t, newEnv(t, c))
	})
	t.Run("postgres", func(t *testing.T) {
		c := cfg
		c.Sources = storagetest.Open(t, storagetest.PostgresURL(t))
		fn(t, newEnv(t, c))
	})
}

// A source's own interval is kept (the poller's default is shorter), a
// paused source is not fetched however long it waits, and resuming
// fetches it at once and then every interval again; the real feed server
// counts the requests.
func TestPauseResumeAndOwnInterval(t *testing.T) {
	onBothStores(t, sources.PollerConfig{Interval: 15 * time.Minute, HostGap: time.Nanosecond}, func(t *testing.T, e *env) {
		ctx := context.Background()
		rc, url := serve(t, etagFeed(rss(stories(100, 102), ""), `"v1"`))
		src := e.register(t, url, 40*time.Minute)
		hits := func(want int, when string) {
			t.Helper()
			e.pass(t)
			if got := rc.n(); got != want {
				t.Fatalf("%s: %d requests, want %d", when, got, want)
			}
		}
		hits(1, "first check")
		e.clk.Advance(15 * time.Minute)
		hits(1, "after the poller's default interval") // its own 40m applies
		e.clk.Advance(25 * time.Minute)
		hits(2, "after its own interval")

		held, err := e.poller.HoldSource(ctx, src.ID, true)
		if err != nil || !held.Held {
			t.Fatalf("pause: %+v, %v", held, err)
		}
		for i := 0; i < 4; i++ {
			e.clk.Advance(40 * time.Minute)
			hits(2, "paused")
		}
		e.clk.Advance(48 * time.Hour) // unlike the poller's own pause, never tried daily
		hits(2, "paused for two days")
		// A check result saved while paused (a check that was in flight)
		// does not undo the pause.
		s := e.source(t, src.ID)
		if err := e.store.UpdateSource(ctx, s); err != nil || !e.source(t, src.ID).Held {
			t.Fatalf("update undid the pause: %v", err)
		}
		if _, err := e.poller.HoldSource(ctx, src.ID, false); err != nil {
			t.Fatal(err)
		}
		hits(3, "resumed")
		e.clk.Advance(39 * time.Minute)
		hits(3, "resumed, before its interval")
		e.clk.Advance(time.Minute)
		hits(4, "resumed, at its interval")

		if _, err := e.poller.HoldSource(ctx, 999, true); err == nil {
			t.Fatal("pausing an unknown source succeeded")
		}
	})
}
