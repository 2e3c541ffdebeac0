package discord

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

func voteItems(n, from int) []briefing.Item {
	items := make([]briefing.Item, n)
	for i := range items {
		i := i + from
		items[i-from] = briefing.Item{ID: int64(100 + i), Title: fmt.Sprintf("Tariffs story %d", i+1),
			URL: fmt.Sprintf("https://news.example/v%d", i), Summary: []string{"Customs held the cargo after the tariffs."}}
	}
	return items
}

// buttons returns a message's buttons, row by row.
func buttons(t *testing.T, m message) [][]discordgo.Button {
	t.Helper()
	var out [][]discordgo.Button
	for _, c := range m.Components {
		var row []discordgo.Button
		for _, b := range c.(discordgo.ActionsRow).Components {
			row = append(row, b.(discordgo.Button))
		}
		out = append(out, row)
	}
	return out
}

// Every story of a section with a topic gets 👍 and 👎, whatever the
// reply's size: a /brief of 50 stories (5 messages of at most 10), with
// "Show more" on the last, and a digest of several topics, whose labels
// name the topic. No message has more than 5 rows of 5, every custom_id
// is within 100 characters (a long topic travels as a reference) and
// names its message's own stories.
func TestVoteButtonsOnEveryStoryWithinLimits(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("tariffs on steel ", 11))
	for name, r := range map[string]bot.Reply{
		"brief of 50": {Title: "Briefing: tariffs", Text: "50 stories.", Footer: "More on page 2.", More: "brief tariffs limit 50 page 2",
			Sections: []bot.Section{{Heading: "tariffs", Topic: "tariffs", Items: voteItems(50, 0)}}},
		"digest": {Title: "Digest", Sections: []bot.Section{{Heading: "tariffs", Topic: "tariffs", Items: voteItems(7, 0)},
			{Heading: long, Topic: long, Items: voteItems(6, 7)}}},
	} {
		msgs, err := render(r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		votes := 0
		for i, m := range msgs {
			rows := buttons(t, m)
			if len(rows) > maxRows {
				t.Errorf("%s: message %d has %d rows", name, i+1, len(rows))
			}
			stories := map[int64]bool{}
			for _, e := range m.Embeds {
				if e.URL != "" {
					var n int
					fmt.Sscanf(e.URL, "https://news.example/v%d", &n)
					stories[int64(100+n)] = true
				}
			}
			onMessage := 0
			for _, row := range rows {
				for _, b := range row {
					if b.Label == "Show more" {
						if i != len(msgs)-1 {
							t.Errorf("%s: Show more on message %d of %d", name, i+1, len(msgs))
						}
						continue
					}
					value, ok := strings.CutPrefix(b.CustomID, voteIDPrefix)
					req, err := bot.VoteRequest(value)
					if !ok || err != nil || len(b.CustomID) > maxCustomID {
						t.Fatalf("%s: button %q %q: %v", name, b.Label, b.CustomID, err)
					}
					f := strings.Fields(req.Text)
					var id int64
					fmt.Sscan(f[len(f)-2], &id)
					if !stories[id] {
						t.Errorf("%s: message %d has a button for story %d it does not show", name, i+1, id)
					}
					if name == "digest" && !strings.Contains(b.Label, "·") {
						t.Errorf("%s: label %q does not name the topic", name, b.Label)
					}
					onMessage++
				}
			}
			if onMessage != 2*len(stories) {
				t.Errorf("%s: message %d has %d vote buttons for %d stories", name, i+1, onMessage, len(stories))
			}
			votes += onMessage
		}
		stories := 0
		for _, s := range r.Sections {
			stories += len(s.Items)
		}
		if votes != 2*stories {
			t.Errorf("%s: %d vote buttons for %d stories", name, votes, stories)
		}
		if r.More != "" && !strings.Contains(fmt.Sprint(msgs[len(msgs)-1].Components), "Show more") {
			t.Errorf("%s: no Show more", name)
		}
	}
	v, _ := bot.VoteValue(long, 100, true, maxCustomID-len(voteIDPrefix))
	if !strings.Contains(v, "ref:") {
		t.Errorf("a %d-character topic travels inline: %q", len(long), v)
	}
}
