// Package eventset reads hand-labelled event sets (reports of news events,
// each labelled with the event it tells) and scores a grouping of them
// pairwise, as issue 16 defines "same story" quality: every pair of
// reports is "same" when their labels agree and predicted "same" when the
// grouping puts them in one story.
//
// The file format (briefing/testdata/events/*.txt): blocks separated by
// blank lines; a block is "key: value" header lines (event, source,
// published as RFC 3339, title) followed by the text; lines starting with
// "#" are comments. A block starts with its "event:" line.
//
// Invariants: the package imports only the standard library, so the
// engine's own tests and `briefbot eval events` read a set the same way;
// reading never reorders the reports (the order is the order a grouping is
// given); a malformed file is an error naming its line, never a partial set.
package eventset

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// Report is one labelled report.
type Report struct {
	Event     string // the label: reports with one label tell one event
	Source    string
	Published time.Time // zero when the block has no "published" line
	Title     string
	Text      string // paragraphs joined by blank lines
}

// maxLine bounds one line of a set (a report's paragraph).
const maxLine = 1 << 20

// Read reads an event set in file order.
func Read(r io.Reader) ([]Report, error) {
	var out []Report
	var cur *Report
	var text []string
	flush := func() {
		if cur != nil {
			cur.Text = strings.Join(text, "\n\n")
			out = append(out, *cur)
		}
		cur, text = nil, nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch k, v, _ := strings.Cut(line, ": "); {
		case strings.HasPrefix(line, "#"):
		case strings.TrimSpace(line) == "":
			flush()
		case k == "event" && cur == nil:
			if strings.TrimSpace(v) == "" {
				return nil, fmt.Errorf("line %d: empty event label", n)
			}
			cur = &Report{Event: v}
		case cur == nil:
			return nil, fmt.Errorf("line %d: text outside a report (a report starts with \"event: LABEL\"): %.60q", n, line)
		case k == "source" && cur.Source == "":
			cur.Source = v
		case k == "published" && cur.Published.IsZero():
			p, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return nil, fmt.Errorf("line %d: published: %w", n, err)
			}
			cur.Published = p
		case k == "title" && cur.Title == "":
			cur.Title = v
		default:
			text = append(text, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the event set: %w", err)
	}
	flush()
	return out, nil
}

// Pairs counts, over every pair of reports, the pairs a grouping joins
// that one event (tp), joins across events (fp) and leaves apart within
// one event (fn). story[i] is the story the grouping put report i in.
func Pairs(reports []Report, story []int) (tp, fp, fn int) {
	for i := range reports {
		for j := i + 1; j < len(reports); j++ {
			truth := reports[i].Event == reports[j].Event
			pred := story[i] == story[j]
			switch {
			case truth && pred:
				tp++
			case pred:
				fp++
			case truth:
				fn++
			}
		}
	}
	return tp, fp, fn
}

// Scores is pairwise precision, recall and F1 from pair counts (0 when
// there is nothing to divide).
func Scores(tp, fp, fn int) (p, r, f1 float64) {
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1
}

// Events is how many distinct events the reports tell.
func Events(reports []Report) int {
	seen := map[string]bool{}
	for _, r := range reports {
		seen[r.Event] = true
	}
	return len(seen)
}
