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
