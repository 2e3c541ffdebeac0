package bot

import (
	"context"
	"fmt"
	"strings"

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
	return fmt.Sprintf("Overview checked against %s.", Plural(o.Checked, "source", "sources"))
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

// maxOverviewSections bounds the model calls of one reply: a digest of
// many topics gets overviews for its first sections only.
const maxOverviewSections = 5

// WithOverview adds an overview to each section of r that gets one.
func WithOverview(ctx context.Context, o Overviewer, r Reply) Reply {
	return WithOverviews(r, SectionOverviews(ctx, o, r))
}

// SectionOverviews writes overviews for r's sections with at least two
// stories, keyed by the section's stories.
func SectionOverviews(ctx context.Context, o Overviewer, r Reply) map[string]*Overview {
	if o == nil {
		return nil
	}
	out := map[string]*Overview{}
	for _, s := range r.Sections {
		if len(s.Items) >= 2 && len(out) < maxOverviewSections {
			if ov := o.Overview(ctx, s.Heading, s.Items); ov != nil {
				out[sectionKey(s)] = ov
			}
		}
	}
	return out
}

// WithOverviews sets each section's overview from m; a section whose
// stories changed since m was written gets none.
func WithOverviews(r Reply, m map[string]*Overview) Reply {
	for i, s := range r.Sections {
		r.Sections[i].Overview = m[sectionKey(s)]
	}
	return r
}

func sectionKey(s Section) string {
	var b strings.Builder
	b.WriteString(s.Heading)
	for _, it := range s.Items {
		fmt.Fprintf(&b, "\x00%d", it.ID)
	}
	return b.String()
}
