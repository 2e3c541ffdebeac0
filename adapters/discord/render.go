package discord

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// Per-item bounds, chosen so one story's embed (title 256 + description +
// why 1024 + footer + author 256, about 5100) always fits a message's
// 6000 on its own.
const (
	maxItemDescription = 3000
	maxItemFooter      = 512
	embedColor         = 0x3b82f6
	whyName            = "Why it matched"
	maxText            = 20 * maxContent // a text reply longer than this is cut
)

// render lays a reply out as Discord messages, in order, each checked
// against Discord's limits. A reply with stories becomes embeds (one per
// story); any other reply becomes plain message content. An error means
// a bug here: nothing of the reply should be sent.
func render(r bot.Reply) ([]message, error) {
	var msgs []message
	if len(r.Sections) > 0 {
		msgs = embedMessages(r)
	}
	if len(msgs) == 0 {
		msgs = textMessages(r)
	}
	last := &msgs[len(msgs)-1]
	last.Components = withMore(last.Components, moreButton(r.More))
	for i := range msgs {
		msgs[i].Ephemeral = r.Private
		if err := validate(msgs[i]); err != nil {
			return nil, fmt.Errorf("discord: rendered message %d of %d: %w", i+1, len(msgs), err)
		}
	}
	return msgs, nil
}

// failed is what a user sees when a reply could not be rendered.
var failed = []message{{Content: "Something went wrong showing that reply.", Ephemeral: true}}

func textMessages(r bot.Reply) []message {
	var parts []string
	if t := strings.TrimSpace(r.Title); t != "" {
		parts = append(parts, "**"+text(t, maxTitle)+"**")
	}
	if t := strings.TrimSpace(r.Text); t != "" {
		parts = append(parts, text(t, maxText))
	}
	if t := strings.TrimSpace(r.Footer); t != "" {
		parts = append(parts, "*"+text(t, maxContent)+"*")
	}
	if len(parts) == 0 {
		parts = []string{"Done."}
	}
	var msgs []message
	for _, piece := range splitContent(strings.Join(parts, "\n")) {
		if strings.TrimSpace(piece) != "" {
			msgs = append(msgs, message{Content: piece})
		}
	}
	return msgs
}

func embedMessages(r bot.Reply) []message {
	var embeds []*discordgo.MessageEmbed
	if r.Title != "" || r.Text != "" {
		// The reply's title echoes a topic, and embed titles render
		// markdown: escaped like text.
		embeds = append(embeds, &discordgo.MessageEmbed{Title: text(clean(r.Title, false), maxTitle),
			Description: text(r.Text, maxDescription), Color: embedColor})
	}
	multi := len(r.Sections) > 1
	votes := map[*discordgo.MessageEmbed]storyVote{} // the stories with 👍/👎 buttons
	for _, s := range r.Sections {
		heading := ""
		if multi {
			heading = plain(s.Heading, maxAuthor)
		}
		if len(s.Items) == 0 && heading != "" {
			embeds = append(embeds, &discordgo.MessageEmbed{Author: &discordgo.MessageEmbedAuthor{Name: heading},
				Description: "No new stories."})
		}
		if s.Overview != nil {
			embeds = append(embeds, overviewEmbed(s, heading))
		}
		for i, it := range s.Items {
			e := numbered(itemEmbed(it, heading), s.Number(i), s.Overview != nil || s.Topic != "")
			if it.Exploratory {
				// a question, not one of the topic's stories: said first
				e.Description = cut("❓ "+text(bot.ExploreQuestion(s.Topic), maxFieldValue)+"\n\n"+e.Description, maxItemDescription)
			}
			if s.Topic != "" {
				votes[e] = storyVote{topic: s.Topic, id: it.ID, n: s.Number(i)}
			}
			embeds = append(embeds, e)
		}
	}
	if f := strings.TrimSpace(r.Footer); f != "" {
		embeds = append(embeds, &discordgo.MessageEmbed{Description: text(f, maxDescription)})
	}
	var msgs []message
	for _, group := range pack(embeds) {
		var vs []storyVote
		for _, e := range group {
			if v, ok := votes[e]; ok {
				vs = append(vs, v)
			}
		}
		msgs = append(msgs, message{Embeds: group, Components: voteRows(vs, multi)})
	}
	return msgs
}

