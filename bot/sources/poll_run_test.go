package sources_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"go.uber.org/goleak"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// hits counts requests per feed, stamped with the fake time.
type hits struct {
	mu  sync.Mutex
	at  map[string][]time.Duration
	clk clockwork.Clock
}

func (h *hits) server(t *testing.T, name string) (*httptest.Server, string) {
	body := rss(stories(1, 3), "")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.at[name] = append(h.at[name], h.clk.Now().Sub(start))
		h.mu.Unlock()
		etagFeed(body, `"`+name+`"`)(w, r)
	}))
	return srv, srv.URL + "/" + name + ".xml"
}

func (h *hits) of(name string) []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Duration(nil), h.at[name]...)
}

// runPollers starts each poller's gocron loop and returns a function that
// stops them and waits for them to end.
func runPollers(t *testing.T, envs ...*env) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, e := range envs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := e.poller.Run(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	return func() { cancel(); wg.Wait() }
}

// TestPollerRun drives the gocron job on a fake clock: it checks at start,
// then every Tick claims what is due; the source is fetched once per
// interval.
func TestPollerRun(t *testing.T) {
	h := &hits{at: map[string][]time.Duration{}}
	srv, url := h.server(t, "a")
	passes := make(chan sources.PassReport, 10)
	e := newEnv(t, sources.PollerConfig{Tick: 30 * time.Second, Interval: 2 * time.Minute,
		OnPass: func(r sources.PassReport) { passes <- r }})
	h.clk = e.clk
	e.register(t, url, 0)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	defer srv.Close()

	stop := runPollers(t, e)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	<-passes // the immediate first pass
	for tick := 1; tick <= 8; tick++ {
		if err := e.clk.BlockUntilContext(ctx, 1); err != nil {
			t.Fatal(err)
		}
		e.clk.Advance(30 * time.Second)
		select {
		case <-passes:
		case <-ctx.Done():
			t.Fatalf("no pass after tick %d", tick)
		}
	}
	want := []time.Duration{0, 2 * time.Minute, 4 * time.Minute}
	if got := h.of("a"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("fetched at %v, want %v", got, want)
	}
	stop()
}

// TestPollReplicasShareOnePostgres runs two pollers, each with its own
// connection pool and engine, on one PostgreSQL schema and one fake
// clock: every feed is fetched exactly once per interval.
func TestPollReplicasShareOnePostgres(t *testing.T) {
	url := storagetest.PostgresURL(t)
	clk := clockwork.NewFakeClockAt(start)
	h := &hits{at: map[string][]time.Duration{}, clk: clk}
	passes := make(chan sources.PassReport, 100)
	var envs []*env
	for i := 0; i < 2; i++ {
		envs = append(envs, newEnv(t, sources.PollerConfig{Sources: storagetest.Open(t, url), Clock: clk,
			Tick: 30 * time.Second, Interval: 2 * time.Minute, Owner: fmt.Sprintf("replica-%d", i),
			OnPass: func(r sources.PassReport) { passes <- r }}))
	}
	names := []string{"a", "b", "c", "d"}
	for _, n := range names {
		srv, u := h.server(t, n)
		defer srv.Close()
		envs[0].register(t, u, 0)
	}
	stop := runPollers(t, envs...)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	claimed := 0
	wait := func() {
		for range envs {
			select {
			case r := <-passes:
				claimed += r.Claimed
			case <-ctx.Done():
				t.Fatal("a replica did not finish its pass")
			}
		}
	}
	wait()
	for tick := 1; tick <= 12; tick++ { // three intervals, and the start of a fourth
		if err := clk.BlockUntilContext(ctx, len(envs)); err != nil {
			t.Fatal(err)
		}
		clk.Advance(30 * time.Second)
		wait()
	}
	stop()
	want := []time.Duration{0, 2 * time.Minute, 4 * time.Minute, 6 * time.Minute}
	for _, n := range names {
		if got := h.of(n); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("feed %s fetched at %v, want once per interval: %v", n, got, want)
		}
	}
	if claimed != len(names)*len(want) {
		t.Errorf("%d claims won in all, want %d", claimed, len(names)*len(want))
	}
	if n := envs[1].count(t); n != 3*int64(len(names)) {
		t.Errorf("%d articles stored, want %d (each feed once)", n, 3*len(names))
	}
}
