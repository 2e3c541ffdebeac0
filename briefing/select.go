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
	related []string // learned topic words that also made it match
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
	if len(h.related) > 0 {
		parts = append(parts, "related words: "+strings.Join(h.related, ", "))
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
	ix.sortHits(out)
	return out
}

func (ix *Index) sortHits(out []docHit) {
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		if pi, pj := ix.docs[out[i].doc].published, ix.docs[out[j].doc].published; pi != pj {
			return pi > pj
		}
		return out[i].doc > out[j].doc
	})
}

// selectQuery is the selection rule: the articles clearly about the topic,
// plus those that match the vocabulary learned from them about as strongly
// as they do (see feedback.go), best first. The bar is lower for articles
// that name the topic, or some of its words, without being clearly about
// it; and a clear match that shares little of the learned vocabulary
// ("trading" in a stock report, for "trade") is dropped.
func (ix *Index) selectQuery(q Query, p feedbackParams) []docHit {
	hits := ix.evaluate(q)
	clear := ix.rank(hits)
	if len(clear) < p.minDocs {
		return clear
	}
	fb := make([]uint32, min(p.docs, len(clear)))
	for i := range fb {
		fb[i] = clear[i].doc
	}
	skip := ix.queryTermIDs(q)
	rel := ix.related(fb, skip, p)
	ev := ix.evidence(rel)
	ref := ev.median(fb)
	if ref <= 0 {
		return clear
	}
	base := clear[len(fb)/2].score
	out := make([]docHit, 0, len(clear))
	for _, h := range clear {
		if e := ev.score[h.doc]; e >= p.clearMin*ref {
			h.score += base * e / ref
			out = append(out, h)
		}
	}
	named := ix.namedShare(skip)
	excluded := ix.excluded(q)
	for _, d := range ev.touched {
		h, ok := hits[d]
		if ok && h.about() {
			continue // a clear match, decided above
		}
		e, need := ev.score[d], p.threshold-(p.threshold-p.mention)*float64(named[d])
		if e < need*ref || excluded[d] {
			continue
		}
		h.doc = d
		h.score += base * e / ref
		h.related = ix.relatedIn(d, rel, 3)
		out = append(out, h)
	}
	ix.sortHits(out)
	return out
}

// namedShare is, per document, the share of the topic's words it holds.
func (ix *Index) namedShare(ids map[uint32]bool) []float32 {
	out := make([]float32, len(ix.docs))
	for id := range ids {
		for _, d := range ix.terms[id].docs {
			out[d] += 1 / float32(len(ids))
		}
	}
	return out
}

// queryTermIDs are the term numbers of q's single words.
func (ix *Index) queryTermIDs(q Query) map[uint32]bool {
	out := map[uint32]bool{}
	for t := range queryStems(q) {
		if id, ok := ix.ids[t]; ok {
			out[id] = true
		}
	}
	return out
}

// excluded are the documents q's -exclusions remove.
func (ix *Index) excluded(q Query) map[uint32]bool {
	out := map[uint32]bool{}
	for _, c := range q.Not {
		for d := range ix.clauseHits(c) {
			out[d] = true
		}
	}
	return out
}

// relatedIn lists up to n of the learned words document d holds, for why.
func (ix *Index) relatedIn(d uint32, rel []relatedTerm, n int) []string {
	var out []string
	for _, t := range rel {
		p := &ix.terms[t.id]
		i := sort.Search(len(p.docs), func(i int) bool { return p.docs[i] >= d })
		if i < len(p.docs) && p.docs[i] == d {
			out = append(out, p.surface)
			if len(out) == n {
				break
			}
		}
	}
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