// itemEmbed is one story: linked title, summary, date, source in the
// footer and why it matched.
func itemEmbed(it briefing.Item, heading string) *discordgo.MessageEmbed {
	title := strings.TrimSpace(it.Title)
	if title == "" {
		title = "Untitled"
	}
	e := &discordgo.MessageEmbed{Title: plain(title, maxTitle),
		Description: cut(itemDescription(it), maxItemDescription), Color: embedColor}
	if webURL(it.URL) {
		e.URL = it.URL
	}
	if !it.Published.IsZero() && !it.DayOnly {
		// Discord shows a timestamp in each reader's own zone. A date
		// without a time of day is not an instant: shown so it would gain
		// an invented hour, and the day before west of UTC; it goes in
		// the footer as the day alone (itemFooter).
		e.Timestamp = it.Published.UTC().Format(time.RFC3339)
	}
	if f := itemFooter(it); f != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: cut(f, maxItemFooter)}
	}
	if heading != "" {
		e.Author = &discordgo.MessageEmbedAuthor{Name: heading}
	}
	if why := strings.TrimSpace(it.Why); why != "" {
		e.Fields = []*discordgo.MessageEmbedField{{Name: whyName, Value: text(why, maxFieldValue)}}
	}
	return e
}

func itemDescription(it briefing.Item) string {
	d := text(strings.Join(it.Summary, " "), maxItemDescription)
	if it.Fragment && d != "" {
		d += " …"
	}
	if outlets := it.OutletRefs(); len(outlets) > 1 {
		var others []string
		for _, s := range outlets[1:] {
			others = append(others, bot.FirstNonBlank(s.SourceName, s.Source, s.URL))
		}
		d += fmt.Sprintf("\n\nReported by %d outlets; also: %s", len(outlets), text(strings.Join(others, ", "), maxFieldValue))
	}
	if dev := it.DevelopmentOf; dev != nil {
		d += "\n\nDevelopment of: " + text(dev.Title, maxFieldValue)
	}
	if d == "" {
		d = "No summary."
	}
	return d
}

func itemFooter(it briefing.Item) string {
	parts := []string{}
	if it.DayOnly && !it.Published.IsZero() {
		parts = append(parts, briefing.FormatWhen(it.Published, true, time.UTC))
	}
	if u := briefing.FormatUpdated(it.Published, it.DayOnly, it.Updated, time.UTC); u != "" {
		parts = append(parts, u) // the embed's timestamp is the first version's
	}
	if s := plain(bot.FirstNonBlank(it.SourceName, it.Source), maxItemFooter); s != "" {
		parts = append(parts, s)
	}
	if a := plain(it.Author, maxAuthor); a != "" {
		parts = append(parts, "by "+a)
	}
	return strings.Join(parts, " · ")
}

// text makes plain text safe for fields that render markdown and
// mentions, within n characters: control characters go, markdown is
// escaped, mentions are broken up. (Cutting first keeps the work bounded
// whatever an article's length.)
func text(s string, n int) string { return cut(defuse(markdown.Replace(clean(cut(s, n), true))), n) }

// plain is text for fields that render neither markdown nor mentions
// (titles are shown as written), within n: only cleaning and defusing.
func plain(s string, n int) string { return cut(defuse(strings.TrimSpace(clean(cut(s, n), false))), n) }

var markdown = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, "`", "\\`", `~`, `\~`, `|`, `\|`,
	`[`, `\[`, `]`, `\]`, `>`, `\>`, `#`, `\#`)

// defuse puts a zero-width space inside every mention Discord would
// render or notify (@everyone, @here, <@user>, <@!user>, <@&role>,
// <#channel>), so it shows as text and can never notify, whatever
// allowed_mentions says.
func defuse(s string) string {
	if !strings.ContainsAny(s, "@<") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i]) // only ever followed by an insertion after ASCII '<' or '@'
		rest := s[i+1:]
		switch {
		case s[i] == '<' && (strings.HasPrefix(rest, "@") || strings.HasPrefix(rest, "#")),
			s[i] == '@' && (hasFoldPrefix(rest, "everyone") || hasFoldPrefix(rest, "here")):
			b.WriteString("\u200b")
		}
	}
	return b.String()
}

func hasFoldPrefix(s, word string) bool {
	return len(s) >= len(word) && strings.EqualFold(s[:len(word)], word)
}

// clean turns control characters, bidirectional overrides (which
// reorder the text after them) and, unless keepLines, line breaks into
// spaces.
func clean(s string, keepLines bool) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' && keepLines:
			return r
		case unicode.IsControl(r), r == '\u2028', r == '\u2029', bot.IsBidiControl(r):
			return ' '
		}
		return r
	}, s)
}
