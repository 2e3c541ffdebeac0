package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/adapters/console"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
	"github.com/briefbot/briefbot/briefing/ingest"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
	"github.com/briefbot/briefbot/storage/storagetest"
)

const never = 1000 * time.Hour // keeps the sync and sweep jobs out of a test's way

// syncBuffer is briefingtest.LogBuffer: goroutines log to it while the test reads.
type syncBuffer = briefingtest.LogBuffer

// testApp opens the wired App with settings from getenv; it is closed
// when the test ends, and its log is shown if the test failed.
func testApp(t *testing.T, getenv func(string) string) (*App, *cli.Env) {
	t.Helper()
	cfg, err := config.Load(getenv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Getenv = getenv
	logs := &syncBuffer{}
	e := &cli.Env{Config: cfg, Stdio: cli.Stdio{In: strings.NewReader(""), Out: io.Discard, Err: logs}, Log: cfg.Logger(logs)}
	app, err := openApp(context.Background(), e, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		app.Close()
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	})
	return app, e
}

// digestApp opens the wired App on a fresh SQLite database, with digests
// going by clk and settings from env (BRIEFBOT_* keys).
func digestApp(t *testing.T, clk clockwork.Clock, env map[string]string) *App {
	t.Helper()
	db := storagetest.SQLiteURL(t)
	getenv := func(k string) string {
		if k == "BRIEFBOT_DATABASE_URL" {
			return db
		}
		return env[k]
	}
	app, e := testApp(t, getenv)
	app.Clock = clk
	if err := wireDigests(e, app); err != nil {
		t.Fatal(err)
	}
	return app
}

// ingestSample stores the bundled sample news (two GSOMIA articles among
// unrelated ones).
func ingestSample(t *testing.T, app *App) {
	t.Helper()
	data, err := sampleNews.ReadFile("sample/briefbot-sample-news.txt")
	if err != nil {
		t.Fatal(err)
	}
	arts, _, err := ingest.Parse(ingest.Input{Name: "briefbot-sample-news.txt", Data: data}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Engine.Ingest(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
}

// say runs a chat line in a console channel as an admin (or not) and
// returns the rendered reply.
func say(t *testing.T, app *App, channel string, admin bool, line string) string {
	t.Helper()
	cmd, text, _ := bot.ParseLine(line)
	req := bot.Request{ID: line, Channel: briefing.Channel{Platform: console.Platform, ID: channel},
		User: bot.User{ID: "U1", Admin: admin}, Command: cmd, Text: text}
	return console.Render(app.Router.Handle(context.Background(), req))
}

type runResult struct {
	ch     briefing.Channel
	status digest.DeliveryStatus
	err    error
}

// startScheduler runs a scheduler for console channels on clk until the
// test ends or stop is called (stop cancels runCtx, then waits for Run);
// every digest run is reported on runs.
func startScheduler(t *testing.T, app *App, clk clockwork.Clock, syncEvery, sweep time.Duration) (
	sched *digest.Scheduler, runs <-chan runResult, stop func(), runCtx context.Context) {
	t.Helper()
	ran := make(chan runResult, 16)
	sched, err := digest.NewScheduler(app.Digests, digest.SchedulerConfig{Clock: clk, Claims: app.Store, Owner: app.Digests.Owner(),
		Platforms: []string{console.Platform}, SyncEvery: syncEvery, SweepEvery: sweep,
		OnRun: func(ch briefing.Channel, st digest.DeliveryStatus, err error) { ran <- runResult{ch, st, err} }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sched.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("scheduler: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return sched, ran, stop, ctx
}

// waitRun waits (in real time, for goroutines, not for the clock) for the
// next digest run.
func waitRun(t *testing.T, runs <-chan runResult) runResult {
	t.Helper()
	select {
	case r := <-runs:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("no digest run")
	}
	return runResult{}
}

// blockUntil waits until the fake clock has n timers armed.
func blockUntil(t *testing.T, clk *clockwork.FakeClock, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := clk.BlockUntilContext(ctx, n); err != nil {
		t.Fatalf("waiting for %d timers: %v", n, err)
	}
}

// recorder is an adapter that records what it is asked to send, and
// fails the sends it is told to.
type recorder struct {
	mu    sync.Mutex
	sent  []string
	fails int // the next fails sends post nothing and return an error
	// block, when set, holds each send until it is closed; started is
	// signalled first.
	block   chan struct{}
	started chan context.Context
}

func (r *recorder) Name() string                                 { return console.Platform }
func (r *recorder) Run(ctx context.Context, _ bot.Handler) error { <-ctx.Done(); return nil }

func (r *recorder) Send(ctx context.Context, ch briefing.Channel, reply bot.Reply) ([]string, error) {
	if r.started != nil {
		r.started <- ctx
		<-r.block
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fails > 0 {
		r.fails--
		return nil, errors.New("platform unavailable (503)")
	}
	r.sent = append(r.sent, ch.ID+"\n"+console.Render(reply))
	return []string{fmt.Sprint("msg-", len(r.sent))}, nil
}

func (r *recorder) messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.sent...)
}
