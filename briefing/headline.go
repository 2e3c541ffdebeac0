package briefing

import "slices"

// Headline check on weak literal matches. A topic's vocabulary is learned
// from its literal matches that are about it (in the title, tags or lead
// paragraph, or twice in the text). For a word that prominent places
// often use in passing or in a neighbouring subject ("inflation" in a
// lead paragraph on interest rates, "steel" in one on a trade dispute,
// "sterling" in every currency report), that learning set mixes the topic
// with its neighbours, and its vocabulary vouches for their mentions. The
// articles that name the topic in their headline are its clearest cases
// (over the evaluation's 60 topics, nine in ten of them carry the topic's
// label, against half of those that name it once in the lead paragraph
// and under a third of those that name it in passing): a vocabulary
// learned from them alone is narrower. When the topic's passing matches as
// a whole look unlike its clear ones to that vocabulary too (the
// in-passing cut's own gate, topicModel.checks), a literal match in
// passing that shares little of it is dropped, and so is one that names
// the topic only once, in its lead paragraph, and shares next to nothing
// of it. It only ever drops weak literal matches: one is kept when both
// vocabularies find the topic in it.
//
// With fewer than minDocs headline matches there is nothing to learn
// from, and with a thin headline vocabulary (fewer than half of the words
// a topic learns pass the share and lift bars: the headlines share little
// but the word) nothing to judge by: nothing is dropped.

// headlineDrops returns the documents of hits' weak literal matches (in
// passing, or named once in the lead paragraph alone) that the headline
// vocabulary drops, ascending (hits are in document order); m is what the
// topic learned from its clear matches.
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
	rel := ix.related(fb, m.skip, p)
	if 2*len(rel) < p.terms {
		return nil
	}
	s := ix.scorer(rel)
	ref := s.median(fb)
	if ref <= 0 {
		return nil
	}
	about, passing := m.mem.uint32s(nAbout), m.mem.uint32s(nPass)
	var lead []uint32
	for _, h := range hits {
		switch {
		case !h.literal:
		case h.about():
			about = append(about, h.doc)
			if leadOnce(h, m.mem) {
				lead = append(lead, h.doc)
			}
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
	for i, x := range s.scores(lead) {
		if x < p.headlineLead*ref {
			drop = append(drop, lead[i])
		}
	}
	slices.Sort(drop)
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

// leadOnce reports whether h is about the topic only through one
// occurrence in the lead paragraph: no clause in the title or tags, none
// twice.
func leadOnce(h docHit, mem *queryMem) bool {
	lead := false
	for _, c := range mem.why.at(h.why, h.n) {
		if c.flags&(inTitle|inTags) != 0 || c.tf >= 2 {
			return false
		}
		lead = lead || c.flags&inLead != 0
	}
	return lead
}
