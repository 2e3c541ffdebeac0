package briefing

import "slices"

// Headline check on literal matches in passing. A topic's vocabulary is
// learned from its literal matches that are about it (in the title, tags
// or lead paragraph, or twice in the text). For a word that prominent
// places often use in passing or in a neighbouring subject ("inflation"
// in a lead paragraph on interest rates, "steel" in one on a trade
// dispute, "sterling" in every currency report), that learning set mixes
// the topic with its neighbours, and its vocabulary vouches for passing
// mentions that are about the neighbours. The articles that name the
// topic in their headline are its clearest cases: a vocabulary learned
// from them alone is narrower, and a literal match in passing that shares
// little of it is dropped as well, when the topic's passing matches as a
// whole look unlike its clear ones to that vocabulary too (the in-passing
// cut's own gate, topicModel.checks). It only ever drops literal matches
// in passing: one is kept when both vocabularies find the topic in it.
//
// With fewer than minDocs headline matches there is nothing to learn
// from, and nothing is dropped.

// headlineDrops returns the documents of hits' literal matches in passing
// that the headline vocabulary drops, ascending (hits are in document
// order); m is what the topic learned from its clear matches.
func (ix *Index) headlineDrops(hits []docHit, m topicModel, p feedbackParams) []uint32 {
	nPass, nAbout := 0, 0
	for _, h := range hits {
		switch {
		case !h.literal:
		case h.about():
			nAbout++
		default:
			nPass++
		}
	}
	if nPass == 0 {
		return nil
	}
	heads := m.mem.docHitSlice(nAbout)
	for _, h := range hits {
		if h.literal && headline(h, m.mem) {
			heads = append(heads, h)
		}
	}
	heads = m.mem.giveBackDocHits(heads)
	if len(heads) < p.minDocs {
		return nil
	}
	best := ix.feedbackDocs(heads, p)
	fb := make([]uint32, len(best))
	for i, h := range best {
		fb[i] = h.doc
	}
	slices.Sort(fb)
	s := ix.scorer(ix.related(fb, m.skip, p))
	ref := s.median(fb)
	if ref <= 0 {
		return nil
	}
	about, passing := m.mem.uint32s(nAbout), m.mem.uint32s(nPass)
	for _, h := range hits {
		switch {
		case !h.literal:
		case h.about():
			about = append(about, h.doc)
		default:
			passing = append(passing, h.doc)
		}
	}
	v := s.scores(passing)
	if median(slices.Clone(v)) >= p.cutCheck*s.median(sample(about)) {
		return nil // the passing matches look like the clear ones to it too
	}
	var drop []uint32
	for i, d := range passing {
		if v[i] < p.headlineCut*ref {
			drop = append(drop, d)
		}
	}
	return drop
}

// headline reports whether some clause of h occurs in the title.
func headline(h docHit, mem *queryMem) bool {
	for _, c := range mem.why.at(h.why, h.n) {
		if c.flags&inTitle != 0 {
			return true
		}
	}
	return false
}
