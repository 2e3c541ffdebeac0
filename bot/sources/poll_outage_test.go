package sources_test

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

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// outageStore is a real store whose source list fails while down, as
// when the database is unreachable.
type outageStore struct {
	*storage.Store
	down atomic.Bool
}

func (s *outageStore) DueSources(ctx context.Context, now time.Time, limit int) ([]sources.Source, error) {
	if s.down.Load() {
		return nil, errors.New("storage: due sources: dial tcp: connection refused")
	}
	return s.Store.DueSources(ctx, now, limit)
}

// A database outage is logged once when polling starts failing and once
// when it works again, not at every tick in between.
func TestPollerLogsAnOutageOnce(t *testing.T) {
	store := &outageStore{Store: storagetest.Open(t, storagetest.SQLiteURL(t))}
	clk := clockwork.NewFakeClockAt(start)
	var buf syncBuffer
	passes := make(chan sources.PassReport, 1)
	p, err := sources.NewPoller(sources.PollerConfig{Sources: store, Ingester: briefing.NewEngine(store.Store, briefing.Config{Now: clk.Now}),
		Clock: clk, Tick: 30 * time.Second, OnPass: func(r sources.PassReport) { passes <- r },
		Logger: slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()
	wait, cancelWait := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancelWait()
	<-passes // the first pass, at start
	for _, down := range []bool{true, true, true, true, false, false, true, true} {
		store.down.Store(down)
		if err := clk.BlockUntilContext(wait, 1); err != nil {
			t.Fatal(err)
		}
		clk.Advance(30 * time.Second)
		select {
		case <-passes:
		case <-wait.Done():
			t.Fatal("no pass after a tick")
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, raw := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var l struct{ Level, Msg string }
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("log line %q: %v", raw, err)
		}
		if l.Msg != "polling sources" {
			got = append(got, l.Level+" "+l.Msg)
		}
	}
	want := []string{"ERROR polling pass failed", "INFO polling works again", "ERROR polling pass failed"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
