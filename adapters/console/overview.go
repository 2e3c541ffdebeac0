package console

import (
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/bot"
)

// renderOverview writes a section's overview: the sentences as one
// paragraph, each followed by its story numbers, then the checked note.
func renderOverview(b *strings.Builder, o *bot.Overview) {
	if o == nil || len(o.Sentences) == 0 {
		return
	}
	parts := make([]string, len(o.Sentences))
	for i, s := range o.Sentences {
		parts[i] = clean(s.Text) + cites(s.Cites)
	}
	fmt.Fprintf(b, "\nOverview: %s\n(%s)\n", strings.Join(parts, " "), clean(o.Note()))
}

func cites(ns []int) string {
	var b strings.Builder
	for _, n := range ns {
		fmt.Fprintf(&b, " [%d]", n)
	}
	return b.String()
}
