package briefing_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

func TestFormatWhen(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 5, 5, 0, 0, time.UTC)
	midnight := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		t    time.Time
		day  bool
		loc  *time.Location
		want string
	}{
		{at, false, seoul, "2 Dec 2026, 14:05 KST"},
		{at, false, nil, "2 Dec 2026, 05:05 UTC"},
		{midnight, true, seoul, "4 Dec 2026"},               // a day, no time of day
		{midnight, false, seoul, "4 Dec 2026, 09:00 KST"},   // a time that is 00:00 UTC
		{midnight, false, nil, "4 Dec 2026, 00:00 UTC"},     // the same, shown in UTC
		{midnight.Add(-time.Hour), true, nil, "3 Dec 2026"}, // never a time of day when the day is all there is
		{time.Time{}, false, seoul, "undated"},
	} {
		if got := briefing.FormatWhen(tc.t, tc.day, tc.loc); got != tc.want {
			t.Errorf("FormatWhen(%v, %v, %v) = %q, want %q", tc.t, tc.day, tc.loc, got, tc.want)
		}
	}
}

// Briefings show times in the engine's zone, place an undated story by
// when it was stored, and write an unknown time as null in JSON.
func TestBriefingTimesAndUndatedStories(t *testing.T) {
	ctx := context.Background()
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	clock := day
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{Location: seoul, Now: func() time.Time { return clock }})
	ingest := func(a briefing.Article, stored time.Time) {
		t.Helper()
		clock = stored
		if _, err := eng.Ingest(ctx, []briefing.Article{a}); err != nil {
			t.Fatal(err)
		}
	}
	ingest(briefing.Article{Source: "a", GUID: "1", Title: "Lighthouse keeper's cottage restored",
		Text:      "Volunteers finished restoring the lighthouse keeper's cottage on the headland on Monday.",
		Published: day.Add(9*time.Hour + 30*time.Minute)}, day.Add(10*time.Hour))
	ingest(briefing.Article{Source: "b", GUID: "2", Title: "Lighthouse lamp relit after a century",
		Text: "The old lighthouse lamp was lit again on Tuesday evening for the first time in a hundred years."}, day.Add(34*time.Hour))
	ingest(briefing.Article{Source: "a", GUID: "3", Title: "Lighthouse museum opens its doors",
		Text:      "A small museum about the lighthouse and its keepers opened in the cottage on Friday.",
		Published: day.Add(4*24*time.Hour + 8*time.Hour)}, day.Add(4*24*time.Hour+9*time.Hour))
	b, err := eng.Brief(ctx, "lighthouse", briefing.BriefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var order, when []string
	for _, it := range b.Items {
		order = append(order, it.Title)
		when = append(when, it.When)
	}
	if len(b.Items) != 3 || !strings.Contains(order[1], "relit") {
		t.Fatalf("the undated story belongs between the stories stored before and after it: %q", order)
	}
	if when[0] != "2 Mar 2026, 18:30 KST" || when[1] != "undated" {
		t.Errorf("times shown: %q", when)
	}
	js, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Articles []struct {
			Published *string `json:"published"`
			Sources   []struct {
				Published *string `json:"published"`
			} `json:"sources"`
		} `json:"articles"`
	}
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if back.Articles[1].Published != nil || back.Articles[1].Sources[0].Published != nil {
		t.Errorf("unknown time not null: %s", js)
	}
	if back.Articles[0].Published == nil || *back.Articles[0].Published != "2026-03-02T09:30:00Z" {
		t.Errorf("known time: %s", js)
	}
	var again briefing.Briefing
	if err := json.Unmarshal(js, &again); err != nil || !again.Items[1].Published.IsZero() || again.Items[0].Published.IsZero() {
		t.Errorf("JSON does not read back: %v %+v", err, again.Items)
	}
}

func TestCleanReadsDatelines(t *testing.T) {
	for _, tc := range []struct {
		text, want, rest string
	}{
		{"Mexico City, 4 December 2026 — The central bank held rates.", "2026-12-04", "The central bank held rates."},
		{"GENEVA, Dec. 4, 2026 -- Talks resumed on Friday.", "2026-12-04", "Talks resumed on Friday."},
		{"Port Elna, 30 Sept 2026: Ferries sailed again.", "2026-09-30", "Ferries sailed again."},
		{"Lisbon, 31 February 2026 — Not a day.", "", ""},
		{"Smith, 4 December 2026 — the rest in lower case", "", ""},
		{"The vote on 4 December 2026 — was close.", "", ""},
	} {
		a := briefing.Clean(briefing.Article{Text: tc.text})
		got := ""
		if !a.Published.IsZero() {
			got = a.Published.Format("2006-01-02")
		}
		if got != tc.want || a.DayOnly != (tc.want != "") {
			t.Errorf("%q: date %q (day only %v), want %q", tc.text, got, a.DayOnly, tc.want)
		}
		if tc.rest != "" && a.Text != tc.rest {
			t.Errorf("%q: text %q, want %q", tc.text, a.Text, tc.rest)
		}
		if tc.rest == "" && a.Text != tc.text {
			t.Errorf("%q: text changed to %q", tc.text, a.Text)
		}
	}
	// A feed's date wins over the text's dateline.
	pub := time.Date(2026, 12, 5, 7, 0, 0, 0, time.UTC)
	if a := briefing.Clean(briefing.Article{Text: "Mexico City, 4 December 2026 — Rates held.", Published: pub}); !a.Published.Equal(pub) {
		t.Errorf("feed date replaced: %v", a.Published)
	}
}

