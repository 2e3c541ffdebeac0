package console

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// Render lays a reply out as plain text for a terminal.
func Render(r bot.Reply) string {
	var b strings.Builder
	if r.Error {
		b.WriteString("Error: ")
	}
	if r.Title != "" {
		b.WriteString(clean(r.Title) + "\n")
	}
	if r.Text != "" {
		b.WriteString(cleanKeepLines(r.Text) + "\n")
	}
	for _, s := range r.Sections {
		if len(r.Sections) > 1 {
			fmt.Fprintf(&b, "\n== %s ==\n", clean(s.Heading))
		}
		renderOverview(&b, s)
		for i, it := range s.Items {
			b.WriteString("\n")
			if it.Exploratory {
				b.WriteString("? " + clean(bot.ExploreQuestion(bot.FirstNonBlank(s.Topic, s.Heading))) + "\n")
			}
			renderItem(&b, s.Number(i), s.Topic, it)
		}
	}
	if r.Footer != "" {
		b.WriteString("\n" + clean(r.Footer) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// renderItem lays out one story. With a topic (the section's stories
// carry 👍/👎 controls, bot.Section.Topic) it ends with the /rate command
// that judges it: a terminal has no buttons, and the article id it needs
// is shown nowhere else.
func renderItem(b *strings.Builder, n int, topic string, it briefing.Item) {
	fmt.Fprintf(b, "%d. %s\n", n, clean(it.Title))
	meta := []string{DateString(it)}
	if src := bot.FirstNonBlank(it.SourceName, it.Source); src != "" {
		meta = append(meta, clean(src))
	}
	if it.Author != "" {
		meta = append(meta, "by "+clean(it.Author))
	}
	fmt.Fprintf(b, "   %s\n", strings.Join(meta, " · "))
	if it.URL != "" {
		fmt.Fprintf(b, "   %s\n", clean(it.URL))
	}
	for _, s := range it.Summary {
		fmt.Fprintf(b, "   %s\n", clean(s))
	}
	if outlets := it.OutletRefs(); len(outlets) > 1 {
		var others []string
		for _, s := range outlets[1:] {
			o := bot.FirstNonBlank(s.SourceName, s.Source)
			if s.URL != "" && s.URL != o {
				o += " <" + s.URL + ">"
			}
			others = append(others, clean(o))
		}
		fmt.Fprintf(b, "   Reported by %d outlets; also: %s\n", len(outlets), strings.Join(others, ", "))
	}
	if d := it.DevelopmentOf; d != nil {
		fmt.Fprintf(b, "   Development of: %s\n", clean(d.Title))
	}
	if it.Why != "" {
		fmt.Fprintf(b, "   Why: %s\n", clean(it.Why))
	}
	if topic != "" && it.ID > 0 {
		fmt.Fprintf(b, "   Judge: /rate %s %d up|down\n", clean(topic), it.ID)
	}
}

// DateString formats an item's time for display: the engine's Item.When
// ("23 Aug 2019, 14:05 KST", "undated"), else the time in UTC.
func DateString(it briefing.Item) string {
	if it.When != "" {
		return it.When // the engine's zone
	}
	return briefing.FormatWhen(it.Published, it.DayOnly, time.UTC)
}

// clean turns control characters and bidirectional overrides into
// spaces, so article text cannot move the cursor, recolour the terminal,
// forge lines or reorder what follows it on screen.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || bot.IsBidiControl(r) {
			return ' '
		}
		return r
	}, s)
}

func cleanKeepLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = clean(l)
	}
	return strings.Join(lines, "\n")
}
