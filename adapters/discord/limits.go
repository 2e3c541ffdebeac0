package discord

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"
)

// Discord's message limits (developer docs, "Embed Limits" and "Create
// Message"). Lengths are counted in UTF-16 code units, which is never
// fewer than Discord's count of characters, so text within our count is
// within theirs.
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxAuthor      = 256
	maxEmbedTotal  = 6000
)

// message is one Discord message's visible parts.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Ephemeral  bool                         // only the caller sees it (interaction replies only)
	Components []discordgo.MessageComponent // 👍/👎 and "Show more" buttons (see vote.go, more.go)
}

// width is s's length as the limits count it.
func width(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r) // 1 or 2: decoding never yields a surrogate
	}
	return n
}

// prefix returns the byte length of s's longest prefix of width at most n.
func prefix(s string, n int) int {
	w := 0
	for i, r := range s {
		if w+utf16.RuneLen(r) > n {
			return i
		}
		w += utf16.RuneLen(r)
	}
	return len(s)
}

// cut shortens s to at most n (by width), ending in "…" when it cut, and
// never splits a character.
func cut(s string, n int) string {
	// A UTF-8 byte count is never below the UTF-16 width, so short
	// strings need no scan; long ones are scanned only up to n.
	if len(s) <= n || prefix(s, n) == len(s) {
		return s
	}
	return strings.TrimRight(s[:prefix(s, n-1)], " ") + "…"
}

// embedWidth is the embed's share of the 6000-character message total.
func embedWidth(e *discordgo.MessageEmbed) int {
	n := width(e.Title) + width(e.Description)
	if e.Footer != nil {
		n += width(e.Footer.Text)
	}
	if e.Author != nil {
		n += width(e.Author.Name)
	}
	for _, f := range e.Fields {
		n += width(f.Name) + width(f.Value)
	}
	return n
}

// validate reports the first of Discord's limits m breaks.
func validate(m message) error {
	if n := width(m.Content); n > maxContent {
		return fmt.Errorf("content is %d characters (at most %d)", n, maxContent)
	}
	if m.Content == "" && len(m.Embeds) == 0 {
		return fmt.Errorf("message is empty")
	}
	if len(m.Embeds) > maxEmbeds {
		return fmt.Errorf("%d embeds (at most %d)", len(m.Embeds), maxEmbeds)
	}
	total := 0
	for i, e := range m.Embeds {
		if err := validateEmbed(e); err != nil {
			return fmt.Errorf("embed %d: %w", i+1, err)
		}
		total += embedWidth(e)
	}
	if total > maxEmbedTotal {
		return fmt.Errorf("embeds hold %d characters (at most %d in one message)", total, maxEmbedTotal)
	}
	return validateComponents(m.Components)
}

func validateEmbed(e *discordgo.MessageEmbed) error {
	check := func(what, s string, max int) error {
		if n := width(s); n > max {
			return fmt.Errorf("%s is %d characters (at most %d)", what, n, max)
		}
		return nil
	}
	errs := []error{check("title", e.Title, maxTitle), check("description", e.Description, maxDescription)}
	if e.Footer != nil {
		errs = append(errs, check("footer", e.Footer.Text, maxFooter))
	}
	if e.Author != nil {
		errs = append(errs, check("author", e.Author.Name, maxAuthor))
	}
	if len(e.Fields) > maxFields {
		errs = append(errs, fmt.Errorf("%d fields (at most %d)", len(e.Fields), maxFields))
	}
	for _, f := range e.Fields {
		if f.Name == "" || f.Value == "" {
			errs = append(errs, fmt.Errorf("field with an empty name or value"))
		}
		errs = append(errs, check("field name", f.Name, maxFieldName), check("field value", f.Value, maxFieldValue))
	}
	if e.URL != "" && !webURL(e.URL) {
		errs = append(errs, fmt.Errorf("url %q is not a http(s) URL", e.URL))
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(s) <= 2048
}

// pack groups embeds into messages, in order, each within the embed count
// and the total. Every embed must already fit a message on its own.
func pack(embeds []*discordgo.MessageEmbed) [][]*discordgo.MessageEmbed {
	var out [][]*discordgo.MessageEmbed
	var cur []*discordgo.MessageEmbed
	total := 0
	for _, e := range embeds {
		w := embedWidth(e)
		if len(cur) == maxEmbeds || (len(cur) > 0 && total+w > maxEmbedTotal) {
			out, cur, total = append(out, cur), nil, 0
		}
		cur, total = append(cur, e), total+w
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// splitContent cuts text into pieces of at most maxContent, at line
// breaks where it can, else at spaces, else anywhere.
func splitContent(s string) []string {
	var out []string
	for width(s) > maxContent {
		end := prefix(s, maxContent)
		at := strings.LastIndex(s[:end], "\n")
		if at <= 0 {
			at = strings.LastIndex(s[:end], " ")
		}
		if at <= 0 {
			at = end
		}
		out = append(out, s[:at])
		s = strings.TrimLeft(s[at:], " \n")
	}
	return append(out, s)
}
