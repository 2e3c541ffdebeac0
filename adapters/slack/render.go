package slack

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// message is one Slack message: blocks plus the escaped text fallback
// that notifications and old clients show.
type message struct {
	text   string
	blocks []slack.Block
	titles []string // the stories it carries, for saying what was not shown
}

// unit is blocks that must stay in one message (a story and its context).
type unit struct {
	blocks []slack.Block
	title  string // the story's title, for the fallback text
}

// renderOptions are per-reply choices the caller makes.
type renderOptions struct {
	// watchTopic, when set, adds a button that runs /watch with it.
	watchTopic string
}

// Per-part budgets in characters, well inside the block limits so that
// escaping (an "&" becomes "&amp;") cannot push a text over.
const (
	titleChars   = 250
	metaChars    = 120
	whyChars     = 400
	alsoSources  = 4
	sectionChars = maxSectionText
)

// render lays a reply out as one or more messages, in order; each passes
// validate.
func render(r bot.Reply, opt renderOptions) []message {
	var units []unit
	if oneLine(r.Title) != "" {
		units = append(units, unit{blocks: []slack.Block{header(r.Title)}})
	}
	units = append(units, textUnits(r)...)
	for _, s := range r.Sections {
		if h := oneLine(s.Heading); len(r.Sections) > 1 && h != "" {
			units = append(units, unit{blocks: []slack.Block{section("*" + mrkdwn(truncate(h, titleChars)) + "*")}})
		}
		if s.Overview != nil {
			units = append(units, overviewUnit(s))
		}
		for i, it := range s.Items {
			units = append(units, itemUnit(s.Number(i), it, s.Topic))
		}
	}
	if oneLine(opt.watchTopic) != "" {
		units = append(units, unit{blocks: []slack.Block{watchButton(opt.watchTopic)}})
	}
	if b := moreButton(r.More); b != nil {
		units = append(units, unit{blocks: []slack.Block{b}})
	}
	if f := oneLine(r.Footer); f != "" {
		units = append(units, unit{blocks: []slack.Block{contextText(mrkdwn(truncate(f, whyChars)))}})
	}
	return pack(r, units)
}

func textUnits(r bot.Reply) []unit {
	text := r.Text
	if r.Error {
		text = "Sorry: " + text
	}
	var out []unit
	for _, chunk := range splitText(text, sectionChars) {
		out = append(out, unit{blocks: []slack.Block{section(chunk)}})
	}
	return out
}

// splitText escapes text and cuts it into chunks of at most n runes,
// at line breaks where possible, else at spaces.
func splitText(text string, n int) []string {
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	cur := ""
	for _, line := range strings.Split(text, "\n") {
		esc := mrkdwn(line)
		if runeLen(cur)+1+runeLen(esc) <= n {
			cur += "\n" + esc
			continue
		}
		add(cur)
		for runeLen(esc) > n {
			head, rest := cutEscaped(esc, n)
			add(head)
			esc = rest
		}
		cur = esc
	}
	add(cur)
	return out
}

// itemUnit is a story's blocks: its text, why it matched, and its 👍/👎
// buttons when topic is set, which also part it from the next story (in
// place of a divider, so judging costs no blocks of the 50 per message).
func itemUnit(n int, it briefing.Item, topic string) unit {
	title := truncate(oneLine(it.Title), titleChars)
	if title == "" {
		title = "(untitled)"
	}
	head := fmt.Sprintf("*%d. %s*", n, link(it.URL, title))
	meta := "_" + mrkdwn(itemMeta(it)) + "_"
	body := head + "\n" + meta
	if sum := summaryText(it); sum != "" {
		room := sectionChars - runeLen(body) - 1
		body += "\n" + truncateEscaped(sum, room)
	}
	blocks := []slack.Block{section(body)}
	if it.Exploratory {
		// a question, not one of the topic's stories: said above it
		blocks = []slack.Block{contextText("❓ " + mrkdwn(truncate(bot.ExploreQuestion(topic), whyChars))), section(body)}
	}
	if ctx := itemContext(it); ctx != "" {
		blocks = append(blocks, contextText(ctx))
	}
	if v := voteBlock(topic, it.ID); v != nil {
		return unit{blocks: append(blocks, v), title: title}
	}
	return unit{blocks: append(blocks, slack.NewDividerBlock()), title: title}
}

func itemMeta(it briefing.Item) string {
	parts := []string{dateString(it)}
	if s := truncate(oneLine(bot.FirstNonBlank(it.SourceName, it.Source)), metaChars); s != "" {
		parts = append(parts, s)
	}
	if a := truncate(oneLine(it.Author), metaChars); a != "" {
		parts = append(parts, "by "+a)
	}
	return strings.Join(parts, " · ")
}

func dateString(it briefing.Item) string {
	if it.When != "" {
		return it.When // the engine's zone
	}
	return briefing.FormatWhen(it.Published, it.DayOnly, time.UTC)
}

