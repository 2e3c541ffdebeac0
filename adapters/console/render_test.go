package console

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// An exploratory story is asked about on the line above it; a story is
// not.
func TestExploratoryStoryIsAskedAbout(t *testing.T) {
	r := bot.BriefingReply(briefing.Briefing{Topic: "harbour", Total: 1, Items: []briefing.Item{
		{ID: 31, Title: "Dredgers deepen the berth"},
		{ID: 32, Title: "Tugs idle on the waterfront", Exploratory: true},
	}})
	out := Render(r)
	if strings.Count(out, "Not sure") != 1 {
		t.Fatalf("want one question:\n%s", out)
	}
	if !strings.Contains(out, "? Not sure this is about “harbour” — 👍 if it is, 👎 if not?\n2. Tugs idle on the waterfront") {
		t.Errorf("the question is not above the exploratory story:\n%s", out)
	}
}

// A story selected for a topic ends with the /rate command that judges
// it, naming its article id (a terminal has no 👍/👎 buttons); a story
// outside a topic's section has no such line.
func TestStoryShowsHowToJudgeIt(t *testing.T) {
	r := bot.BriefingReply(briefing.Briefing{Topic: "crude oil", Total: 1, Items: []briefing.Item{
		{ID: 4821, Title: "Refiners cut runs"},
	}})
	r.Sections[0].Topic = "crude oil" // as the router's /brief sets it
	out := Render(r)
	if !strings.Contains(out, "1. Refiners cut runs\n") || !strings.HasSuffix(out, "   Judge: /rate crude oil 4821 up|down") {
		t.Errorf("no /rate line for the story:\n%s", out)
	}
	plain := Render(bot.Reply{Sections: []bot.Section{{Heading: "Stored", Items: []briefing.Item{{ID: 7, Title: "A story"}}}}})
	if strings.Contains(plain, "/rate") {
		t.Errorf("a section without a topic offers /rate:\n%s", plain)
	}
}

// Article text cannot reorder or restyle the terminal: control characters
// (an escape sequence) and bidirectional overrides become spaces.
func TestArticleTextCannotReorderTheTerminal(t *testing.T) {
	r := bot.BriefingReply(briefing.Briefing{Topic: "harbour", Total: 1, Items: []briefing.Item{
		{ID: 1, Title: "Quay \u202eyaP\u202c opens", Summary: []string{"Cranes \x1b[2Jreturn \u2067today\u2069."}},
	}})
	out := Render(r)
	for _, bad := range []string{"\u202e", "\u202c", "\u2067", "\u2069", "\x1b"} {
		if strings.Contains(out, bad) {
			t.Errorf("output keeps %q:\n%q", bad, out)
		}
	}
	if !strings.Contains(out, "Quay  yaP  opens") {
		t.Errorf("title not kept as text:\n%q", out)
	}
}

// On a later page an overview cites the stories by the numbers they are
// shown with there: [6] for the first story of page 2.
func TestOverviewCitesLaterPagesByTheirNumbers(t *testing.T) {
	out := Render(bot.Reply{Sections: []bot.Section{{Heading: "pact", Offset: 5,
		Items:    []briefing.Item{{ID: 1, Title: "Pact ends"}, {ID: 2, Title: "Tokyo protests"}},
		Overview: &bot.Overview{Checked: 2, Sentences: []bot.OverviewSentence{{Text: "Seoul ended it.", Cites: []int{2, 1}}}}}}})
	if !strings.Contains(out, "Overview: Seoul ended it. [7] [6]\n") || !strings.Contains(out, "\n6. Pact ends\n") ||
		!strings.Contains(out, "\n7. Tokyo protests\n") {
		t.Errorf("page 2's overview and stories:\n%s", out)
	}
}
