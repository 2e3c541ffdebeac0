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

// The delivery ledger's behaviour, end to end: a real engine over a real
// SQLite store, the router with /watch and /digest, and a recording
// adapter. (These tests lived in cmd/briefbot, driving the wired app; the
// fixture below builds the same pieces the way cmd wires them.)

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

// ledgerFixture is a bot at 09:00 UTC on 1 Dec 2026 whose channel "ops"
// watches gsomia with a daily 09:00 UTC digest, delivering to a recorder.
type ledgerFixture struct {
	store    *storage.Store
	eng      *briefing.Engine
	router   *bot.Router
	dg       *digest.Digester
	adapters map[string]bot.Adapter
	clk      *clockwork.FakeClock
	rec      *recorder
	ch       briefing.Channel
	sched    digest.Schedule
	occ      time.Time
}

// newLedgerFixture wires the pieces as cmd/briefbot does; attempts is
// the Digester's retry budget (0: its default).
func newLedgerFixture(t *testing.T, attempts int) *ledgerFixture {
	t.Helper()
	ctx := context.Background()
	f := &ledgerFixture{clk: clockwork.NewFakeClockAt(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)), rec: &recorder{},
		ch: briefing.Channel{Platform: platform, ID: "ops"}}
	f.store = storagetest.Open(t, storagetest.SQLiteURL(t))
	f.eng = briefing.NewEngine(f.store, briefing.Config{})
	if _, err := f.eng.Ingest(ctx, ledgerArticles()); err != nil {
		t.Fatal(err)
	}
	f.adapters = map[string]bot.Adapter{platform: f.rec}
	f.router = bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(f.router, f.eng, f.store, bot.CoreConfig{})
	f.dg = digest.NewDigester(f.eng, f.store, f.adapters, digest.DigesterConfig{Owner: "test-process", Now: f.clk.Now,
		Attempts: attempts})
	digest.Register(f.router, f.dg)
	f.say(t, "ops", true, "/watch gsomia")
	f.say(t, "ops", true, "/digest daily 09:00 UTC")
	f.clk.Advance(time.Hour)
	var err error
	if f.sched, err = f.store.Schedule(ctx, f.ch); err != nil {
		t.Fatal(err)
	}
	f.occ = f.clk.Now()
	return f
}

