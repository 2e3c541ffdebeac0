package digest_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
)

type firing struct {
	at     time.Time
	status digest.DeliveryStatus
	err    error
}

// schedule runs a scheduler for the chat until the test ends; every
// digest run is reported with the fake clock's time.
func (c *chat) schedule(t *testing.T) <-chan firing {
	t.Helper()
	ran := make(chan firing, 64)
	sched, err := digest.NewScheduler(c.dg, digest.SchedulerConfig{Clock: c.clk, Claims: c.store, Owner: c.dg.Owner(),
		Platforms: []string{platform}, SyncEvery: never, SweepEvery: never,
		OnRun: func(_ briefing.Channel, st digest.DeliveryStatus, err error) { ran <- firing{c.clk.Now(), st, err} }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = sched.Run(ctx) }()
	t.Cleanup(func() { cancel(); wg.Wait() })
	return ran
}

func nextFire(t *testing.T, runs <-chan firing) firing {
	t.Helper()
	select {
	case r := <-runs:
		if r.err != nil {
			t.Fatalf("run at %v: %v", r.at, r.err)
		}
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("no digest run")
	}
	return firing{}
}

var nextRe = regexp.MustCompile(`Next: ([^.]+)\.`)

// stated reads the "Next: …" instant of a reply in zone.
func stated(t *testing.T, reply, zone string) time.Time {
	t.Helper()
	m := nextRe.FindStringSubmatch(reply)
	if m == nil {
		t.Fatalf("no Next in %q", reply)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.ParseInLocation("Mon 2 Jan 2006, 15:04 MST", m[1], loc)
	if err != nil {
		t.Fatalf("Next %q: %v", m[1], err)
	}
	return at
}

// The report: an empty run at 22:36 used the day's slot, and
// "/digest daily 22:39" then promised 22:39 and sent nothing. Now the
// stated Next is when the digest goes out, and /digest off keeps the limit.
func TestScheduleReplyStatesTheTrueNextRun(t *testing.T) {
	dialects(t, func(t *testing.T, store *storage.Store) {
		c := newChat(t, store, time.Date(2026, 12, 6, 22, 0, 0, 0, time.UTC), nil)
		runs := c.schedule(t)
		c.say(t, "/watch tariffs")
		first := stated(t, c.say(t, "/digest daily 22:36 UTC"), "UTC")
		if want := time.Date(2026, 12, 6, 22, 36, 0, 0, time.UTC); !first.Equal(want) {
			t.Fatalf("Next %v, want %v", first, want)
		}
		blockUntil(t, c.clk, 3)
		c.clk.Advance(first.Sub(c.clk.Now()))
		if r := nextFire(t, runs); r.status != digest.DeliveryEmpty || !r.at.Equal(first) {
			t.Fatalf("22:36 run: %+v", r)
		}

		c.clk.Advance(time.Minute) // 22:37
		if _, err := c.eng.Ingest(context.Background(), tariffStories()); err != nil {
			t.Fatal(err)
		}
		if r := c.say(t, "/digest limit 3"); !strings.Contains(r, "at most 3 stories. Next: Sun 6 Dec 2026, 22:36 UTC") &&
			!strings.Contains(r, "Next: Mon 7 Dec 2026, 22:36 UTC") {
			t.Fatalf("limit reply: %q", r)
		}
		next := stated(t, c.say(t, "/digest daily 22:39"), "UTC")
		if want := time.Date(2026, 12, 6, 22, 39, 0, 0, time.UTC); !next.Equal(want) {
			t.Fatalf("Next %v, want %v (the empty 22:36 run must not use the day)", next, want)
		}
		blockUntil(t, c.clk, 3)
		c.clk.Advance(next.Sub(c.clk.Now()))
		r := nextFire(t, runs)
		if r.status != digest.DeliverySent || !r.at.Equal(next) {
			t.Fatalf("run %+v, want sent at the stated %v", r, next)
		}
		if msgs := c.rec.messages(); len(msgs) != 1 || strings.Count(msgs[0], "\n- ") != 3 {
			t.Fatalf("sent %q, want one digest of 3 stories", msgs)
		}

		// The reply after the run states the following day, and it holds.
		after := stated(t, c.say(t, "/digest"), "UTC")
		if want := next.AddDate(0, 0, 1); !after.Equal(want) {
			t.Fatalf("/digest Next %v, want %v", after, want)
		}
		blockUntil(t, c.clk, 3)
		c.clk.Advance(after.Sub(c.clk.Now()))
		if r := nextFire(t, runs); r.status != digest.DeliverySent || !r.at.Equal(after) {
			t.Fatalf("next day's run %+v, want sent (the 3 carried stories) at %v", r, after)
		}

		// /digest off keeps the limit for the next schedule.
		if r := c.say(t, "/digest off"); !strings.Contains(r, "turned off") {
			t.Fatalf("off: %q", r)
		}
		if r := c.say(t, "/digest"); !strings.Contains(r, "no scheduled digest") || !strings.Contains(r, "hold at most 3 stories") {
			t.Fatalf("/digest after off: %q", r)
		}
		if r := c.say(t, "/digest daily 09:00"); !strings.Contains(r, "Next: Tue 8 Dec 2026, 09:00 UTC") {
			t.Fatalf("set again: %q", r)
		}
		if r := c.say(t, "/digest"); !strings.Contains(r, "at most 3 stories") {
			t.Fatalf("the limit did not survive /digest off: %q", r)
		}
	})
}
