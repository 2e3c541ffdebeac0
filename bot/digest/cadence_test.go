package digest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// wantSlots lists, independently of Schedule, the instants of local
// hours from, from+step, … up to 23 on each of days local dates from
// day.
func wantSlots(loc *time.Location, day time.Time, days, from, step int) []time.Time {
	var out []time.Time
	for d := range days {
		y, m, dd := day.AddDate(0, 0, d).Date()
		for h := from; h < 22; h += step {
			out = append(out, time.Date(y, m, dd, h, 0, 0, 0, loc))
		}
	}
	return out
}

// Acceptance 3: "/digest every 2h quiet 22:00-07:00" runs at 08:00,
// 10:00 … 20:00 local time for 3 simulated days, in a zone without
// daylight saving (Asia/Seoul) and across Berlin's spring-forward night;
// the reply's Next is the first of them.
func TestEveryTwoHoursWithQuietHoursFor3Days(t *testing.T) {
	for _, zone := range []string{"Asia/Seoul", "Europe/Berlin"} {
		t.Run(zone, func(t *testing.T) {
			dialects(t, func(t *testing.T, store *storage.Store) {
				loc, err := time.LoadLocation(zone)
				if err != nil {
					t.Fatal(err)
				}
				day := time.Date(2026, 3, 28, 0, 0, 0, 0, loc) // Berlin moves to CEST on the 29th
				c := newChat(t, store, day.Add(-time.Hour), tariffStories())
				runs := c.schedule(t)
				c.say(t, "/watch tariffs")
				reply := c.say(t, "/digest every 2h quiet 22:00-07:00 "+zone)
				want := wantSlots(loc, day, 3, 8, 2)
				if len(want) != 21 {
					t.Fatalf("%d slots", len(want))
				}
				if next := stated(t, reply, zone); !next.Equal(want[0]) {
					t.Fatalf("reply %q: Next %v, want %v", reply, next, want[0])
				}
				for i, at := range want {
					blockUntil(t, c.clk, 3)
					c.clk.Advance(at.Sub(c.clk.Now()))
					r := nextFire(t, runs)
					if !r.at.Equal(at) {
						t.Fatalf("run %d at %v, want %v", i, r.at.In(loc), at)
					}
					if wantStatus := map[bool]digest.DeliveryStatus{true: digest.DeliverySent, false: digest.DeliveryEmpty}[i == 0]; r.status != wantStatus {
						t.Fatalf("run %d (%v): %s, want %s", i, at, r.status, wantStatus)
					}
					if i < len(want)-1 {
						if got := stated(t, c.say(t, "/digest"), zone); !got.Equal(want[i+1]) {
							t.Fatalf("after run %d /digest says Next %v, want %v", i, got, want[i+1])
						}
					}
				}
				if n := len(c.rec.messages()); n != 1 {
					t.Fatalf("%d digests posted, want 1 (only the first run had news)", n)
				}
			})
		})
	}
}

// Hourly digests on the two daylight-saving nights of Berlin's 2026: 23
// runs on the short day (02:00 does not exist) and 24 on the long one
// (02:00 happens twice and runs once, one period).
func TestHourlyAcrossDaylightSaving(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	s, err := digest.ParseSchedule([]string{"hourly"}, "Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		day  time.Time
		runs int
	}{{time.Date(2026, 3, 29, 0, 0, 0, 0, berlin), 23}, {time.Date(2026, 10, 25, 0, 0, 0, 0, berlin), 24}, {time.Date(2026, 6, 1, 0, 0, 0, 0, berlin), 24}} {
		end := tc.day.AddDate(0, 0, 1)
		periods := map[string]bool{}
		n := 0
		for at := s.Next(tc.day.Add(-time.Second)); at.Before(end); at = s.Next(at) {
			if periods[s.Period(at)] {
				t.Fatalf("%v: period %s twice", at, s.Period(at))
			}
			periods[s.Period(at)] = true
			if !s.Prev(at).Equal(at) {
				t.Fatalf("Prev(%v) = %v", at, s.Prev(at))
			}
			n++
		}
		if n != tc.runs {
			t.Errorf("%s: %d hourly runs, want %d", tc.day.Format(time.DateOnly), n, tc.runs)
		}
	}
}

func TestParseCadences(t *testing.T) {
	for in, want := range map[string]string{
		"hourly":                                 "hourly at :00 (UTC)",
		"every 2h quiet 22:00-07:00":             "every 2 hours at :00, quiet 22:00-07:00 (UTC)",
		"every 12h Asia/Seoul":                   "every 12 hours at :00 (Asia/Seoul)",
		"every 1h":                               "hourly at :00 (UTC)",
		"hourly quiet 00:00-06:30 Europe/Berlin": "hourly at :00, quiet 00:00-06:30 (Europe/Berlin)",
	} {
		s, err := digest.ParseSchedule(splitWords(in), "UTC")
		if err != nil || s.String() != want {
			t.Errorf("%q: %v %v, want %s", in, s, err, want)
		}
	}
	for _, bad := range []string{"every 5h", "every 2", "every", "hourly quiet 22:00", "every 2h quiet 00:00-23:59 UTC",
		"hourly UTC extra", "every 24h"} {
		if _, err := digest.ParseSchedule(splitWords(bad), "UTC"); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func splitWords(s string) []string { return strings.Fields(s) }

// An hourly schedule turned off keeps its limit, and comes back as set.
func TestHourlyOffKeepsTheLimit(t *testing.T) {
	c := newChat(t, storagetest.Open(t, storagetest.SQLiteURL(t)), time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), nil)
	c.say(t, "/watch tariffs")
	c.say(t, "/digest every 3h quiet 23:00-06:00 Asia/Seoul")
	if r := c.say(t, "/digest limit 4"); !strings.Contains(r, "at most 4 stories. Next: Tue 1 Dec 2026, 18:00 KST") {
		t.Fatalf("limit: %q", r)
	}
	if r := c.say(t, "/digest off"); !strings.Contains(r, "turned off") {
		t.Fatalf("off: %q", r)
	}
	if r := c.say(t, "/digest"); !strings.Contains(r, "hold at most 4 stories") {
		t.Fatalf("after off: %q", r)
	}
	if r := c.say(t, "/digest hourly"); !strings.Contains(r, "hourly at :00 (Asia/Seoul). Next: Tue 1 Dec 2026, 18:00 KST") {
		t.Fatalf("hourly: %q", r)
	}
	if r := c.say(t, "/digest"); !strings.Contains(r, "at most 4 stories") {
		t.Fatalf("the limit did not come back: %q", r)
	}
}
