package slack

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
)

// overviewUnit shows a section's overview above its stories: the
// sentences escaped like article text, each followed by its citations as
// links to the stories, then the checked note.
func overviewUnit(sec bot.Section) unit {
	o := sec.Overview
	body := overviewText(sec, true)
	if runeLen(body) > sectionChars {
		body = overviewText(sec, false)
	}
	body = truncateEscaped(body, sectionChars)
	return unit{blocks: []slack.Block{section(body), contextText(mrkdwn(o.Note())), slack.NewDividerBlock()}}
}

// overviewText labels each citation with its story's number (Number).
func overviewText(sec bot.Section, links bool) string {
	items := sec.Items
	var b strings.Builder
	b.WriteString("*Overview:*")
	for _, s := range sec.Overview.Sentences {
		b.WriteString(" " + mrkdwn(oneLine(s.Text)))
		for _, n := range s.Cites {
			if n < 1 || n > len(items) {
				continue
			}
			label := fmt.Sprintf("[%d]", sec.Number(n-1))
			if links {
				b.WriteString(" " + link(items[n-1].URL, label))
			} else {
				b.WriteString(" " + label)
			}
		}
	}
	return b.String()
}