func summaryText(it briefing.Item) string {
	var parts []string
	for _, s := range it.Summary {
		if s = strings.Join(strings.Fields(clean(s)), " "); s != "" {
			parts = append(parts, s)
		}
	}
	s := mrkdwn(strings.Join(parts, " "))
	if it.Fragment && s != "" {
		s += " …"
	}
	return s
}

// itemContext is the line under a story: why it matched and who else
// covered it.
func itemContext(it briefing.Item) string {
	var parts []string
	if why := truncate(oneLine(it.Why), whyChars); why != "" {
		parts = append(parts, "Why: "+mrkdwn(why))
	}
	if outlets := it.OutletRefs(); len(outlets) > 1 {
		var also []string
		for _, s := range outlets[1:min(len(outlets), 1+alsoSources)] {
			label := truncate(oneLine(bot.FirstNonBlank(s.SourceName, s.Source, s.URL, "another source")), metaChars)
			also = append(also, link(s.URL, label))
		}
		if extra := len(outlets) - 1 - len(also); extra > 0 {
			also = append(also, fmt.Sprintf("%d more", extra))
		}
		parts = append(parts, fmt.Sprintf("Reported by %d outlets; also: %s", len(outlets), strings.Join(also, ", ")))
	}
	if d := it.DevelopmentOf; d != nil {
		parts = append(parts, "Development of: "+mrkdwn(truncate(oneLine(d.Title), metaChars)))
	}
	return strings.Join(parts, "  ·  ")
}

func header(title string) slack.Block {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, truncate(plain(oneLine(title)), maxHeaderText), false, false))
}

// section is a mrkdwn section; text must already be escaped. Verbatim
// stops Slack from linking bare URLs, channel names and mentions itself.
func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, true), nil, nil)
}

func contextText(text string) slack.Block {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, text, false, true))
}

// watchActionID marks the "Watch this topic" button in interactions.
const watchActionID = "briefbot_watch"

func watchButton(topic string) slack.Block {
	topic = truncate(oneLine(topic), 1000)
	label := truncate("Watch “"+plain(topic)+"”", maxButtonText)
	btn := slack.NewButtonBlockElement(watchActionID, topic, slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
	return slack.NewActionBlock("", btn)
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// pack fills messages with units in order. A message after the first
// starts with a "continued" line, budgeted for up front.
func pack(r bot.Reply, units []unit) []message {
	reserveBlocks, reserveChars := 1, runeLen(continued(r, 999, 999))
	var groups [][]unit
	var cur []unit
	blocks, chars := 0, 0
	for _, u := range units {
		b, c := len(u.blocks), unitChars(u)
		if len(cur) > 0 && (blocks+b > maxBlocks-reserveBlocks || chars+c > maxMessageChars-reserveChars) {
			groups, cur, blocks, chars = append(groups, cur), nil, 0, 0
		}
		cur, blocks, chars = append(cur, u), blocks+b, chars+c
	}
	if len(cur) > 0 || len(groups) == 0 {
		groups = append(groups, cur)
	}
	out := make([]message, len(groups))
	for i, g := range groups {
		out[i] = assemble(r, g, i, len(groups))
	}
	return out
}

func assemble(r bot.Reply, g []unit, i, n int) message {
	var blocks []slack.Block
	var titles []string
	if i > 0 {
		blocks = append(blocks, contextText(continued(r, i, n)))
	}
	for _, u := range g {
		blocks = append(blocks, u.blocks...)
		if u.title != "" {
			titles = append(titles, u.title)
		}
	}
	if k := len(blocks); k > 1 {
		if _, ok := blocks[k-1].(*slack.DividerBlock); ok {
			blocks = blocks[:k-1] // a divider closing a message is noise
		}
	}
	return message{text: fallback(r, titles, i, n), blocks: blocks, titles: titles}
}

// continued is the line that opens message i of n (i > 0).
func continued(r bot.Reply, i, n int) string {
	return mrkdwn(fmt.Sprintf("%s (continued, %d of %d)", truncate(oneLine(r.Title), 80), i+1, n))
}

// fallback is the message's plain text for notifications and clients
// without Block Kit: the title, then the text or the stories' titles.
func fallback(r bot.Reply, titles []string, i, n int) string {
	var b strings.Builder
	b.WriteString(oneLine(r.Title))
	if n > 1 {
		fmt.Fprintf(&b, " (%d of %d)", i+1, n)
	}
	if i == 0 && r.Text != "" {
		b.WriteString("\n" + r.Text)
	}
	for _, t := range titles {
		b.WriteString("\n• " + t)
	}
	// Cleaned before the emptiness check: text of nothing but control
	// characters would otherwise leave an empty fallback, which Slack refuses.
	s := strings.TrimSpace(clean(b.String()))
	if s == "" {
		s = "briefbot"
	}
	if r.Error {
		s = "Sorry: " + s
	}
	return truncateEscaped(mrkdwn(s), maxFallback)
}

func unitChars(u unit) int {
	n := 0
	for _, b := range u.blocks {
		n += blockChars(b)
	}
	return n
}
