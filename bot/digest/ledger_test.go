package digest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// The delivery ledger's behaviour, end to end (these tests lived in
// cmd/briefbot, driving the wired app).

// ledgerFixture is a bot at 09:00 UTC on 1 Dec 2026 whose channel "ops"
// watches gsomia with a daily 09:00 UTC digest, delivering to a recorder.
type ledgerFixture struct {
	*testBot
	rec   *recorder
	ch    briefing.Channel
	sched digest.Schedule
	occ   time.Time
}

// newLedgerFixture builds it over SQLite; attempts is the Digester's
// retry budget (0: its default).
func newLedgerFixture(t *testing.T, attempts int) *ledgerFixture {
	t.Helper()
	return newLedgerFixtureAt(t, attempts, storagetest.SQLiteURL(t))
}

// newLedgerFixtureAt is newLedgerFixture over the database at url.
func newLedgerFixtureAt(t *testing.T, attempts int, url string) *ledgerFixture {
	t.Helper()
	clk := clockwork.NewFakeClockAt(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	f := &ledgerFixture{testBot: newTestBotAt(t, clk, digest.DigesterConfig{Attempts: attempts}, url), rec: &recorder{},
		ch: briefing.Channel{Platform: platform, ID: "ops"}}
	f.ingest(t, ledgerArticles()...)
	f.adapters[platform] = f.rec
	f.say(t, "ops", true, "/watch gsomia")
	f.say(t, "ops", true, "/digest daily 09:00 UTC")
	f.clk.Advance(time.Hour)
	var err error
	if f.sched, err = f.store.Schedule(context.Background(), f.ch); err != nil {
		t.Fatal(err)
	}
	f.occ = f.clk.Now()
	return f
}

func (f *ledgerFixture) delivery(t *testing.T) digest.Delivery {
	t.Helper()
	d, err := f.store.FindDelivery(context.Background(), f.ch, "2026-12-01 09:00 UTC")
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
	dead, _, err := f.store.ClaimDelivery(ctx, digest.Delivery{Channel: f.ch, Period: "2026-12-01 09:00 UTC", Owner: "dead-replica",
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
	if _, _, err := f.store.ClaimDelivery(ctx, digest.Delivery{Channel: f.ch, Period: "2026-12-01 09:00 UTC", Owner: "dead-replica",
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

// TestMissedDigestSurvivesChangesThatKeepItsTime: no process ran the
// 09:00 job, and before one came back an admin changed something that
// does not move the digest (its limit, or the same schedule typed
// again): the sweep still sends the 09:00 digest. Moving the digest (a
// new zone) after its time does cancel the missed one, as setting it
// late does.
func TestMissedDigestSurvivesChangesThatKeepItsTime(t *testing.T) {
	for _, change := range []string{"/digest limit 5", "/digest daily 09:00 UTC", "/digest daily 09:00"} {
		for name, url := range map[string]func(testing.TB) string{"sqlite": storagetest.SQLiteURL, "postgres": storagetest.PostgresURL} {
			t.Run(change+"/"+name, func(t *testing.T) {
				f := newLedgerFixtureAt(t, 0, url(t))
				f.clk.Advance(5 * time.Minute)
				if reply := f.say(t, "ops", true, change); !strings.Contains(reply, "Next:") {
					t.Fatalf("%s: %q", change, reply)
				}
				f.clk.Advance(15 * time.Minute)
				f.sweep(t)
				if n := len(f.rec.messages()); n != 1 {
					t.Fatalf("after %q at 09:05, the 09:20 sweep sent %d digests, want the missed 09:00 one", change, n)
				}
				if d := f.delivery(t); d.Status != digest.DeliverySent {
					t.Fatalf("ledger: %+v", d)
				}
			})
		}
	}
	t.Run("timing changed", func(t *testing.T) {
		f := newLedgerFixture(t, 0)
		f.clk.Advance(5 * time.Minute)
		f.say(t, "ops", true, "/digest daily 09:00 Europe/London") // same instant in December, another zone
		f.clk.Advance(15 * time.Minute)
		f.sweep(t)
		if msgs := f.rec.messages(); len(msgs) != 0 {
			t.Fatalf("a digest moved at 09:05 sent its 09:00 occurrence: %q", msgs)
		}
	})
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
	_, runs, stop, runCtx := f.startScheduler(t, never, never)
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
	if d, err := f.store.FindDelivery(context.Background(), f.ch, "2026-12-02 09:00 UTC"); err != nil || d.Status != digest.DeliverySent {
		t.Fatalf("ledger when the scheduler returned: %+v %v", d, err)
	}
	if r := waitRun(t, runs); r.status != digest.DeliverySent {
		t.Fatalf("run: %+v", r)
	}
	if msgs := f.rec.messages(); len(msgs) != 1 {
		t.Fatalf("%d digests sent", len(msgs))
	}
}

// TestCatchUpHonoursPeriodsWithoutZone: a digest a process from before
// periods named their zone sent ("2026-12-01 09:00") is not sent again by
// the catch-up sweep of an upgraded process.
func TestCatchUpHonoursPeriodsWithoutZone(t *testing.T) {
	f := newLedgerFixture(t, 0)
	ctx := context.Background()
	old, _, err := f.store.ClaimDelivery(ctx, digest.Delivery{Channel: f.ch, Period: "2026-12-01 09:00", Owner: "old-version",
		LeaseUntil: f.clk.Now().Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.FinishDelivery(ctx, old.ID, "old-version", digest.Outcome{Status: digest.DeliverySent, MessageIDs: []string{"m1"}, Stories: 2}); err != nil {
		t.Fatal(err)
	}
	f.clk.Advance(20 * time.Minute)
	f.sweep(t)
	if msgs := f.rec.messages(); len(msgs) != 0 {
		t.Fatalf("the sweep sent the 09:00 digest again: %q", msgs)
	}
}
