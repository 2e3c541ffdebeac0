package ingest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// Feeds from Asia and Australia write their zone as an abbreviation the
// feed library does not know ("09:00:00 KST"); Go's time.Parse then gives
// it a zero offset, so a Seoul story showed nine hours late. The common
// unambiguous ones are read with their offset; the ones the library
// already knew keep theirs.
func TestFeedDatesWithZoneAbbreviations(t *testing.T) {
	cases := map[string]time.Time{
		"Thu, 05 Nov 2026 09:00:00 KST":   time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 JST":   time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 AEDT":  time.Date(2026, 11, 4, 22, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 AEST":  time.Date(2026, 11, 4, 23, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 HKT":   time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 SGT":   time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 NZDT":  time.Date(2026, 11, 4, 20, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 ACST":  time.Date(2026, 11, 4, 23, 30, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 MSK":   time.Date(2026, 11, 5, 6, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 HST":   time.Date(2026, 11, 5, 19, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 EST":   time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 CEST":  time.Date(2026, 11, 5, 7, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 GMT":   time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 UT":    time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC),
		"Thu, 05 Nov 2026 09:00:00 +0900": time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC),
	}
	var items strings.Builder
	var order []string
	for date := range cases {
		fmt.Fprintf(&items, "<item><title>Story %d</title><guid>%d</guid><pubDate>%s</pubDate><description>x</description></item>",
			len(order), len(order), date)
		order = append(order, date)
	}
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Zones</title>` + items.String() + `</channel></rss>`
	arts, _, err := ingest.Parse(ingest.Input{Name: "zones.xml", Data: []byte(feed)}, ingest.Options{})
	if err != nil || len(arts) != len(order) {
		t.Fatalf("parse: %v, %d articles", err, len(arts))
	}
	for i, a := range arts {
		assertTime(t, order[i], a.Published, cases[order[i]])
	}
}

// Dates the feed library cannot read at all but a person can ("Friday, 6
// November 2026") were dropped, leaving the story undated at the end of
// every timeline. They are read as a day, with the time of day when one
// follows in a known zone.
func TestFeedDatesInProse(t *testing.T) {
	cases := []struct {
		raw  string
		want time.Time
	}{
		{"Friday, 6 November 2026", time.Date(2026, 11, 6, 0, 0, 0, 0, time.UTC)},
		{"November 6, 2026", time.Date(2026, 11, 6, 0, 0, 0, 0, time.UTC)},
		{"6 November 2026 10:00 GMT", time.Date(2026, 11, 6, 10, 0, 0, 0, time.UTC)},
		{"6 November 2026 19:30 KST", time.Date(2026, 11, 6, 10, 30, 0, 0, time.UTC)},
		{"6 November 2026 10:00:30 +0100", time.Date(2026, 11, 6, 9, 0, 30, 0, time.UTC)},
		{"6 November 2026 sometime", time.Date(2026, 11, 6, 0, 0, 0, 0, time.UTC)},
		{"not a date at all", time.Time{}},
	}
	var items strings.Builder
	for i, c := range cases {
		fmt.Fprintf(&items, "<item><title>Story %d</title><guid>%d</guid><pubDate>%s</pubDate><description>x</description></item>", i, i, c.raw)
	}
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Prose</title>` + items.String() + `</channel></rss>`
	arts, _, err := ingest.Parse(ingest.Input{Name: "prose.xml", Data: []byte(feed)}, ingest.Options{})
	if err != nil || len(arts) != len(cases) {
		t.Fatalf("parse: %v, %d articles", err, len(arts))
	}
	for i, a := range arts {
		if !a.Published.Equal(cases[i].want) {
			t.Errorf("%q = %v, want %v", cases[i].raw, a.Published, cases[i].want)
		}
	}
}
