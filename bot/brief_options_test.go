package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

var briefNow = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

// pagingStories are 12 tariff stories of the last two days from two
// outlets, and 2 older ones that "since 2d" leaves out (hand-written).
func pagingStories() []briefing.Article {
	places := []string{"Busan", "Rotterdam", "Santos", "Durban", "Felixstowe", "Valencia", "Mombasa", "Halifax",
		"Gdansk", "Manzanillo", "Chittagong", "Tema", "Piraeus", "Callao"}
	goods := []string{"steel coils", "soybeans", "solar panels", "sneakers", "copper wire", "wine casks", "rice",
		"lumber", "salmon", "avocados", "cotton bales", "cocoa", "olive oil", "fishmeal"}
	var arts []briefing.Article
	for i, place := range places {
		src := "Harbor Wire"
		if i%2 == 1 {
			src = "Ledger Daily"
		}
		pub := briefNow.Add(-time.Duration(i+1) * 3 * time.Hour)
		if i >= 12 {
			pub = briefNow.AddDate(0, 0, -5-i)
		}
		arts = append(arts, briefing.Article{Source: src, URL: fmt.Sprintf("https://news.example/p%d", i), Published: pub,
			Title: fmt.Sprintf("Tariffs hit %s shipments of %s", place, goods[i]),
			Text: fmt.Sprintf("Customs officers in %s counted %d containers of %s held after new tariffs took effect. "+
				"Importers there said the duty of %d percent would raise shelf prices by spring.", place, 40+i*17, goods[i], 5+i*3)})
	}
	return arts
}

func newBriefRouter(t *testing.T) *bot.Router {
	t.Helper()
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{Now: func() time.Time { return briefNow }})
	if _, err := eng.Ingest(context.Background(), pagingStories()); err != nil {
		t.Fatal(err)
	}
	r := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(r, eng, briefingtest.NewMemStore(), bot.CoreConfig{Now: func() time.Time { return briefNow }})
	return r
}

func ask(r *bot.Router, line string) bot.Reply {
	cmd, text, _ := bot.ParseLine(line)
	return r.Handle(context.Background(), bot.Request{ID: line, Channel: briefing.Channel{Platform: "console", ID: "c"},
		User: bot.User{ID: "U1"}, Command: cmd, Text: text})
}

func storyTitles(r bot.Reply) []string {
	var out []string
	for _, s := range r.Sections {
		for _, it := range s.Items {
			out = append(out, it.Title)
		}
	}
	return out
}

// Acceptance 4 (commands): "/brief tariffs limit 10 since 2d" and the
// next-page command its footer names page through the 12 recent stories
// without repeats, and never search for the words "limit" or "10".
func TestBriefPagesWithoutRepeats(t *testing.T) {
	r := newBriefRouter(t)
	for _, first := range []string{"/brief tariffs limit 10 since 2d", "/brief tariffs limit 5 since 2d", "/brief tariffs since 2d limit 4"} {
		line, seen := first, map[string]bool{}
		for pages := 0; line != ""; pages++ {
			if pages > 5 {
				t.Fatalf("%s: more pages than stories", first)
			}
			rep := ask(r, line)
			if rep.Error || rep.Briefing == nil || rep.Briefing.Topic != "tariffs" {
				t.Fatalf("%s: %+v", line, rep)
			}
			for _, title := range storyTitles(rep) {
				if seen[title] {
					t.Fatalf("%s: %q repeats an earlier page", line, title)
				}
				seen[title] = true
				if strings.Contains(title, "Piraeus") || strings.Contains(title, "Callao") {
					t.Fatalf("%s: %q is older than 2 days", line, title)
				}
			}
			_, line, _ = strings.Cut(rep.Footer, "Next page: ")
		}
		if len(seen) != 12 {
			t.Fatalf("%s: paged through %d stories, want 12", first, len(seen))
		}
	}
}

