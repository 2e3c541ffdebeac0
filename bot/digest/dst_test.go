package digest_test

import (
	"context"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/adapters/console"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
)

// Digests on the nights clocks change, driven through gocron on a fake
// clock: a time the spring-forward gap skips runs once, right after the
// gap; a time the fall-back night repeats runs once, the first time.
func TestDigestOnDaylightSavingNights(t *testing.T) {
	tests := []struct {
		name, zone, at string
		start          time.Time // UTC, before the night's first run
		runs           []time.Time
		period         string
	}{
		{"new york spring", "America/New_York", "02:30", time.Date(2027, 3, 14, 5, 0, 0, 0, time.UTC),
			[]time.Time{time.Date(2027, 3, 14, 7, 0, 0, 0, time.UTC), time.Date(2027, 3, 15, 6, 30, 0, 0, time.UTC)}, "2027-03-14 02:30 America/New_York"},
		{"berlin spring", "Europe/Berlin", "02:30", time.Date(2027, 3, 28, 0, 0, 0, 0, time.UTC),
			[]time.Time{time.Date(2027, 3, 28, 1, 0, 0, 0, time.UTC), time.Date(2027, 3, 29, 0, 30, 0, 0, time.UTC)}, "2027-03-28 02:30 Europe/Berlin"},
		{"new york fall", "America/New_York", "01:30", time.Date(2027, 11, 7, 4, 0, 0, 0, time.UTC),
			[]time.Time{time.Date(2027, 11, 7, 5, 30, 0, 0, time.UTC), time.Date(2027, 11, 8, 6, 30, 0, 0, time.UTC)}, "2027-11-07 01:30 America/New_York"},
		{"berlin fall", "Europe/Berlin", "02:30", time.Date(2027, 10, 30, 23, 0, 0, 0, time.UTC),
			[]time.Time{time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC), time.Date(2027, 11, 1, 1, 30, 0, 0, time.UTC)}, "2027-10-31 02:30 Europe/Berlin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := clockwork.NewFakeClockAt(tt.start)
			b := newTestBot(t, clk, digest.DigesterConfig{})
			b.ingest(t, ledgerArticles()...)
			b.adapters[console.Platform] = &recorder{}
			ch := briefing.Channel{Platform: console.Platform, ID: "dst"}
			b.say(t, "dst", true, "/watch gsomia")
			b.say(t, "dst", true, "/digest daily "+tt.at+" "+tt.zone)
			sched, runs, _, _ := b.startScheduler(t, never, never)
			for i, want := range tt.runs {
				blockUntil(t, clk, 3)
				if next := sched.NextRun(ch); !next.Equal(want) {
					t.Fatalf("run %d: next %v, want %v", i+1, next.UTC(), want)
				}
				clk.Advance(want.Sub(clk.Now()))
				if r := waitRun(t, runs); r.err != nil {
					t.Fatalf("run %d: %+v", i+1, r)
				}
			}
			if d, err := b.store.FindDelivery(context.Background(), ch, tt.period); err != nil || d.Status != digest.DeliverySent {
				t.Fatalf("ledger %s: %+v %v", tt.period, d, err)
			}
		})
	}
}
