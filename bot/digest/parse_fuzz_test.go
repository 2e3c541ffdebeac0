package digest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
)

func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{"daily 09:00 Asia/Seoul", "DAILY 9:05", "weekdays 08:30 Europe/Berlin", "weekly mon 09:00",
		"weekly Sunday 23:59 UTC", "daily 24:00", "daily -1:30", "weekly mo 09:00", "daily 09:00 Local",
		"daily 09:00 ../../etc/passwd", "daily +9:00", "daily 0x9:00", "weekly SATURDAY 0:00 America/New_York"} {
		f.Add(s, "UTC")
	}
	f.Add("daily 10:00", "")
	for _, c := range []string{"hourly", "every 2h quiet 22:00-07:00 Asia/Seoul", "every 12h", "every 5h", "hourly quiet 23:30-06:15",
		"every 2h quiet 00:00-23:59", "every h", "every -2h", "hourly quiet 7:00-7:00 UTC"} {
		f.Add(c, "UTC")
	}
	f.Fuzz(func(t *testing.T, text, zone string) {
		s, err := digest.ParseSchedule(strings.Fields(text), zone)
		if err != nil {
			if briefing.ErrorCode(err) != briefing.EInvalid {
				t.Fatalf("%q: error %v is not EInvalid", text, err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("%q accepted but invalid: %v", text, err)
		}
		again := s.Every + " "
		if s.Every == digest.EveryWeek {
			again += s.Weekday.String() + " "
		}
		if s.Hourly() {
			if s.Every == digest.EveryHours {
				again += fmt.Sprintf("%dh ", s.IntervalHours)
			}
			if q := strings.Index(s.String(), "quiet "); q >= 0 {
				again += s.String()[q:][:17] + " "
			}
			again += s.Zone
		} else {
			again += s.String()[strings.Index(s.String(), " at ")+4:][:5] + " " + s.Zone
		}
		s2, err := digest.ParseSchedule(strings.Fields(again), "UTC")
		if err != nil || s2 != s {
			t.Fatalf("%q -> %+v; as %q -> %+v, %v", text, s, again, s2, err)
		}
	})
}
