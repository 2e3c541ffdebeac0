package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

func TestParseSchedule(t *testing.T) {
	ok := []struct {
		in   string
		want string
		spec string
	}{
		{"daily 09:00 Asia/Seoul", "daily at 09:00 (Asia/Seoul)", "CRON_TZ=Asia/Seoul 0 9 * * *"},
		{"DAILY 9:05", "daily at 09:05 (Europe/Berlin)", "CRON_TZ=Europe/Berlin 5 9 * * *"},
		{"weekdays 08:30 Europe/Berlin", "weekdays at 08:30 (Europe/Berlin)", "CRON_TZ=Europe/Berlin 30 8 * * 1-5"},
		{"weekly mon 09:00", "weekly on Mondays at 09:00 (Europe/Berlin)", "CRON_TZ=Europe/Berlin 0 9 * * 1"},
		{"weekly Sunday 23:59 UTC", "weekly on Sundays at 23:59 (UTC)", "CRON_TZ=UTC 59 23 * * 0"},
		{"weekly sat 00:00 America/New_York", "weekly on Saturdays at 00:00 (America/New_York)", "CRON_TZ=America/New_York 0 0 * * 6"},
	}
	for _, tt := range ok {
		s, err := ParseSchedule(strings.Fields(tt.in), "Europe/Berlin")
		if err != nil || s.String() != tt.want || cronSpec(s) != tt.spec {
			t.Errorf("%q: %q %q %v; want %q %q", tt.in, s.String(), cronSpec(s), err, tt.want, tt.spec)
		}
	}
	bad := map[string]string{
		"daily":                     "give a time",
		"daily 25:00":               "not a time of day",
		"daily 9":                   "not a time of day",
		"daily 09:5":                "not a time of day",
		"daily 9am":                 "not a time of day",
		"daily +8:00":               "not a time of day",
		"daily 08:+0":               "not a time of day",
		"daily -0:00":               "not a time of day",
		"hourly quiet 22:00-+7:00":  "quiet hours",
		"every +2h":                 "not an interval",
		"daily 09:00 Mars/Olympus":  "unknown time zone “Mars/Olympus”",
		"daily 09:00 Local":         "IANA name",
		"weekly 09:00":              "not a day of the week",
		"weekly":                    "needs a day",
		"weekly mo 09:00":           "not a day of the week",
		"daily 09:00 UTC and more":  "give a time",
		"weekdays 08:30 Europe/Ber": "unknown time zone",
	}
	for in, want := range bad {
		_, err := ParseSchedule(strings.Fields(in), "UTC")
		if briefing.ErrorCode(err) != briefing.EInvalid || !strings.Contains(briefing.ErrorMessage(err), want) {
			t.Errorf("%q: %v; want an EInvalid saying %q", in, err, want)
		}
	}
}

func TestDigestReplyCountsWhatIsNotShown(t *testing.T) {
	dg := briefing.Digest{Total: 5, MoreTopics: []string{"oil"}, Sections: []briefing.DigestSection{
		{Topic: "gsomia", Items: []briefing.Item{{Title: "A"}}},
		{Topic: "oil", Items: []briefing.Item{{Title: "B"}}, More: 3},
	}}
	r := ReplyFor(dg, false)
	if r.Title != "Digest: gsomia, oil" || len(r.Sections) != 2 || r.Sections[1].Heading != "oil" {
		t.Fatalf("reply = %+v", r)
	}
	if r.Text != "2 new stories since the last digest, most relevant kept, oldest first." ||
		r.Footer != "3 more stories not shown. See them now: /brief oil." {
		t.Fatalf("text %q footer %q", r.Text, r.Footer)
	}
	if first := ReplyFor(dg, true); first.Text != "First digest in this channel: 2 stories, most relevant kept, oldest first." ||
		first.Footer != r.Footer {
		t.Fatalf("first digest: text %q footer %q", first.Text, first.Footer)
	}
	dg.Carrying, dg.Dropped = 2, 1
	dg.Sections[1].Items = append(dg.Sections[1].Items, briefing.Item{ID: 7, Title: "C"})
	dg.Sections[1].Carried = []int64{7}
	r = ReplyFor(dg, false)
	if len(r.Sections) != 3 || r.Sections[2].Heading != "oil (carried over)" || r.Sections[2].Items[0].Title != "C" ||
		r.Text != "2 new stories since the last digest and 1 story carried over from it, most relevant kept, oldest first." ||
		r.Footer != "2 more stories past this digest's limit carried over to the next one. "+
			"1 story carried over before did not fit again and will not be sent. See them now: /brief oil." {
		t.Fatalf("carried: sections %+v text %q footer %q", r.Sections, r.Text, r.Footer)
	}
	if r.Private || r.Error {
		t.Fatal("a digest is for the whole channel")
	}
}

func TestLedgerNote(t *testing.T) {
	recent := []Delivery{
		{Period: "now:2026-12-01T00:30:00Z|7", Status: DeliverySent, Stories: 1},
		{Period: "2026-11-30", Status: DeliveryUnknown},
	}
	got := ledgerNote(recent, "Asia/Seoul")
	for _, want := range []string{"Last digest: /digest now at 2026-12-01 09:30 KST, sent (1 story).",
		"1 digest's delivery stopped while sending", "/digest retry"} {
		if !strings.Contains(got, want) {
			t.Errorf("note lacks %q:\n%s", want, got)
		}
	}
	if ledgerNote(nil, "UTC") != "" {
		t.Error("a channel without deliveries gets a note")
	}
}

func TestOccurrenceToleratesEarlyTimers(t *testing.T) {
	s := Schedule{Every: EveryDay, Hour: 9, Zone: "UTC"}
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, fired := range []time.Time{at.Add(-time.Second), at, at.Add(5 * time.Minute)} {
		if got := occurrence(s, fired); !got.Equal(at) {
			t.Errorf("fired at %v: occurrence %v, want %v", fired, got, at)
		}
	}
}

// A zone typed as an abbreviation is refused with the IANA name to use:
// "KST" is no zone name, and "EST" or "MST" name a fixed offset, so a
// New York digest set with EST would run at 10:00 EDT all summer. A zone
// typed in the wrong case is taken under its real name.
func TestParseScheduleZones(t *testing.T) {
	refused := map[string]string{
		"daily 08:00 KST":             "Asia/Seoul",
		"daily 08:00 pst":             "America/Los_Angeles",
		"daily 08:00 EST":             "America/New_York",
		"weekly mon 9:00 MST":         "America/Denver",
		"hourly HST":                  "Pacific/Honolulu",
		"live quiet 22:00-07:00 CEST": "Europe/Berlin",
	}
	for in, want := range refused {
		_, err := ParseSchedule(strings.Fields(in), "UTC")
		if briefing.ErrorCode(err) != briefing.EInvalid || !strings.Contains(briefing.ErrorMessage(err), want) {
			t.Errorf("%q: %v; want an EInvalid naming %s", in, err, want)
		}
	}
	for in, want := range map[string]string{
		"daily 08:00 asia/seoul":       "Asia/Seoul",
		"daily 08:00 AMERICA/NEW_YORK": "America/New_York",
		"daily 08:00 utc":              "UTC",
		"every 2h europe/berlin":       "Europe/Berlin",
		"daily 08:00 Etc/GMT+9":        "Etc/GMT+9",
	} {
		s, err := ParseSchedule(strings.Fields(in), "UTC")
		if err != nil || s.Zone != want {
			t.Errorf("%q: zone %q, %v; want %s", in, s.Zone, err, want)
		}
	}
}
