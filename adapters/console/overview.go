package console

import (
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/bot"
)

// renderOverview writes a section's overview: the sentences as one
// paragraph, each followed by its stories' numbers, then the checked note.
func renderOverview(b *strings.Builder, sec bot.Section) {
	o := sec.Overview
	if o == nil || len(o.Sentences) == 0 {
		return
	}
	parts := make([]string, len(o.Sentences))
	for i, s := range o.Sentences {
		parts[i] = clean(s.Text) + cites(sec, s.Cites)
	}
	fmt.Fprintf(b, "\nOverview: %s\n(%s)\n", strings.Join(parts, " "), clean(o.Note()))
}

// cites are the numbers the cited stories are shown with.
func cites(sec bot.Section, ns []int) string {
	var b strings.Builder
	for _, n := range ns {
		fmt.Fprintf(&b, " [%d]", sec.Number(n-1))
	}
	return b.String()
}