func TestBriefingShowsTheFeedTitle(t *testing.T) {
	ctx := context.Background()
	titles := map[string]string{"https://wire.example/world.rss": "Global Wire — World News"}
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{SourceTitle: func(_ context.Context, src string) (string, string) {
		return titles[src], ""
	}})
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	arts := []briefing.Article{
		{Source: "https://wire.example/world.rss", GUID: "1", URL: "https://wire.example/a", Title: "Glacier retreat measured by satellite",
			Text: "Satellite images show the Morteratsch glacier retreated 40 metres last year, researchers said.", Published: day},
		{Source: "https://www.harbour-post.example/feed", GUID: "2", URL: "https://harbour-post.example/b", Title: "Morteratsch glacier lost 40 metres in a year",
			Text: "Researchers using satellite images found the Morteratsch glacier shrank by 40 metres over the past year.", Published: day.Add(time.Hour)},
	}
	if _, err := eng.Ingest(ctx, arts); err != nil {
		t.Fatal(err)
	}
	b, err := eng.Brief(ctx, "glacier", briefing.BriefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 1 {
		t.Fatalf("two outlets' reports of one event: want 1 story, got %d", len(b.Items))
	}
	it := b.Items[0]
	names := map[string]bool{}
	for _, s := range it.Sources {
		names[s.SourceName] = true
	}
	if !names["Global Wire — World News"] || !names["harbour-post.example"] || it.Outlets != 2 || len(it.OutletRefs()) != 2 {
		t.Errorf("sources: %+v (outlets %d)", it.Sources, it.Outlets)
	}
}

func TestSourceNameFallsBackToTheHost(t *testing.T) {
	ctx := context.Background()
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	for _, src := range []string{"https://www.Example.com:8443/feed.xml?x=1", "http://user@news.example.org/rss", "sample-news.html"} {
		if _, err := eng.Ingest(ctx, []briefing.Article{{Source: src, GUID: src, Title: "Orchard harvest starts early",
			Text: "The apple harvest in the valley orchards started two weeks early this year, growers said."}}); err != nil {
			t.Fatal(err)
		}
	}
	b, err := eng.Brief(ctx, "orchard harvest", briefing.BriefOptions{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, it := range b.Items {
		for _, s := range it.Sources {
			got[s.SourceName] = true
		}
	}
	for _, want := range []string{"example.com", "news.example.org", "sample-news.html"} {
		if !got[want] {
			t.Errorf("source name %q missing: %v", want, got)
		}
	}
}

// A corrected story says when, in the zone its times are shown in: the
// time alone on its publication day there, else the day too.
func TestFormatItemWhenUpdated(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	pub := time.Date(2026, 12, 2, 5, 5, 0, 0, time.UTC) // 14:05 KST
	for _, tc := range []struct {
		it   briefing.Item
		loc  *time.Location
		want string
	}{
		{briefing.Item{Published: pub}, seoul, "2 Dec 2026, 14:05 KST"},
		{briefing.Item{Published: pub, Updated: pub.Add(75 * time.Minute)}, seoul, "2 Dec 2026, 14:05 KST, updated 15:20"},
		// 16:00 UTC is the next day in Seoul
		{briefing.Item{Published: pub, Updated: time.Date(2026, 12, 2, 16, 0, 0, 0, time.UTC)}, seoul, "2 Dec 2026, 14:05 KST, updated 3 Dec, 01:00 KST"},
		{briefing.Item{Published: pub, Updated: time.Date(2026, 12, 2, 16, 0, 0, 0, time.UTC)}, nil, "2 Dec 2026, 05:05 UTC, updated 16:00"},
		{briefing.Item{Published: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC), DayOnly: true, Updated: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}, seoul,
			"4 Dec 2026, updated 4 Dec, 18:00 KST"},
		// 00:00 UTC given as a time is a time (09:00 KST), updated that day
		{briefing.Item{Published: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC), Updated: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}, seoul,
			"4 Dec 2026, 09:00 KST, updated 18:00"},
		{briefing.Item{Updated: pub}, seoul, "undated, updated 2 Dec, 14:05 KST"},
	} {
		if got := briefing.FormatItemWhen(tc.it, tc.loc); got != tc.want {
			t.Errorf("FormatItemWhen(%v, %v) = %q, want %q", tc.it.Updated, tc.loc, got, tc.want)
		}
	}
}
