package discord

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// An exploratory story is asked about at the top of its embed, with the
// topic's markdown and mentions defused, and gets 👍/👎 like a story.
func TestExploratoryStoryIsAQuestionWithVoteButtons(t *testing.T) {
	topic := "harbour @everyone *works*"
	r := bot.BriefingReply(briefing.Briefing{Topic: topic, Total: 1, Items: []briefing.Item{
		{ID: 21, Title: "Dredgers deepen the berth", Summary: []string{"The quay reopens in May."}},
		{ID: 22, Title: "Tugs idle on the waterfront", Summary: []string{"Pilots wait for the tide."}, Exploratory: true},
	}})
	r.Sections[0].Topic = topic
	msgs, err := render(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || len(msgs[0].Embeds) != 3 {
		t.Fatalf("messages %+v", msgs)
	}
	story, q := msgs[0].Embeds[1], msgs[0].Embeds[2]
	if strings.Contains(story.Description, "Not sure") {
		t.Errorf("a story is asked about: %q", story.Description)
	}
	if !strings.HasPrefix(q.Description, "❓ Not sure this is about “harbour") || !strings.HasSuffix(q.Description, "Pilots wait for the tide.") {
		t.Errorf("question embed description %q", q.Description)
	}
	if strings.Contains(q.Description, "@everyone") || strings.Contains(q.Description, "*works*") {
		t.Errorf("question %q: the topic must be defused and escaped", q.Description)
	}
	ids := map[string]bool{}
	for _, row := range buttons(t, msgs[0]) {
		for _, b := range row {
			ids[b.CustomID] = true
		}
	}
	for _, id := range []string{"21", "22"} {
		up, down := false, false
		for c := range ids {
			up = up || strings.Contains(c, "u "+id+" ")
			down = down || strings.Contains(c, "d "+id+" ")
		}
		if !up || !down {
			t.Errorf("story %s: 👍 %v 👎 %v, want both (buttons %v)", id, up, down, ids)
		}
	}
}
