package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// maxOverview bounds an overview embed's description, so it fits a
// message beside nothing else whatever the links' lengths.
const maxOverview = 3000

// overviewEmbed shows a section's overview: each sentence escaped like
// article text, then its citations as links to the stories ([1] → the
// first story's URL; on a later page, the numbers go on from the page
// before), then the checked note in the footer.
func overviewEmbed(sec bot.Section, heading string) *discordgo.MessageEmbed {
	o := sec.Overview
	desc := overviewText(sec, true)
	if len(desc) > maxOverview {
		desc = overviewText(sec, false)
	}
	e := &discordgo.MessageEmbed{Title: "Overview", Description: cut(desc, maxOverview), Color: embedColor,
		Footer: &discordgo.MessageEmbedFooter{Text: plain(o.Note(), maxItemFooter)}}
	if heading != "" {
		e.Author = &discordgo.MessageEmbedAuthor{Name: heading}
	}
	return e
}

// overviewText labels each citation with its story's number (Number).
func overviewText(sec bot.Section, links bool) string {
	o, items := sec.Overview, sec.Items
	parts := make([]string, len(o.Sentences))
	for i, s := range o.Sentences {
		var b strings.Builder
		b.WriteString(text(s.Text, maxOverview))
		for _, n := range s.Cites {
			label := fmt.Sprintf(`\[%d\]`, sec.Number(n-1))
			if n < 1 || n > len(items) {
				continue
			}
			if u := items[n-1].URL; links && webURL(u) {
				label = "[" + label + "](" + strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(u) + ")"
			}
			b.WriteString(" " + label)
		}
		parts[i] = b.String()
	}
	return strings.Join(parts, " ")
}

// numbered puts the story's number before its title when an overview
// cites stories by number.
func numbered(e *discordgo.MessageEmbed, n int, on bool) *discordgo.MessageEmbed {
	if on {
		e.Title = cut(fmt.Sprintf("%d. %s", n, e.Title), maxTitle)
	}
	return e
}