// say runs a chat line in a channel as an admin (or not) and returns the
// reply as text.
func (f *ledgerFixture) say(t *testing.T, channel string, admin bool, line string) string {
	t.Helper()
	cmd, text, _ := bot.ParseLine(line)
	req := bot.Request{ID: line, Channel: briefing.Channel{Platform: platform, ID: channel},
		User: bot.User{ID: "U1", Admin: admin}, Command: cmd, Text: text}
	return render(f.router.Handle(context.Background(), req))
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

func (f *ledgerFixture) delivery(t *testing.T) digest.Delivery {
	t.Helper()
	d, err := f.store.FindDelivery(context.Background(), f.ch, "2026-12-01")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (f *ledgerFixture) sweep(t *testing.T) {
	t.Helper()
	if err := f.dg.Sweep(context.Background(), []string{platform}, nil); err != nil {
		t.Fatalf("sweep: %v", err)
	}
}

type runResult struct {
	ch     briefing.Channel
	status digest.DeliveryStatus
	err    error
}

// startScheduler runs a scheduler for the fixture's platform until the
// test ends or stop is called (stop cancels runCtx, then waits for Run);
// every digest run is reported on runs.
func (f *ledgerFixture) startScheduler(t *testing.T) (
	sched *digest.Scheduler, runs <-chan runResult, stop func(), runCtx context.Context) {
	t.Helper()
	ran := make(chan runResult, 16)
	sched, err := digest.NewScheduler(f.dg, digest.SchedulerConfig{Clock: f.clk, Claims: f.store, Owner: f.dg.Owner(),
		Platforms: []string{platform}, SyncEvery: never, SweepEvery: never,
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

func TestFailedDigestIsRetriedWithBackoff(t *testing.T) {
	f := newLedgerFixture(t, 0)
	f.rec.fails = 2
	ctx := context.Background()
	if st, err := f.dg.RunOccurrence(ctx, f.sched, f.occ); st != digest.DeliveryFailed || err != nil {
		t.Fatalf("first attempt: %s %v", st, err)
	}
	d := f.delivery(t)
	if d.Attempts != 1 || !d.NextAttempt.Equal(f.occ.Add(time.Minute)) || !strings.Contains(d.Error, "503") {
		t.Fatalf("after one failure: %+v", d)
	}
	if seen, _ := f.store.DeliveredArticles(ctx, f.ch, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}); len(seen) != 0 {
		t.Fatalf("a failed send kept articles reserved: %v", seen)
	}
	f.clk.Advance(59 * time.Second)
	f.sweep(t)
	if d := f.delivery(t); d.Attempts != 1 {
		t.Fatalf("retried before its time: %+v", d)
	}
	f.clk.Advance(time.Second)
	f.sweep(t) // second attempt fails too: the wait doubles
	if d := f.delivery(t); d.Status != digest.DeliveryFailed || d.Attempts != 2 || !d.NextAttempt.Equal(f.clk.Now().Add(2*time.Minute)) {
		t.Fatalf("after two failures: %+v", d)
	}
	f.clk.Advance(2 * time.Minute)
	f.sweep(t)
	d = f.delivery(t)
	if d.Status != digest.DeliverySent || len(d.MessageIDs) != 1 || d.Stories != 2 {
		t.Fatalf("third attempt: %+v", d)
	}
	f.clk.Advance(time.Hour)
	f.sweep(t)
	if msgs := f.rec.messages(); len(msgs) != 1 || !strings.Contains(msgs[0], titleAug) || !strings.Contains(msgs[0], titleNov) {
		t.Fatalf("want exactly one digest with both articles, got %d:\n%s", len(msgs), strings.Join(msgs, "\n---\n"))
	}
}

func TestDigestAbandonedAfterLastAttemptFreesItsStories(t *testing.T) {
	f := newLedgerFixture(t, 2)
	f.rec.fails = 2
	f.dg.RunOccurrence(context.Background(), f.sched, f.occ)
	f.clk.Advance(time.Minute)
	f.sweep(t)
	if d := f.delivery(t); d.Status != digest.DeliveryAbandoned || d.Attempts != 2 {
		t.Fatalf("after the last attempt: %+v", d)
	}
	f.clk.Advance(time.Hour)
	f.sweep(t)
	if len(f.rec.messages()) != 0 {
		t.Fatal("an abandoned digest was sent")
	}
	// Nothing was delivered, so the stories are still news.
	if r := f.say(t, "ops", false, "/digest now"); !strings.Contains(r, titleAug) || !strings.Contains(r, titleNov) {
		t.Fatalf("/digest now after an abandoned digest:\n%s", r)
	}
}

// TestDigestDeadMidSendIsUnknownNotResent: a process that died after
// reserving the articles and calling the platform leaves a sending row;
// past its lease it is settled as unknown and not resent, /digest says
// so, and an admin's /digest retry sends it again.
func TestDigestDeadMidSendIsUnknownNotResent(t *testing.T) {
	f := newLedgerFixture(t, 0)
	ctx := context.Background()
	dead, _, err := f.store.ClaimDelivery(ctx, digest.Delivery{Channel: f.ch, Period: "2026-12-01", Owner: "dead-replica",
		LeaseUntil: f.clk.Now().Add(10 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.BeginSend(ctx, dead.ID, "dead-replica", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
		f.clk.Now().Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	f.sweep(t)
	if st, _ := f.dg.RunOccurrence(ctx, f.sched, f.occ); st != digest.DeliverySending {
		t.Fatalf("a second run of the period: %s", st)
	}
	f.clk.Advance(11 * time.Minute)
	f.sweep(t)
	f.sweep(t)
	if d := f.delivery(t); d.Status != digest.DeliveryUnknown || len(f.rec.messages()) != 0 {
		t.Fatalf("after the lease: %+v, %d sends", d, len(f.rec.messages()))
	}
	show := f.say(t, "ops", false, "/digest")
	if !strings.Contains(show, "stopped while sending") || !strings.Contains(show, "/digest retry") {
		t.Fatalf("/digest does not tell about the unknown delivery:\n%s", show)
	}
	if r := f.say(t, "ops", false, "/digest retry"); !strings.Contains(r, "only briefbot admins") {
		t.Fatalf("non-admin retry: %s", r)
	}
	if r := f.say(t, "ops", false, "/digest now"); !strings.Contains(r, "Nothing new") {
		t.Fatalf("the unknown digest's stories were offered again:\n%s", r)
	}
	if r := f.say(t, "ops", true, "/digest retry"); !strings.Contains(r, "Requeued 1 digest") {
		t.Fatalf("admin retry: %s", r)
	}
	f.sweep(t)
	if d := f.delivery(t); d.Status != digest.DeliverySent || len(f.rec.messages()) != 1 {
		t.Fatalf("after /digest retry: %+v, %d sends", d, len(f.rec.messages()))
	}
}

// TestDigestDeadBeforeSendIsTakenOver: a process that died after
// claiming the period but before reserving anything never reached the
// platform, so another one takes over and sends.
func TestDigestDeadBeforeSendIsTakenOver(t *testing.T) {
	f := newLedgerFixture(t, 0)
	ctx := context.Background()
	if _, _, err := f.store.ClaimDelivery(ctx, digest.Delivery{Channel: f.ch, Period: "2026-12-01", Owner: "dead-replica",
		LeaseUntil: f.clk.Now().Add(10 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	f.sweep(t)
	if len(f.rec.messages()) != 0 {
		t.Fatal("taken over inside the lease")
	}
	f.clk.Advance(11 * time.Minute)
	f.sweep(t)
	if d := f.delivery(t); d.Status != digest.DeliverySent || d.Owner != f.dg.Owner() || len(f.rec.messages()) != 1 {
		t.Fatalf("after takeover: %+v, %d sends", d, len(f.rec.messages()))
	}
}

// TestMissedDigestIsCaughtUp: no process ran the 09:00 job (all down, or
// the lock holder died before claiming the period): the sweep sends it
// while it is less than an hour late, and not a second time.
func TestMissedDigestIsCaughtUp(t *testing.T) {
	f := newLedgerFixture(t, 0)
	f.sweep(t)
	if len(f.rec.messages()) != 0 {
		t.Fatal("caught up inside the grace the job has")
	}
	f.clk.Advance(20 * time.Minute)
	f.sweep(t)
	f.sweep(t)
	if d := f.delivery(t); d.Status != digest.DeliverySent || len(f.rec.messages()) != 1 {
		t.Fatalf("catch-up: %+v, %d sends", d, len(f.rec.messages()))
	}
	// A schedule set after today's time does not fire at once.
	f.say(t, "late", true, "/watch gsomia")
	f.say(t, "late", true, "/digest daily 09:00 UTC")
	f.clk.Advance(2 * time.Minute)
	f.sweep(t)
	if len(f.rec.messages()) != 1 {
		t.Fatal("a schedule set at 09:22 sent the 09:00 digest")
	}
}

// cancellingEngine builds digests like the real engine but first cancels
// the run's context, as a SIGTERM arriving mid-build does.
type cancellingEngine struct {
	digest.Engine
	cancel context.CancelFunc
}

func (e cancellingEngine) Digest(ctx context.Context, opt briefing.DigestOptions) (briefing.Digest, error) {
	e.cancel()
	if _, err := e.Engine.Digest(ctx, opt); err != nil {
		return briefing.Digest{}, err
	}
	return briefing.Digest{}, ctx.Err()
}

// TestShutdownMidBuildReleasesTheClaim: the period is released for a
// retry at once, and another process sends it.
func TestShutdownMidBuildReleasesTheClaim(t *testing.T) {
	f := newLedgerFixture(t, 0)
	ctx, cancel := context.WithCancel(context.Background())
	dying := digest.NewDigester(cancellingEngine{f.eng, cancel}, f.store, f.adapters,
		digest.DigesterConfig{Owner: "dying", Now: f.clk.Now})
	if st, _ := dying.RunOccurrence(ctx, f.sched, f.occ); st != digest.DeliveryFailed {
		t.Fatalf("status at shutdown: %s", st)
	}
	if d := f.delivery(t); !strings.Contains(d.Error, "released at shutdown") || !d.NextAttempt.Equal(f.clk.Now()) {
		t.Fatalf("released row: %+v", d)
	}
	f.sweep(t)
	if d := f.delivery(t); d.Status != digest.DeliverySent || len(f.rec.messages()) != 1 {
		t.Fatalf("after release: %+v, %d sends", d, len(f.rec.messages()))
	}
}

// TestShutdownMidSendCompletesTheSend: a scheduler stopped while its
// adapter is posting lets the post finish and records it as sent.
func TestShutdownMidSendCompletesTheSend(t *testing.T) {
	f := newLedgerFixture(t, 0)
	f.clk = clockwork.NewFakeClockAt(time.Date(2026, 12, 1, 23, 59, 0, 0, time.UTC))
	f.dg = digest.NewDigester(f.eng, f.store, f.adapters, digest.DigesterConfig{Owner: "me", Now: f.clk.Now})
	f.rec.block, f.rec.started = make(chan struct{}), make(chan context.Context, 1)
	_, runs, stop, runCtx := f.startScheduler(t)
	blockUntil(t, f.clk, 3)
	f.clk.Advance(9*time.Hour + time.Minute) // 09:00 on 2 Dec
	sendCtx := <-f.rec.started
	stopped := make(chan struct{})
	go func() { stop(); close(stopped) }()
	<-runCtx.Done() // shutdown has begun
	if sendCtx.Err() != nil {
		t.Fatalf("the send's context was cancelled at shutdown: %v", sendCtx.Err())
	}
	close(f.rec.block)
	<-stopped
	// The scheduler returned only after the digest was recorded.
	if d, err := f.store.FindDelivery(context.Background(), f.ch, "2026-12-02"); err != nil || d.Status != digest.DeliverySent {
		t.Fatalf("ledger when the scheduler returned: %+v %v", d, err)
	}
	if r := waitRun(t, runs); r.status != digest.DeliverySent {
		t.Fatalf("run: %+v", r)
	}
	if msgs := f.rec.messages(); len(msgs) != 1 {
		t.Fatalf("%d digests sent", len(msgs))
	}
}
