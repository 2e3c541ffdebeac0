package briefing

import "sort"

// Held-out class checks. A topic's other word forms ("shipped" for
// shipping) and its words apart (an unquoted topic's words present but not
// adjacent) are loosened admissions: for one topic they are the same
// stories told differently (foreign exchange reserves for "foreign
// reserves"), for another a different subject (retail stores' sales
// figures for "retail sales"). Each class earns its place per topic on the
// topic's own matches, measured as the self-check of learned additions is
// (learnedReliability): the vocabulary is learned again from every second
// story the topic learned from, and the class's median evidence under it
// is compared with that of the learning set's other members, which the
// half vocabulary did not see. Measured on what the vocabulary was learned
// from, the learning set would look more like the topic than any class
// can, and the check would turn on the class's size rather than its
// likeness.
//
// With fewer than minDocs held-out stories the check cannot tell, and the
// whole-word filter's choice is kept: the class is not admitted.

// heldOutSample caps how many articles of each side are scored: the
// medians are stable long before, and scoring is per article.
const heldOutSample = 200

// classVerdicts are a topic's held-out verdicts on its loosened classes.
type classVerdicts struct {
	variants bool // other word forms may be admitted, each on its evidence
	apart    bool // words apart may be admitted, each on its evidence
}

// classChecks decides, for the topic learned as m from base, whether its
// other word forms and its words apart may be admitted.
func (ix *Index) classChecks(hits, base []docHit, m topicModel, p feedbackParams) classVerdicts {
	nApart, nVariant := 0, 0
	for _, h := range hits {
		switch {
		case h.literal:
		case h.apart:
			nApart++
		default:
			nVariant++
		}
	}
	variant, apart := m.mem.uint32s(nVariant), m.mem.uint32s(nApart)
	admissible := false // some member would clear its bar: a verdict matters
	for _, h := range hits {
		switch {
		case h.literal:
		case h.apart:
			apart = append(apart, h.doc)
			admissible = admissible || m.ev.score[h.doc] >= p.apartMin*m.ref
		default:
			variant = append(variant, h.doc)
			admissible = admissible || m.ev.score[h.doc] >= min(p.variantAbout, p.variantPass)*m.ref
		}
	}
	if !admissible {
		return classVerdicts{}
	}
	half := make([]uint32, 0, (len(m.fb)+1)/2)
	inHalf := make(map[uint32]bool, cap(half))
	for i := 0; i < len(m.fb); i += 2 {
		half = append(half, m.fb[i])
		inHalf[m.fb[i]] = true
	}
	held := m.mem.uint32s(len(hits) - nApart - nVariant)
	for _, h := range hits {
		if h.literal && !inHalf[h.doc] {
			held = append(held, h.doc)
		}
	}
	if len(held) < p.minDocs {
		return classVerdicts{}
	}
	s := ix.scorer(ix.related(half, m.skip, p))
	ref := s.median(sample(held))
	if ref <= 0 {
		return classVerdicts{}
	}
	like := func(docs []uint32) bool {
		return len(docs) > 0 && s.median(sample(docs)) >= p.classCheck*ref
	}
	return classVerdicts{variants: like(variant), apart: like(apart)}
}

// sample keeps at most heldOutSample of docs, evenly spread.
func sample(docs []uint32) []uint32 {
	if len(docs) <= heldOutSample {
		return docs
	}
	out := make([]uint32, heldOutSample)
	for i := range out {
		out[i] = docs[i*len(docs)/heldOutSample]
	}
	return out
}

// docScorer scores chosen articles on learned words, as evidence does for
// every article: for a few hundred articles, searching each word's
// postings is cheaper than a pass over them.
type docScorer struct {
	ix  *Index
	rel []relatedTerm
}

func (ix *Index) scorer(rel []relatedTerm) docScorer { return docScorer{ix: ix, rel: rel} }

// median is the median score of docs, which must be ascending (see
// scores).
func (s docScorer) median(docs []uint32) float64 {
	if len(docs) == 0 {
		return 0
	}
	return median(s.scores(docs))
}

// scores scores each of docs, which must be ascending: each word's
// postings are searched from where the previous document's search ended.
func (s docScorer) scores(docs []uint32) []float64 {
	norms := s.ix.lengthNorms()
	v := make([]float64, len(docs))
	for _, t := range s.rel {
		c := s.ix.cursor(&s.ix.terms[t.id])
		for i, d := range docs {
			if !c.seek(d) {
				break // no posting at or after d
			}
			if c.cur.doc == d {
				x := c.cur
				v[i] += t.weight * bm25(x.tf, x.flags, norms[d]) / (bm25K1 + 1)
			}
		}
	}
	return v
}

// median sorts v and returns its median (0 for none).
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sort.Float64s(v)
	return v[len(v)/2]
}
