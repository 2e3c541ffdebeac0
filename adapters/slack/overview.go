package slack

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// overviewUnit shows a section's overview above its stories: the
// sentences escaped like article text, each followed by its citations as
// links to the stories, then the checked note.
func overviewUnit(o *bot.Overview, items []briefing.Item) unit {
	body := overviewText(o, items, true)
	if runeLen(body) > sectionChars {
		body = overviewText(o, items, false)
	}
	body = truncateEscaped(body, sectionChars)
	return unit{blocks: []slack.Block{section(body), contextText(mrkdwn(o.Note())), slack.NewDividerBlock()}}
}

func overviewText(o *bot.Overview, items []briefing.Item, links bool) string {
	var b strings.Builder
	b.WriteString("*Overview:*")
	for _, s := range o.Sentences {
		b.WriteString(" " + mrkdwn(oneLine(s.Text)))
		for _, n := range s.Cites {
			if n < 1 || n > len(items) {
				continue
			}
			label := fmt.Sprintf("[%d]", n)
			if links {
				b.WriteString(" " + link(items[n-1].URL, label))
			} else {
				b.WriteString(" " + label)
			}
		}
	}
	return b.String()
}