func TestBriefFromSourceAndDates(t *testing.T) {
	r := newBriefRouter(t)
	rep := ask(r, "/brief tariffs from ledger limit 50")
	titles := storyTitles(rep)
	if len(titles) != 7 || rep.Briefing.Total != 7 {
		t.Fatalf("from ledger: %d stories (total %d): %v", len(titles), rep.Briefing.Total, titles)
	}
	for _, it := range rep.Sections[0].Items {
		if it.Source != "Ledger Daily" {
			t.Fatalf("from ledger: %q is from %s", it.Title, it.Source)
		}
	}
	if got := storyTitles(ask(r, "/brief tariffs since 2026-12-07 limit 50")); len(got) != 4 {
		t.Fatalf("since 2026-12-07: %d stories, want the 4 published on or after it", len(got))
	}
	// Options are read from the end only when their value parses.
	if rep := ask(r, "/brief tariffs limit"); rep.Error || rep.Briefing.Topic != "tariffs limit" {
		t.Fatalf("a trailing word is topic: %+v", rep)
	}
	for line, want := range map[string]string{
		"/brief tariffs limit 500":       "limit is 1 to 50",
		"/brief tariffs since 5x":        "give an age such as 12h",
		"/brief tariffs limit 3 limit 4": "given twice",
		"/brief limit 3":                 "say what to brief on",
		"/brief tariffs page 0":          "numbered from 1",
	} {
		if rep := ask(r, line); !rep.Error || !strings.Contains(rep.Text, want) {
			t.Errorf("%s: %+v, want an error saying %q", line, rep, want)
		}
	}
	if help := ask(r, "/help"); !strings.Contains(help.Text, "[limit N] [since 2d|2026-11-01] [from SOURCE] [page N]") {
		t.Fatalf("/help does not document the options: %s", help.Text)
	}
	if got := storyTitles(ask(r, "/brief tariffs limit 50 since 2d page 2")); len(got) != 0 {
		t.Fatalf("page past the end: %v", got)
	}
}

// Issue 17: a topic that spends the engine's per-request budget gets a
// clear "too complex, try fewer words" reply, not a partial briefing.
func TestBriefOverBudgetSaysTopicTooComplex(t *testing.T) {
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{Now: func() time.Time { return briefNow },
		QueryBudget: time.Nanosecond})
	if _, err := eng.Ingest(context.Background(), pagingStories()); err != nil {
		t.Fatal(err)
	}
	r := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(r, eng, briefingtest.NewMemStore(), bot.CoreConfig{Now: func() time.Time { return briefNow }})
	rep := ask(r, "/brief tariffs OR customs")
	if !rep.Error || rep.Briefing != nil || len(storyTitles(rep)) > 0 || !strings.Contains(rep.Text, "too complex") ||
		!strings.Contains(rep.Text, "fewer words") {
		t.Errorf("over budget: %+v", rep)
	}
}

// A /brief whose "since" or "from" leaves nothing says so, with how many
// articles match without the limit: "No stories match “tariffs” yet. Try
// fewer or broader words" sent users to rephrase a topic that matches.
func TestBriefNamesTheLimitThatLeftNothing(t *testing.T) {
	r := newBriefRouter(t)
	for line, want := range map[string]string{
		"/brief tariffs since 1h":     "No stories on “tariffs” since 7 Dec 2026, 11:00 UTC; 14 stored articles match it at any date (/brief tariffs).",
		"/brief tariffs from reuters": "No stories on “tariffs” from “reuters”; 14 stored articles match it from any source (/brief tariffs).",
		"/brief tariffs since 2026-12-08 from ledger": "No stories on “tariffs” since 8 Dec 2026 from “ledger”; " +
			"14 stored articles match it without those limits (/brief tariffs).",
	} {
		rep := ask(r, line)
		if rep.Error || len(storyTitles(rep)) != 0 || rep.Text != want {
			t.Errorf("%s: %q, want %q", line, rep.Text, want)
		}
	}
	// A topic that matches nothing at all keeps the usual answer.
	if rep := ask(r, "/brief zeppelin since 1h"); !strings.HasPrefix(rep.Text, "No stories match “zeppelin” yet.") {
		t.Errorf("zeppelin since 1h: %q", rep.Text)
	}
}

