package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// maxOverview bounds an overview embed's description, so it fits a
// message beside nothing else whatever the links' lengths.
const maxOverview = 3000

// overviewEmbed shows a section's overview: each sentence escaped like
// article text, then its citations as links to the stories ([1] → the
// first story's URL), then the checked note in the footer.
func overviewEmbed(o *bot.Overview, items []briefing.Item, heading string) *discordgo.MessageEmbed {
	desc := overviewText(o, items, true)
	if len(desc) > maxOverview {
		desc = overviewText(o, items, false)
	}
	e := &discordgo.MessageEmbed{Title: "Overview", Description: cut(desc, maxOverview), Color: embedColor,
		Footer: &discordgo.MessageEmbedFooter{Text: plain(o.Note(), maxItemFooter)}}
	if heading != "" {
		e.Author = &discordgo.MessageEmbedAuthor{Name: heading}
	}
	return e
}

func overviewText(o *bot.Overview, items []briefing.Item, links bool) string {
	parts := make([]string, len(o.Sentences))
	for i, s := range o.Sentences {
		var b strings.Builder
		b.WriteString(text(s.Text, maxOverview))
		for _, n := range s.Cites {
			label := fmt.Sprintf(`\[%d\]`, n)
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
