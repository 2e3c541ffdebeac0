package eval

import (
	"fmt"
	"strings"
)

// Selector returns the IDs of the documents a query selects.
type Selector func(query string) (map[string]bool, error)

// PRF is precision, recall and F1 of one selection.
type PRF struct {
	Precision, Recall, F1 float64
	Selected, Relevant    int
}

// Score compares selected with relevant. Precision is 0 when nothing is
// selected, recall 0 when nothing is relevant.
func Score(selected, relevant map[string]bool) PRF {
	hits := 0
	for id := range selected {
		if relevant[id] {
			hits++
		}
	}
	p := PRF{Selected: len(selected), Relevant: len(relevant)}
	if len(selected) > 0 {
		p.Precision = float64(hits) / float64(len(selected))
	}
	if len(relevant) > 0 {
		p.Recall = float64(hits) / float64(len(relevant))
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
	return p
}

// Macro averages precision, recall and F1 over queries.
func Macro(ps []PRF) PRF {
	var m PRF
	for _, p := range ps {
		m.Precision += p.Precision
		m.Recall += p.Recall
		m.F1 += p.F1
		m.Selected += p.Selected
		m.Relevant += p.Relevant
	}
	if n := float64(len(ps)); n > 0 {
		m.Precision, m.Recall, m.F1 = m.Precision/n, m.Recall/n, m.F1/n
	}
	return m
}

// Relevant returns, per category, the IDs of the documents labelled with it.
func Relevant(docs []LabeledDoc) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, d := range docs {
		for _, t := range d.Topics {
			if out[t] == nil {
				out[t] = map[string]bool{}
			}
			out[t][d.ID] = true
		}
	}
	return out
}

// Contains is the feed-bot baseline: a document is selected when its title
// or text holds the query as a case-insensitive substring (one of its
// alternatives, for "a OR b").
func Contains(docs []LabeledDoc) Selector {
	lower := make([]string, len(docs))
	for i, d := range docs {
		lower[i] = strings.ToLower(d.Title + "\n" + d.Text)
	}
	return func(query string) (map[string]bool, error) {
		var alts []string
		for _, alt := range Alternatives(query) {
			if alt != "" {
				alts = append(alts, strings.ToLower(alt))
			}
		}
		out := map[string]bool{}
		for i, d := range docs {
			for _, q := range alts {
				if strings.Contains(lower[i], q) {
					out[d.ID] = true
					break
				}
			}
		}
		return out, nil
	}
}

// SelectionRow is one query's scores for every selector, in selector order.
type SelectionRow struct {
	Query  Query
	Scores []PRF
}

// EvalSelection runs each selector on each query and scores it against
// the query category's documents. The last row is the macro average.
func EvalSelection(docs []LabeledDoc, queries []Query, selectors []Selector) ([]SelectionRow, error) {
	rel := Relevant(docs)
	rows := make([]SelectionRow, 0, len(queries)+1)
	macro := make([][]PRF, len(selectors))
	for _, q := range queries {
		if len(rel[q.Category]) == 0 {
			return nil, fmt.Errorf("no document is labelled %q (query %q)", q.Category, q.Text)
		}
		row := SelectionRow{Query: q}
		for si, sel := range selectors {
			got, err := sel(q.Text)
			if err != nil {
				return nil, fmt.Errorf("query %q: %w", q.Text, err)
			}
			p := Score(got, rel[q.Category])
			row.Scores = append(row.Scores, p)
			macro[si] = append(macro[si], p)
		}
		rows = append(rows, row)
	}
	avg := SelectionRow{Query: Query{Category: "macro", Text: "(average)"}}
	for _, ps := range macro {
		avg.Scores = append(avg.Scores, Macro(ps))
	}
	return append(rows, avg), nil
}

// MacroOf averages the rows whose category keep accepts (the last row of
// EvalSelection's answer, the overall macro, is never one of them).
func MacroOf(rows []SelectionRow, keep func(category string) bool) ([]PRF, int) {
	var per [][]PRF
	n := 0
	for _, r := range rows {
		if r.Query.Category == "macro" && r.Query.Text == "(average)" || !keep(r.Query.Category) {
			continue
		}
		n++
		for i, p := range r.Scores {
			if i == len(per) {
				per = append(per, nil)
			}
			per[i] = append(per[i], p)
		}
	}
	out := make([]PRF, len(per))
	for i, ps := range per {
		out[i] = Macro(ps)
	}
	return out, n
}
