package digest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// The fixture the ledger and scheduler tests share: a real engine over a
// real SQLite store, the router with /watch and /digest, a scheduler on a
// fake clock, and a recording adapter.

const (
	titleAug = "Seoul scraps military intelligence pact GSOMIA with Tokyo"
	titleNov = "Seoul keeps GSOMIA alive hours before it was to expire"
	platform = "console"
	never    = 1000 * time.Hour // keeps the sync and sweep jobs out of a test's way
)

// ledgerArticles are two GSOMIA stories months apart and two unrelated
// ones (hand-written test text).
func ledgerArticles() []briefing.Article {
	day := func(m time.Month, d int) time.Time { return time.Date(2019, m, d, 9, 0, 0, 0, time.UTC) }
	return []briefing.Article{
		{Source: "test", URL: "https://news.example/1", Title: titleAug, Published: day(time.August, 22),
			Text: "South Korea said on Thursday it would end GSOMIA, its military intelligence sharing pact with Japan. " +
				"The decision follows a dispute over export controls. Washington said it was disappointed."},
		{Source: "test", URL: "https://news.example/2", Title: "Harbour cranes idle as dock strike enters second week",
			Published: day(time.September, 3),
			Text:      "Container ships waited offshore as dock workers stayed out. Port officials said talks resume Monday."},
		{Source: "test", URL: "https://news.example/3", Title: titleNov, Published: day(time.November, 22),
			Text: "Hours before the deadline, South Korea suspended its decision to let GSOMIA lapse. " +
				"Officials in Seoul and Tokyo agreed to keep talking about trade curbs."},
		{Source: "test", URL: "https://news.example/4", Title: "Wheat prices fall after a record harvest",
			Published: day(time.November, 25),
			Text:      "Wheat futures dropped for a third day. Traders pointed to record yields across the plains."},
	}
}

// testBot is the digest feature wired as cmd/briefbot wires it: a real
// engine over a real SQLite store, the router with the core commands and
// /digest, and the adapters map the Digester delivers through, on a fake
// clock.
type testBot struct {
	store    *storage.Store
	eng      *briefing.Engine
	router   *bot.Router
	dg       *digest.Digester
	adapters map[string]bot.Adapter
	clk      *clockwork.FakeClock
}

// newTestBot wires a bot on clk over a fresh SQLite database; cfg's Now
// is set to the clock's.
func newTestBot(t *testing.T, clk *clockwork.FakeClock, cfg digest.DigesterConfig) *testBot {
	t.Helper()
	return newTestBotAt(t, clk, cfg, storagetest.SQLiteURL(t))
}

// newTestBotAt is newTestBot over the database at url.
func newTestBotAt(t *testing.T, clk *clockwork.FakeClock, cfg digest.DigesterConfig, url string) *testBot {
	t.Helper()
	b := &testBot{clk: clk, adapters: map[string]bot.Adapter{}}
	b.store = storagetest.Open(t, url)
	b.eng = briefing.NewEngine(b.store, briefing.Config{})
	b.router = bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(b.router, b.eng, b.store, bot.CoreConfig{})
	if cfg.Owner == "" {
		cfg.Owner = "test-process"
	}
	cfg.Now = clk.Now
	b.dg = digest.NewDigester(b.eng, b.store, b.adapters, cfg)
	digest.Register(b.router, b.dg)
	return b
}

// ingest stores articles through the engine.
func (b *testBot) ingest(t *testing.T, arts ...briefing.Article) {
	t.Helper()
	if _, err := b.eng.Ingest(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
}

// say runs a chat line in a channel as an admin (or not) and returns the
// reply as text.
func (b *testBot) say(t *testing.T, channel string, admin bool, line string) string {
	t.Helper()
	cmd, text, _ := bot.ParseLine(line)
	req := bot.Request{ID: line, Channel: briefing.Channel{Platform: platform, ID: channel},
		User: bot.User{ID: "U1", Admin: admin}, Command: cmd, Text: text}
	return render(b.router.Handle(context.Background(), req))
}

// render lays a reply out as plain text: title, text, stories, footer.
func render(r bot.Reply) string {
	var b strings.Builder
	b.WriteString(r.Title + "\n" + r.Text + "\n")
	for _, s := range r.Sections {
		b.WriteString(s.Heading + "\n")
		for _, it := range s.Items {
			b.WriteString("- " + it.Title + "\n")
		}
	}
	b.WriteString(r.Footer)
	return b.String()
}

type runResult struct {
	ch     briefing.Channel
	status digest.DeliveryStatus
	err    error
}

// startScheduler runs a scheduler for the test platform until the test
// ends or stop is called (stop cancels runCtx, then waits for Run); every
// digest run is reported on runs.
func (b *testBot) startScheduler(t *testing.T, syncEvery, sweep time.Duration) (
	sched *digest.Scheduler, runs <-chan runResult, stop func(), runCtx context.Context) {
	t.Helper()
	ran := make(chan runResult, 16)
	sched, err := digest.NewScheduler(b.dg, digest.SchedulerConfig{Clock: b.clk, Claims: b.store, Owner: b.dg.Owner(),
		Platforms: []string{platform}, SyncEvery: syncEvery, SweepEvery: sweep,
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

func (r *recorder) Name() string                                 { return platform }
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
	r.sent = append(r.sent, ch.ID+"\n"+render(reply))
	return []string{fmt.Sprint("msg-", len(r.sent))}, nil
}

func (r *recorder) messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.sent...)
}
