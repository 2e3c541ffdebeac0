package slack

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// An exploratory story is asked about, above it, and carries the same
// 👍/👎 buttons as a story; a story is not asked about.
func TestExploratoryStoryIsAQuestionWithVoteButtons(t *testing.T) {
	r := bot.BriefingReply(briefing.Briefing{Topic: "harbour *works*", Total: 1, Items: []briefing.Item{
		{ID: 11, Title: "Dredgers deepen the berth", Summary: []string{"The quay reopens in May."}},
		{ID: 12, Title: "Tugs idle on the waterfront", Summary: []string{"Pilots wait for the tide."}, Exploratory: true},
	}})
	r.Sections[0].Topic = "harbour *works*"
	msgs := render(r, renderOptions{})
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	if err := validate(m); err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, b := range m.blocks {
		types = append(types, string(b.BlockType()))
	}
	// header, text, story (section, actions), question (context, section, actions)
	if got, want := strings.Join(types, " "), "header section section actions context section actions"; got != want {
		t.Fatalf("blocks: %s\nwant:   %s", got, want)
	}
	q := m.blocks[4].(*slack.ContextBlock).ContextElements.Elements[0].(*slack.TextBlockObject).Text
	if !strings.HasPrefix(q, "❓ Not sure this is about “harbour ") || !strings.Contains(q, "👍 if it is, 👎 if not?") {
		t.Errorf("question = %q", q)
	}
	if strings.Contains(q, "*works*") {
		t.Errorf("question %q: the topic's mrkdwn must be escaped", q)
	}
	for _, i := range []int{3, 6} {
		a := m.blocks[i].(*slack.ActionBlock)
		if len(a.Elements.ElementSet) != 2 {
			t.Errorf("block %d: %d buttons, want 👍 and 👎", i, len(a.Elements.ElementSet))
		}
	}
	if v := m.blocks[6].(*slack.ActionBlock).Elements.ElementSet[0].(*slack.ButtonBlockElement).Value; !strings.HasPrefix(v, "u 12 ") {
		t.Errorf("the question's 👍 value %q, want it to judge story 12", v)
	}
	if !strings.HasPrefix(r.Text, "1 story, oldest first. 1 question after them") {
		t.Errorf("reply text %q: the question is not counted as a story", r.Text)
	}
}
