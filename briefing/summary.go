package briefing

import (
	"math"
	"sort"
	"strings"
)

// Extractive summaries. Sentences are scored by how central they are to the
// article (overlap with its term distribution), where they stand (news puts
// what matters first), and, for a topic, how much of it they mention; then
// picked greedily with maximal marginal relevance so a summary, and a
// briefing, does not say the same thing twice. Output keeps article order.

// SummaryOptions tune one summary.
type SummaryOptions struct {
	Sentences int             // how many to pick; at least 1
	Query     map[string]bool // stems of the topic, for query focus
	// Avoid holds the term sets of sentences already used elsewhere in the
	// same briefing; near-repeats of them are penalised.
	Avoid []map[string]bool
}

type scored struct {
	idx   int
	text  string
	terms map[string]bool
	score float64
}

// Summarize picks whole sentences of text. When cut is true the last
// sentence is incomplete: it is only used if nothing else is, and then is
// marked with a trailing ellipsis.
func (s *Stemmer) Summarize(text string, cut bool, opt SummaryOptions) []string {
	sents := Sentences(text)
	if len(sents) == 0 {
		return nil
	}
	last := len(sents) - 1
	if cut && len(sents) > 1 {
		sents = sents[:last]
	}
	cands := s.scoreSentences(sents, opt.Query)
	picked := mmr(cands, max(1, opt.Sentences), opt.Avoid)
	sort.Ints(picked)
	out := make([]string, 0, len(picked))
	for _, i := range picked {
		out = append(out, sents[i])
	}
	if cut && len(sents) == 1 && last == 0 {
		out[0] = strings.TrimRight(out[0], " ") + " …"
	}
	return out
}

func (s *Stemmer) scoreSentences(sents []string, query map[string]bool) []scored {
	docTF := map[string]float64{}
	cands := make([]scored, len(sents))
	for i, text := range sents {
		terms := map[string]bool{}
		for _, t := range s.Terms(text) {
			terms[t] = true
		}
		for t := range terms {
			docTF[t]++
		}
		cands[i] = scored{idx: i, text: text, terms: terms}
	}
	for i := range cands {
		c := &cands[i]
		var cent float64
		for t := range c.terms {
			cent += math.Log1p(docTF[t] - 1) // words the article repeats
		}
		n := float64(len(c.terms))
		if n > 0 {
			cent /= math.Sqrt(n)
		}
		pos := 1 / math.Sqrt(1+float64(i))
		c.score = cent*0.6 + pos*1.2
		if len(query) > 0 {
			c.score *= 1 + 2*overlap(c.terms, query)
		}
		if n < 5 { // headlines-in-text, datelines, "Yes."
			c.score *= 0.3
		}
	}
	return cands
}

// overlap is the share of query terms present in terms.
func overlap(terms, query map[string]bool) float64 {
	if len(query) == 0 {
		return 0
	}
	hits := 0
	for q := range query {
		if terms[q] {
			hits++
		}
	}
	return float64(hits) / float64(len(query))
}

// mmr picks k candidates maximising score minus redundancy with what was
// already picked (here or in avoid).
func mmr(cands []scored, k int, avoid []map[string]bool) []int {
	const lambda = 0.7
	used := make([]bool, len(cands))
	chosen := append([]map[string]bool(nil), avoid...)
	var out []int
	for len(out) < k && len(out) < len(cands) {
		best, bestScore := -1, math.Inf(-1)
		for i, c := range cands {
			if used[i] {
				continue
			}
			red := 0.0
			for _, o := range chosen {
				red = math.Max(red, jaccard(c.terms, o))
			}
			if v := lambda*c.score - (1-lambda)*red*c.score*2; v > bestScore {
				best, bestScore = i, v
			}
		}
		used[best] = true
		chosen = append(chosen, cands[best].terms)
		out = append(out, cands[best].idx)
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for t := range a {
		if b[t] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// TermSet returns the set of index terms of text.
func (s *Stemmer) TermSet(text string) map[string]bool {
	m := map[string]bool{}
	for _, t := range s.Terms(text) {
		m[t] = true
	}
	return m
}
