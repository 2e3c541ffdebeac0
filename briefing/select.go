package briefing

import (
	"fmt"
	"strings"
)

// Selection: which articles a topic selects and how they rank. This one rule
// serves /brief, match, watches and digests alike.

// clauseHit is how one clause occurs in a matching document: the
// evidence why explains. Its surface is a number into the query's
// whyTable (querymem.go), so that a broad topic's evidence at 1M articles
// (hundreds of thousands of documents) is 6 bytes a clause, not 24.
type clauseHit struct {
	surface uint16 // whyTable.surfaces
	tf      uint16 // a posting's (see hit)
	flags   uint8
}

// aboutHit reports whether one clause's occurrence makes a document about
// the topic (see docHit.about).
func aboutHit(tf uint16, flags uint8) bool { return flags&fieldFlags != 0 || tf >= 2 }

// docHit is one matching document. It holds no pointer and is 24 bytes
// (TestQueryMemSizes): an unranked answer over a large archive holds a
// few lists of every match at once. Its clause evidence is in the
// query's whyTable, entries why to why+n.
type docHit struct {
	doc   uint32
	why   uint32 // first of its n clauseHits in the query's whyTable
	score float64
	n     uint16
	// topical: some clause occurs in the title, tags or lead paragraph,
	// or more than once in the text (about), kept as the evidence is
	// gathered so the selection never reads the whyTable
	topical bool
	learned bool // admitted on learned vocabulary alone (see admitLearned)
	literal bool // the topic occurs literally (see literal.go)
	apart   bool // an unquoted topic's words occur, but not next to each other
	// singular: not literal, but literal with a typed plural's singular
	// (see singularDocs)
	singular bool
}

// evaluate returns every document from document from on that satisfies
// some alternative of q and none of its exclusions, with its best
// alternative's score, ascending by document.
func (ix *Index) evaluate(q Query, from uint32, mem *queryMem) []docHit {
	var best []docHit
	for _, alt := range q.Alts {
		best = mergeBest(best, ix.evaluateAlt(alt, from, mem), mem)
	}
	for _, c := range q.Not {
		not := ix.clauseDocs(c, from, mem)
		kept := best[:0]
		for _, h := range best {
			if !not.has(h.doc) {
				kept = append(kept, h)
			}
		}
		best = kept
	}
	return best
}

// evaluateAlt returns the documents from document from on holding every
// clause of alt.
func (ix *Index) evaluateAlt(alt []Clause, from uint32, mem *queryMem) []docHit {
	var acc []docHit
	for i, c := range alt {
		hits := ix.clauseHits(c, from, mem)
		surface := mem.why.surface(c.Surface)
		if i == 0 {
			acc = mem.docHitSlice(len(hits.docs))[:len(hits.docs)]
			for k, d := range hits.docs {
				h := hits.hits[k]
				// room for every clause of alt; the first filled
				why := mem.why.take(len(alt))
				mem.why.at(why, 1)[0] = clauseHit{surface, h.tf, h.flags}
				acc[k] = docHit{doc: d, why: why, n: 1, score: h.score, topical: aboutHit(h.tf, h.flags)}
			}
			continue
		}
		kept, j := acc[:0], 0
		for _, cur := range acc {
			for j < len(hits.docs) && hits.docs[j] < cur.doc {
				j++
			}
			if j == len(hits.docs) || hits.docs[j] != cur.doc {
				continue
			}
			h := hits.hits[j]
			cur.score += h.score
			cur.n++
			mem.why.at(cur.why, cur.n)[cur.n-1] = clauseHit{surface, h.tf, h.flags}
			cur.topical = cur.topical || aboutHit(h.tf, h.flags)
			kept = append(kept, cur)
		}
		if acc = kept; len(acc) == 0 {
			return nil
		}
	}
	ix.phraseBonus(alt, acc, from, mem)
	return acc
}

// mergeBest merges two document-ordered lists, keeping the better score of
// a document in both, with both alternatives' clauses.
func mergeBest(a, b []docHit, mem *queryMem) []docHit {
	if len(a) == 0 {
		return b
	}
	out := mem.docHitSlice(len(a) + len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i].doc < b[j].doc):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j].doc < a[i].doc:
			out = append(out, b[j])
			j++
		default:
			// the better alternative's score; the evidence of both, so that
			// why names every alternative that matched
			h, o := a[i], b[j]
			if o.score > h.score {
				h, o = o, h
			}
			why := mem.why.take(int(h.n) + int(o.n))
			cs := mem.why.at(why, h.n+o.n)
			copy(cs[copy(cs, mem.why.at(h.why, h.n)):], mem.why.at(o.why, o.n))
			h.why, h.n = why, h.n+o.n
			h.topical = h.topical || o.topical
			out = append(out, h)
			i, j = i+1, j+1
		}
	}
	return mem.giveBackDocHits(out) // reserved for no document in both
}

