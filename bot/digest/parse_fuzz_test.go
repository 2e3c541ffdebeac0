package digest_test

import (
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
		again += s.String()[strings.Index(s.String(), " at ")+4:][:5] + " " + s.Zone
		s2, err := digest.ParseSchedule(strings.Fields(again), "UTC")
		if err != nil || s2 != s {
			t.Fatalf("%q -> %+v; as %q -> %+v, %v", text, s, again, s2, err)
		}
	})
}
