package ingest_test

import (
	"testing"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// A date a source gives without a time of day is marked DayOnly; a time
// that falls on 00:00 UTC (09:00 KST, "T00:00:00Z") is not, in feeds,
// prose dates and pages (meta or JSON-LD).
func TestDayOnlyDatesAreToldFromMidnightTimes(t *testing.T) {
	item := func(date string) string {
		return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://t.example/</link>` +
			`<item><guid>1</guid><title>Quay reopens</title><pubDate>` + date + `</pubDate>` +
			`<description>The quay reopened to ferries after repairs.</description></item></channel></rss>`
	}
	page := func(head, body string) string {
		return `<!doctype html><html><head><title>Quay reopens</title>` + head + `</head><body><article><h1>Quay reopens</h1>` +
			`<p>The harbour quay reopened to ferries on the morning tide after three weeks of repairs to its pilings and fenders.</p>` +
			`<p>Harbour staff said the ferry timetable returns to normal from the next sailing, with extra boats at the weekend.</p>` +
			body + `</article></body></html>`
	}
	meta := func(v string) string { return `<meta property="article:published_time" content="` + v + `">` }
	ld := func(v string) string {
		return `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Quay reopens","datePublished":"` + v + `"}</script>`
	}
	for _, tc := range []struct {
		name, data string
		day        bool
	}{
		{"rss KST 09:00", item("Wed, 02 Dec 2026 09:00:00 KST"), false},
		{"rss +0000 00:00", item("Wed, 02 Dec 2026 00:00:00 +0000"), false},
		{"rss date only", item("Wed, 2 Dec 2026"), true},
		{"rss ISO date", item("2026-12-02"), true},
		{"rss prose date", item("Wednesday, 2 December 2026"), true},
		{"rss prose date and time", item("Wednesday, 2 December 2026 00:00 GMT"), false},
		{"page meta date", page(meta("2026-12-02"), ""), true},
		{"page meta time", page(meta("2026-12-02T00:00:00Z"), ""), false},
		{"page JSON-LD date", page(ld("2026-12-02"), ""), true},
		{"page JSON-LD time", page("", ld("2026-12-02T09:00:00+09:00")), false},
	} {
		arts, _, err := ingest.Parse(ingest.Input{Name: "https://t.example/" + tc.name, Data: []byte(tc.data)}, ingest.Options{})
		if err != nil || len(arts) != 1 {
			t.Errorf("%s: %d articles, %v", tc.name, len(arts), err)
			continue
		}
		a := arts[0]
		if a.Published.IsZero() || a.Published.UTC().Hour() != 0 || a.Published.UTC().Day() != 2 || a.DayOnly != tc.day {
			t.Errorf("%s: published %v, day only %v; want 2 Dec 00:00 UTC, day only %v", tc.name, a.Published, a.DayOnly, tc.day)
		}
	}
}
