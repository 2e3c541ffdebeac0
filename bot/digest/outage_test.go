package digest_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// downStore is a real store whose schedule and delivery reads fail while
// down, as when the database is unreachable.
type downStore struct {
	*storage.Store
	down atomic.Bool
}

var errDown = errors.New("storage: dial tcp: connection refused")

func (s *downStore) Schedules(ctx context.Context, platforms ...string) ([]digest.Schedule, error) {
	if s.down.Load() {
		return nil, errDown
	}
	return s.Store.Schedules(ctx, platforms...)
}

func (s *downStore) DueDeliveries(ctx context.Context, now time.Time, platforms ...string) ([]digest.Delivery, error) {
	if s.down.Load() {
		return nil, errDown
	}
	return s.Store.DueDeliveries(ctx, now, platforms...)
}

// A database outage is logged once per periodic task when it starts
// (error) and once when the task works again (info); the repeats in
// between, one a sync or sweep, stay at debug.
func TestSchedulerLogsAnOutageOnce(t *testing.T) {
	clk := clockwork.NewFakeClockAt(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	real := storagetest.Open(t, storagetest.SQLiteURL(t))
	st := &downStore{Store: real}
	st.down.Store(true)
	var buf syncBuffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	dg := digest.NewDigester(briefing.NewEngine(real, briefing.Config{}), st, map[string]bot.Adapter{},
		digest.DigesterConfig{Now: clk.Now, Owner: "p1", Logger: log})
	sched, err := digest.NewScheduler(dg, digest.SchedulerConfig{Clock: clk, Platforms: []string{platform},
		SyncEvery: time.Minute, SweepEvery: time.Minute, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sched.Run(ctx) }()
	blockUntil(t, clk, 2) // the sync and the sweep
	// Ticks until each task has failed again, then until each works
	// again: gocron runs the tasks on its own goroutines, so the test
	// waits for what they log rather than counting ticks.
	tickUntil := func(lines ...string) {
		t.Helper()
		for range 200 {
			all := true
			for _, l := range lines {
				all = all && strings.Contains(buf.String(), l)
			}
			if all {
				return
			}
			clk.Advance(time.Minute)
			blockUntil(t, clk, 2)
		}
		t.Fatalf("no %q after 200 ticks; log:\n%s", lines, buf.String())
	}
	tickUntil(`"level":"DEBUG","msg":"digest schedule sync failed"`, `"level":"DEBUG","msg":"digest sweep failed"`)
	st.down.Store(false)
	tickUntil(`"msg":"digest schedule sync works again"`, `"msg":"digest sweep works again"`)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, raw := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var l struct{ Level, Msg string }
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("log line %q: %v", raw, err)
		}
		count[l.Level+" "+l.Msg]++
	}
	for _, task := range []string{"digest schedule sync", "digest sweep"} {
		if count["ERROR "+task+" failed"] != 1 || count["INFO "+task+" works again"] != 1 || count["DEBUG "+task+" failed"] < 1 {
			t.Errorf("%s: want one error, the repeats at debug, one recovery (%v); log:\n%s", task, count, buf.String())
		}
	}
}
