package bot

import (
	"context"
	"fmt"

	"github.com/briefbot/briefbot/briefing"
)

// Overview is a short written overview of a section's stories. Every
// sentence has been checked against the stories it cites (see package
// bot/overview); its text is plain text like any reply text, so adapters
// escape it as they escape article text.
type Overview struct {
	Sentences []OverviewSentence `json:"sentences"`
	// Checked is how many distinct stories the sentences were checked
	// against.
	Checked int `json:"checked"`
}

// OverviewSentence is one sentence and the stories it cites, as 1-based
// positions in the section's Items (always in range).
type OverviewSentence struct {
	Text  string `json:"text"`
	Cites []int  `json:"cites"`
}

// Note is the line shown under an overview.
func (o *Overview) Note() string {
	return fmt.Sprintf("Overview checked against %s.", plural(o.Checked, "source", "sources"))
}

// Overviewer writes checked overviews of stories. It is optional: with
// none configured, replies carry no overview.
type Overviewer interface {
	// Overview returns an overview of items (in the order they are shown),
	// or nil when there is none: too few sentences survived checking, the
	// model failed or timed out, or the budget is spent. It never fails
	// the reply: errors are the overviewer's to log and count.
	Overview(ctx context.Context, topic string, items []briefing.Item) *Overview
}

// withOverview adds an overview to each section of r that gets one.
func withOverview(ctx context.Context, o Overviewer, r Reply) Reply {
	if o == nil {
		return r
	}
	for i, s := range r.Sections {
		if len(s.Items) >= 2 {
			r.Sections[i].Overview = o.Overview(ctx, s.Heading, s.Items)
		}
	}
	return r
}
