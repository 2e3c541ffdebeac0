package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// Bidirectional overrides and isolates in an article (its title, its
// text, its outlet's name) reach neither the briefing page nor the topic
// feed: there, as in chat, they are spaces, so they cannot reorder what
// follows them ("‮gnp.exe" shown as "exe.png").
func TestBidiControlsLeaveNoPageOrFeed(t *testing.T) {
	f := newFixture(t, base, "")
	_, err := f.eng.Ingest(context.Background(), []briefing.Article{{Source: "Lamp \u202eWeekly", GUID: "lw-1",
		URL: "https://lamp.example/keeper", Title: "Lighthouse keeper retires \u202egnp.exe after forty years",
		Published: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
		Text: "The lighthouse keeper on the northern cape retired on Friday \u2067after forty years\u2069 of service. " +
			"The lighthouse will be run remotely from the harbour office."}})
	if err != nil {
		t.Fatal(err)
	}
	page := f.do("GET", strings.TrimPrefix(linkIn(f.say(chX, "/brief lighthouse keeper").Footer, base+"/b/"), base), nil)
	feed := f.do("GET", strings.TrimPrefix(linkIn(f.say(chX, "/watch lighthouse keeper").Text, base+"/feeds/"), base), nil)
	for name, res := range map[string]response{"page": page, "feed": feed} {
		if res.code != 200 || !strings.Contains(res.body, "Lighthouse keeper retires  gnp.exe after forty years") {
			t.Fatalf("%s: %d, lacks the story's title:\n%s", name, res.code, res.body)
		}
		if strings.ContainsAny(res.body, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
			t.Errorf("%s holds a bidirectional control:\n%q", name, res.body)
		}
	}
}
