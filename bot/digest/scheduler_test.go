package digest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"go.uber.org/goleak"

	"github.com/briefbot/briefbot/adapters/console"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// The scheduler end to end, on a fake clock (these tests lived in
// cmd/briefbot, driving the wired app).

// syncBuffer is briefingtest.LogBuffer: goroutines log to it while the test reads.
type syncBuffer = briefingtest.LogBuffer

// TestDailyDigestAt0900Seoul is acceptance 1: a console channel watching
// gsomia with a daily 09:00 Asia/Seoul digest gets exactly one digest at
// 09:00 KST holding both GSOMIA articles; the next day's digest does not
// repeat them; a later new story comes alone.
func TestDailyDigestAt0900Seoul(t *testing.T) {
	// The scheduler's goroutines end with it (the database pool's end at
	// cleanup).
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), goleak.IgnoreTopFunction("database/sql.(*DB).connectionOpener"))
	seoul, _ := time.LoadLocation("Asia/Seoul")
	clk := clockwork.NewFakeClockAt(time.Date(2026, 12, 1, 8, 59, 0, 0, seoul))
	b := newTestBot(t, clk, digest.DigesterConfig{})
	b.ingest(t, ledgerArticles()...)
	out := &syncBuffer{}
	b.adapters[console.Platform] = console.New(strings.NewReader(""), out, console.Config{Channel: "ops"})
	ops := briefing.Channel{Platform: console.Platform, ID: "ops"}
	b.say(t, "ops", true, "/watch gsomia")
	if r := b.say(t, "ops", true, "/digest daily 09:00 Asia/Seoul"); !strings.Contains(r, "Next: Tue 1 Dec 2026, 09:00 KST") {
		t.Fatalf("set digest: %s", r)
	}
	sched, runs, stop, _ := b.startScheduler(t, never, never)
	defer stop()
	blockUntil(t, clk, 3) // the digest, the sync and the sweep
	if next := sched.NextRun(ops); !next.Equal(time.Date(2026, 12, 1, 9, 0, 0, 0, seoul)) {
		t.Fatalf("next run %v, want 09:00 KST", next)
	}
	if strings.Contains(out.String(), "──") {
		t.Fatalf("digest before 09:00:\n%s", out)
	}

	clk.Advance(time.Minute) // 09:00 KST
	if r := waitRun(t, runs); r.status != digest.DeliverySent || r.err != nil || r.ch != ops {
		t.Fatalf("09:00 run: %+v", r)
	}
	first := out.String()
	if strings.Count(first, "── to #ops ──") != 1 || strings.Count(first, titleAug) != 1 || strings.Count(first, titleNov) != 1 {
		t.Fatalf("want one digest with both GSOMIA articles:\n%s", first)
	}
	if d, err := b.store.FindDelivery(context.Background(), ops, "2026-12-01 09:00 Asia/Seoul"); err != nil || d.Status != digest.DeliverySent || len(d.MessageIDs) != 1 {
		t.Fatalf("ledger: %+v %v", d, err)
	}

	blockUntil(t, clk, 3)
	clk.Advance(24 * time.Hour) // 2 Dec, nothing new
	if r := waitRun(t, runs); r.status != digest.DeliveryEmpty || r.err != nil {
		t.Fatalf("second day: %+v", r)
	}
	if out.String() != first {
		t.Fatalf("an empty digest was posted:\n%s", strings.TrimPrefix(out.String(), first))
	}

	fresh := briefing.Article{Source: "wire", URL: "https://example.com/gsomia-talks", Title: "Seoul and Tokyo agree to restore GSOMIA",
		Text: "South Korea and Japan agreed on Thursday to fully restore GSOMIA, their military intelligence-sharing pact, " +
			"after leaders met in Tokyo. The defence ministers will sign the documents next week, officials said."}
	b.ingest(t, fresh)
	blockUntil(t, clk, 3)
	clk.Advance(24 * time.Hour) // 3 Dec
	if r := waitRun(t, runs); r.status != digest.DeliverySent {
		t.Fatalf("third day: %+v", r)
	}
	third := strings.TrimPrefix(out.String(), first)
	if !strings.Contains(third, fresh.Title) || strings.Contains(third, titleAug) || strings.Contains(third, titleNov) {
		t.Fatalf("third day's digest should hold only the new story:\n%s", third)
	}
}

