package discord

import (
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// Issue 17 finding 11 on Discord: a briefing's title echoes the topic,
// and embed titles render markdown, so it is escaped like text.
func TestBriefingTitleEchoesTopicLiterally(t *testing.T) {
	msgs, err := render(bot.Reply{Title: "Briefing: **loud** `x` ||spoiler||", Text: "1 story.",
		Sections: []bot.Section{{Heading: "t", Items: []briefing.Item{{Title: "A story"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := msgs[0].Embeds[0].Title, `Briefing: \*\*loud\*\* \`+"`x\\`"+` \|\|spoiler\|\|`; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
}