// phraseBonus rewards documents where consecutive words of an unquoted
// multi-word topic also occur next to each other ("crude oil").
func (ix *Index) phraseBonus(alt []Clause, acc []docHit, from uint32, mem *queryMem) {
	norms := ix.lengthNorms()
	for i := 1; i < len(alt); i++ {
		a, b := alt[i-1].Forms[0], alt[i].Forms[0]
		pairs := ix.conjunction([]string{a[len(a)-1] + " " + b[0]}, norms, from, mem)
		j := 0
		for k := range acc {
			for j < len(pairs.docs) && pairs.docs[j] < acc[k].doc {
				j++
			}
			if j < len(pairs.docs) && pairs.docs[j] == acc[k].doc {
				acc[k].score += pairs.hits[j].score * 0.5
			}
		}
	}
}

// about reports whether a document is about the topic rather than naming it
// in passing: some clause occurs in the title, tags or lead paragraph, or
// more than once in the text.
func (h docHit) about() bool { return h.topical }

// whyWords describes evidence in words ("“gsomia” in title, text ×3"),
// remembering each phrase: one query formats the same few clause phrases
// for every match it shows. t is the query's evidence.
type whyWords struct {
	t    *whyTable
	said map[clauseHit]string
}

func newWhyWords(t *whyTable) whyWords { return whyWords{t: t, said: map[clauseHit]string{}} }

// of describes h's evidence, with related, the learned words it also
// holds.
func (w whyWords) of(h docHit, related []string) string {
	cs := w.t.at(h.why, h.n)
	if len(cs) == 1 && len(related) == 0 {
		return w.clause(cs[0])
	}
	parts := make([]string, 0, len(cs)+1)
	for _, c := range cs {
		parts = append(parts, w.clause(c))
	}
	if len(related) > 0 {
		parts = append(parts, "related words: "+strings.Join(related, ", "))
	}
	return strings.Join(parts, "; ")
}

func (w whyWords) clause(c clauseHit) string {
	if s, ok := w.said[c]; ok {
		return s
	}
	where := ""
	if c.flags&inTitle != 0 {
		where += "title, "
	}
	if c.flags&inTags != 0 {
		where += "tags, "
	}
	s := fmt.Sprintf("“%s” in %stext ×%d", w.t.surfaces[c.surface], where, c.tf)
	w.said[c] = s
	return s
}

// clearMatches applies the selection rule: the hits that are about the
// topic, in document order.
func clearMatches(hits []docHit, mem *queryMem) []docHit {
	out := mem.docHitSlice(len(hits))
	for _, h := range hits {
		if h.about() {
			out = append(out, h)
		}
	}
	return mem.giveBackDocHits(out)
}

// suggest explains an empty result: known words close to unknown ones, and
// the parts of a multi-word topic that do match on their own.
func (ix *Index) suggest(q Query) []string {
	var out []string
	for _, c := range ix.suggestions(q, 3) {
		out = append(out, c.String())
	}
	return out
}

// suggestion is one "did you mean": a known word close to a typed one, or
// a part of the topic (Count: its matches) that matches on its own.
type suggestion struct {
	Text    string
	Part    bool
	Count   int
	AtLeast bool   // Count is a lower bound (a scoped count, scope_count.go)
	clause  Clause // a part's clause, to count it again in a scope
}

func (s suggestion) String() string {
	if !s.Part {
		return s.Text
	}
	n := fmt.Sprintf("%d %s", s.Count, "articles")
	if s.Count == 1 {
		n = "1 article"
	}
	if s.AtLeast {
		n = "at least " + n
	}
	return fmt.Sprintf("%s (%s)", s.Text, n)
}

// suggestions gathers the suggestions of suggest, up to words close words
// per unknown word, each once, in order.
func (ix *Index) suggestions(q Query, words int) []suggestion {
	var out []suggestion
	seen := map[string]bool{}
	add := func(s suggestion) {
		if k := fmt.Sprint(s.Part, s.Text); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	for _, alt := range q.Alts {
		for _, c := range alt {
			n := len(clearMatches(ix.clauseHitsAsDocs(c), nil))
			if n > 0 && len(alt) > 1 && hasLetter(c.Surface) {
				add(suggestion{Text: c.Surface, Part: true, Count: n, clause: c})
				continue
			}
			if n == 0 && len(c.Words) == 1 {
				for _, s := range ix.similarWords(c.Words[0], words) {
					add(suggestion{Text: s})
				}
			}
		}
	}
	return out
}

func (ix *Index) clauseHitsAsDocs(c Clause) []docHit {
	hits := ix.clauseHits(c, 0, nil)
	out := make([]docHit, len(hits.docs))
	for i, d := range hits.docs {
		h := hits.hits[i]
		out[i] = docHit{doc: d, score: h.score, topical: aboutHit(h.tf, h.flags)} // counted, never explained
	}
	return out
}

// queryStems collects every stem of q's alternatives, for summary focus.
func queryStems(q Query) map[string]bool {
	m := map[string]bool{}
	for _, alt := range q.Alts {
		for _, c := range alt {
			for _, f := range append(c.Forms[:len(c.Forms):len(c.Forms)], c.Families...) {
				for _, t := range f {
					m[t] = true
				}
			}
		}
	}
	return m
}
