package briefing

// selectQuery is the selection rule: the articles clearly about the topic,
// plus those that match the vocabulary learned from them about as strongly
// as they do (see feedback.go). The bar is lower for articles that name
// the topic, or some of its words, without being clearly about it; and a
// clear match that shares little of the learned vocabulary ("trading" in
// a stock report, for "trade") is dropped. The matches come in no
// particular order (see top), with the learned words that explain the
// learned ones (see relatedIn). Only documents from document from on are
// read, learned from and selected (see depth.go); from 0 is the whole
// index.
func (ix *Index) selectQuery(q Query, p feedbackParams, from uint32, mem *queryMem) ([]docHit, []relatedTerm) {
	hits := ix.evaluate(q, from, mem)
	clear := clearMatches(hits, mem)
	if len(clear) < p.minDocs {
		return clear, nil
	}
	m := ix.learn(q, clear, p, from)
	defer ix.release(m.ev)
	if m.ref <= 0 {
		return clear, nil
	}
	out := clear[:0] // filtered in place: learn is done with clear
	for _, h := range clear {
		if e := m.ev.score[h.doc]; e >= p.clearMin*m.ref {
			out = append(out, m.boost(h, e))
		}
	}
	n := len(out)
	return ix.capExpansion(ix.admitLearned(out, q, hits, m, p, mem), n, p.maxGrowth), m.rel
}

// topicModel is what a query learned: its related words, every article's
// evidence, and the clear matches' median evidence and score.
type topicModel struct {
	skip      map[uint32]bool // the topic's own words
	rel       []relatedTerm
	ev        evidence
	ref, base float64
}

// learn learns from the best clear matches, one per story (see
// feedbackDocs); it reorders clear.
func (ix *Index) learn(q Query, clear []docHit, p feedbackParams, from uint32) topicModel {
	best := ix.feedbackDocs(clear, p)
	fb := make([]uint32, len(best))
	for i, h := range best {
		fb[i] = h.doc
	}
	m := topicModel{skip: ix.queryTermIDs(q), base: best[len(fb)/2].score}
	m.rel = ix.related(fb, m.skip, p)
	m.ev = ix.evidence(m.rel, from)
	m.ref = m.ev.median(fb)
	return m
}

// boost adds evidence e to a match's score, on the clear matches' scale.
func (m topicModel) boost(h docHit, e float64) docHit {
	h.score += m.base * e / m.ref
	return h
}

// admitLearned appends the articles that are not clear matches but whose
// evidence clears their bar. It walks the documents in order, so that the
// evaluated hits and the topic words' postings are merged alongside
// rather than searched for each document.
func (ix *Index) admitLearned(out []docHit, q Query, hits []docHit, m topicModel, p feedbackParams, mem *queryMem) []docHit {
	from := m.ev.from
	named := ix.namedShare(m.skip, from)
	excluded := ix.excluded(q, from, mem)
	floor := min(p.mention, p.threshold) * m.ref
	learned := mem.spareDocHits()
	defer func() { mem.keepSpare(learned) }()
	next := 0 // hits[next] is the first hit not before the current document
	for i, e := range m.ev.score[from:] {
		if e < floor {
			continue // below every bar: skip the lookups
		}
		d := from + uint32(i)
		for next < len(hits) && hits[next].doc < d {
			next++
		}
		var h docHit
		if next < len(hits) && hits[next].doc == d {
			if h = hits[next]; h.about() {
				continue // a clear match, decided already
			}
		}
		if need := p.threshold - (p.threshold-p.mention)*named.of(d); e < need*m.ref || excluded.has(d) {
			continue
		}
		h.doc, h.learned = d, true
		learned = append(learned, m.boost(h, e))
	}
	if len(learned) <= cap(out)-len(out) {
		return append(out, learned...)
	}
	return append(append(mem.docHitSlice(len(out)+len(learned)), out...), learned...)
}

// capExpansion keeps at most maxGrowth times as many learned matches as
// clear ones, the strongest: a vocabulary that fits a large share of the
// corpus says more about the corpus than about the topic. The clear ones
// are out[:clearN].
func (ix *Index) capExpansion(out []docHit, clearN int, maxGrowth float64) []docHit {
	if limit := int(maxGrowth * float64(max(clearN, 1))); len(out)-clearN > limit {
		ix.selectBest(out[clearN:], limit)
		out = out[:clearN+limit]
	}
	return out
}

// namedShare tells, per document, the share of the topic's words it
// holds. Documents must be asked for in ascending order: it walks the
// words' postings alongside.
type namedShare struct {
	lists []*postings
	next  []int // per list, the first posting not before the last document asked for
}

func (ix *Index) namedShare(ids map[uint32]bool, from uint32) *namedShare {
	n := &namedShare{lists: make([]*postings, 0, len(ids)), next: make([]int, 0, len(ids))}
	for id := range ids {
		p := &ix.terms[id]
		n.lists = append(n.lists, p)
		n.next = append(n.next, p.lowerBound(from))
	}
	return n
}

func (n *namedShare) of(d uint32) float64 {
	if len(n.lists) == 0 {
		return 0
	}
	k := 0
	for i, p := range n.lists {
		j := n.next[i]
		for j < len(p.list) && p.list[j].doc < d {
			j++
		}
		n.next[i] = j
		if j < len(p.list) && p.list[j].doc == d {
			k++
		}
	}
	return float64(k) / float64(len(n.lists))
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

// excluded are the documents from document from on that q's -exclusions
// remove.
func (ix *Index) excluded(q Query, from uint32, mem *queryMem) hitList {
	var out hitList
	for _, c := range q.Not {
		out = unionBest(out, ix.clauseHits(c, from, mem), mem)
	}
	return out
}

// relatedIn lists up to n of the learned words document d holds, for why.
func (ix *Index) relatedIn(d uint32, rel []relatedTerm, n int) []string {
	var out []string
	for _, t := range rel {
		p := &ix.terms[t.id]
		if p.find(d) >= 0 {
			out = append(out, ix.surface(p))
			if len(out) == n {
				break
			}
		}
	}
	return out
}
