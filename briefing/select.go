package briefing

import (
	"fmt"
	"sort"
	"strings"
)

// Selection: which articles a topic selects and how they rank. This one rule
// serves /brief, match, watches and digests alike.

type clauseHit struct {
	surface string
	tf      int
	flags   uint8
}

type docHit struct {
	doc     uint32
	score   float64
	clauses []clauseHit
}

// evaluate returns every document that satisfies some alternative of q and
// none of its exclusions, with its best alternative's score.
func (ix *Index) evaluate(q Query) map[uint32]docHit {
	best := map[uint32]docHit{}
	for _, alt := range q.Alts {
		for d, h := range ix.evaluateAlt(alt) {
			if old, ok := best[d]; !ok || h.score > old.score {
				best[d] = h
			}
		}
	}
	for _, c := range q.Not {
		for d := range ix.clauseHits(c) {
			delete(best, d)
		}
	}
	return best
}

func (ix *Index) evaluateAlt(alt []Clause) map[uint32]docHit {
	var acc map[uint32]docHit
	for i, c := range alt {
		hits := ix.clauseHits(c)
		if i == 0 {
			acc = make(map[uint32]docHit, len(hits))
			for d, h := range hits {
				acc[d] = docHit{doc: d, score: h.score, clauses: []clauseHit{{c.Surface, h.tf, h.flags}}}
			}
			continue
		}
		for d, cur := range acc {
			h, ok := hits[d]
			if !ok {
				delete(acc, d)
				continue
			}
			cur.score += h.score
			cur.clauses = append(cur.clauses, clauseHit{c.Surface, h.tf, h.flags})
			acc[d] = cur
		}
		if len(acc) == 0 {
			return nil
		}
	}
	ix.phraseBonus(alt, acc)
	return acc
}

// phraseBonus rewards documents where consecutive words of an unquoted
// multi-word topic also occur next to each other ("crude oil").
func (ix *Index) phraseBonus(alt []Clause, acc map[uint32]docHit) {
	avg := ix.avgLen()
	for i := 1; i < len(alt); i++ {
		a, b := alt[i-1].Forms[0], alt[i].Forms[0]
		key := a[len(a)-1] + " " + b[0]
		for d, h := range ix.conjunction([]string{key}, avg) {
			if cur, ok := acc[d]; ok {
				cur.score += h.score * 0.5
				acc[d] = cur
			}
		}
	}
}

// about reports whether a document is about the topic rather than naming it
// in passing: some clause occurs in the title, tags or lead paragraph, or
// more than once in the text.
func (h docHit) about() bool {
	for _, c := range h.clauses {
		if c.flags != 0 || c.tf >= 2 {
			return true
		}
	}
	return false
}

// why describes the evidence in words.
func (h docHit) why() string {
	parts := make([]string, 0, len(h.clauses))
	for _, c := range h.clauses {
		var where []string
		if c.flags&inTitle != 0 {
			where = append(where, "title")
		}
		if c.flags&inTags != 0 {
			where = append(where, "tags")
		}
		where = append(where, fmt.Sprintf("text ×%d", c.tf))
		parts = append(parts, fmt.Sprintf("“%s” in %s", c.surface, strings.Join(where, ", ")))
	}
	return strings.Join(parts, "; ")
}

// rank applies the selection rule and orders by score, newest first on ties.
func (ix *Index) rank(hits map[uint32]docHit) []docHit {
	out := make([]docHit, 0, len(hits))
	for _, h := range hits {
		if h.about() {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return ix.docs[out[i].doc].published > ix.docs[out[j].doc].published
	})
	return out
}

// suggest explains an empty result: known words close to unknown ones, and
// the parts of a multi-word topic that do match on their own.
func (ix *Index) suggest(q Query) []string {
	var out []string
	seen := map[string]bool{}
	for _, alt := range q.Alts {
		for _, c := range alt {
			n := len(ix.rank(ix.clauseHitsAsDocs(c)))
			if n > 0 && len(alt) > 1 {
				out = appendOnce(out, seen, fmt.Sprintf("%s (%d articles)", c.Surface, n))
				continue
			}
			if n == 0 && len(c.Forms[0]) == 1 {
				for _, s := range ix.similarTerms(c.Forms[0][0], 3) {
					out = appendOnce(out, seen, s)
				}
			}
		}
	}
	return out
}

func (ix *Index) clauseHitsAsDocs(c Clause) map[uint32]docHit {
	out := map[uint32]docHit{}
	for d, h := range ix.clauseHits(c) {
		out[d] = docHit{doc: d, score: h.score, clauses: []clauseHit{{c.Surface, h.tf, h.flags}}}
	}
	return out
}

func appendOnce(out []string, seen map[string]bool, s string) []string {
	if seen[s] {
		return out
	}
	seen[s] = true
	return append(out, s)
}

// queryStems collects every stem of q's alternatives, for summary focus.
func queryStems(q Query) map[string]bool {
	m := map[string]bool{}
	for _, alt := range q.Alts {
		for _, c := range alt {
			for _, f := range c.Forms {
				for _, t := range f {
					m[t] = true
				}
			}
		}
	}
	return m
}