// Errors quote what the user typed as they typed it, in the replies' own
// quotation marks, not as a Go string literal ("\"\"").
func TestErrorsQuoteInputAsTyped(t *testing.T) {
	r := newBriefRouter(t)
	for line, want := range map[string]string{
		`/brief ""`:  "“\"\"” has no words to search for",
		"/brief the": "“the” has no words to search for: very common words",
	} {
		if rep := ask(r, line); !rep.Error || !strings.HasPrefix(rep.Text, want) || strings.Contains(rep.Text, `\"`) {
			t.Errorf("%s: %q, want it to start %q", line, rep.Text, want)
		}
	}
}

// A page past the deepest a briefing reaches, of a topic with a few
// stories, says there are no more, as any page past the end does, not
// "narrow it with since or from, or more words".
func TestBriefFarPageOfASmallTopic(t *testing.T) {
	r := newBriefRouter(t)
	rep := ask(r, "/brief tariffs page 99")
	if rep.Error || rep.Text != "No more stories: “tariffs” has 14 stories." || rep.Title != "Briefing: tariffs (page 99)" {
		t.Errorf("page 99: %+v", rep)
	}
	if rep := ask(r, "/brief tariffs limit 50 page 5"); rep.Error || !strings.HasPrefix(rep.Text, "No more stories") {
		t.Errorf("limit 50 page 5: %+v", rep)
	}
	if rep := ask(r, "/brief zeppelin page 99"); rep.Error || !strings.HasPrefix(rep.Text, "No stories match “zeppelin”") {
		t.Errorf("page 99 of nothing: %+v", rep)
	}
}

// "since today", "since yesterday" and "since monday" start at midnight in
// the zone of the clock they are read with (the channel's, for /brief),
// and a word that is not one stays part of the topic.
func TestParseSinceDayWords(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 9, 8, 30, 0, 0, seoul) // a Wednesday, 23:30 UTC the day before
	for v, want := range map[string]time.Time{
		"today":     time.Date(2026, 12, 9, 0, 0, 0, 0, seoul),
		"Yesterday": time.Date(2026, 12, 8, 0, 0, 0, 0, seoul),
		"wednesday": time.Date(2026, 12, 9, 0, 0, 0, 0, seoul),
		"mon":       time.Date(2026, 12, 7, 0, 0, 0, 0, seoul),
		"Thursday":  time.Date(2026, 12, 3, 0, 0, 0, 0, seoul),
	} {
		got, err := bot.ParseSince(v, now)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("since %s: %v %v, want %v (UTC)", v, got, err, want.UTC())
		}
	}
	if _, err := bot.ParseSince("tomorrow", now); err == nil || !strings.Contains(err.Error(), "today, yesterday or a weekday") {
		t.Errorf("since tomorrow: %v, want the error naming the day words", err)
	}
}

// "/brief … since today" is the channel's today: with a channel in
// Asia/Seoul (CoreConfig.Zone) it reaches back to 00:00 KST, 15:00 UTC the
// day before, and the stories' times are shown in KST.
func TestBriefSinceTodayInTheChannelsZone(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{Now: func() time.Time { return briefNow }})
	if _, err := eng.Ingest(context.Background(), pagingStories()); err != nil {
		t.Fatal(err)
	}
	for zone, want := range map[*time.Location]int{nil: 4, seoul: 7} {
		r := bot.NewRouter(bot.RouterConfig{})
		bot.RegisterCore(r, eng, briefingtest.NewMemStore(), bot.CoreConfig{Now: func() time.Time { return briefNow },
			Zone: func(context.Context, briefing.Channel) (*time.Location, error) { return zone, nil }})
		rep := ask(r, "/brief tariffs since today limit 50")
		if got := storyTitles(rep); len(got) != want {
			t.Errorf("zone %v: since today gave %d stories, want %d", zone, len(got), want)
		}
		if zone == seoul && !strings.HasSuffix(rep.Sections[0].Items[0].When, "KST") {
			t.Errorf("zone %v: a story's time %q, want it in KST", zone, rep.Sections[0].Items[0].When)
		}
	}
}