// TestDigestFollowsDaylightSaving: a 02:30 Berlin digest on the night the
// clocks skip from 02:00 to 03:00 runs once, at 03:00 CEST, and the
// next day at 02:30 again.
func TestDigestFollowsDaylightSaving(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	clk := clockwork.NewFakeClockAt(time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)) // 01:30 CET
	b := newTestBot(t, clk, digest.DigesterConfig{})
	b.ingest(t, ledgerArticles()...)
	rec := &recorder{}
	b.adapters[console.Platform] = rec
	ch := briefing.Channel{Platform: console.Platform, ID: "berlin"}
	b.say(t, "berlin", true, "/watch gsomia")
	b.say(t, "berlin", true, "/digest daily 02:30 Europe/Berlin")
	sched, runs, _, _ := b.startScheduler(t, never, never)
	blockUntil(t, clk, 3)
	if next := sched.NextRun(ch); !next.Equal(time.Date(2026, 3, 29, 3, 0, 0, 0, berlin)) {
		t.Fatalf("next run %v, want 03:00 CEST", next.In(berlin))
	}
	clk.Advance(30 * time.Minute) // 01:00 UTC = 03:00 CEST
	if r := waitRun(t, runs); r.status != digest.DeliverySent {
		t.Fatalf("run: %+v", r)
	}
	if d, err := b.store.FindDelivery(context.Background(), ch, "2026-03-29 02:30 Europe/Berlin"); err != nil || d.Status != digest.DeliverySent {
		t.Fatalf("ledger period of the DST day: %+v %v", d, err)
	}
	blockUntil(t, clk, 3)
	if next := sched.NextRun(ch); !next.Equal(time.Date(2026, 3, 30, 2, 30, 0, 0, berlin)) {
		t.Fatalf("next run %v, want 02:30 CEST the next day", next.In(berlin))
	}
}

// TestSchedulesSetElsewhereArePickedUp: a schedule stored by another
// process (a replica, `briefbot ask`) becomes a job at the next sync; a
// change updates the job in place; turning it off removes it.
func TestSchedulesSetElsewhereArePickedUp(t *testing.T) {
	clk := clockwork.NewFakeClockAt(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	b := newTestBot(t, clk, digest.DigesterConfig{})
	sched, _, _, _ := b.startScheduler(t, time.Minute, never)
	blockUntil(t, clk, 2) // the sync and the sweep
	if n := sched.JobNames(); len(n) != 0 {
		t.Fatalf("jobs before any schedule: %v", n)
	}
	ctx := context.Background()
	ch := briefing.Channel{Platform: console.Platform, ID: "elsewhere"}
	s := digest.Schedule{Channel: ch, Every: digest.EveryWeekday, Hour: 8, Minute: 30, Zone: "Europe/Berlin", UpdatedAt: clk.Now()}
	if err := b.store.SetSchedule(ctx, s); err != nil {
		t.Fatal(err)
	}
	slack := briefing.Channel{Platform: "slack", ID: "C0123"}
	if err := b.store.SetSchedule(ctx, digest.Schedule{Channel: slack, Every: digest.EveryDay, Hour: 9, Zone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	blockUntil(t, clk, 3) // the new digest job's timer is armed
	if n := sched.JobNames(); len(n) != 1 || n[0] != "digest:console:elsewhere" {
		t.Fatalf("jobs = %v: want the console channel only (this process has no Slack adapter)", n)
	}
	if next := sched.NextRun(ch); !next.Equal(time.Date(2026, 12, 1, 7, 30, 0, 0, time.UTC)) {
		t.Fatalf("next run %v, want 08:30 Berlin", next)
	}
	s.Hour = 10
	b.store.SetSchedule(ctx, s)
	if err := sched.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if next := sched.NextRun(ch); !next.Equal(time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)) {
		t.Fatalf("after the change, next run %v, want 10:30 Berlin", next)
	}
	b.store.RemoveSchedule(ctx, ch)
	if err := sched.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if n := sched.JobNames(); len(n) != 0 || !sched.NextRun(ch).IsZero() {
		t.Fatalf("jobs after /digest off elsewhere: %v", n)
	}
}
