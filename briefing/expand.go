package briefing

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
	defer ix.release(ev)
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
	floor := min(p.mention, p.threshold) * ref
	for _, d := range ev.touched {
		if ev.score[d] < floor {
			continue // below every bar: skip the lookups
		}
		h, ok := findHit(hits, d)
		if ok && h.about() {
			continue // a clear match, decided above
		}
		e, need := ev.score[d], p.threshold-(p.threshold-p.mention)*named.of(d)
		if e < need*ref || excluded.has(d) {
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

// namedShare tells, per document, the share of the topic's words it
// holds, looking them up in their postings (few words, few lookups).
type namedShare []*postings

func (ix *Index) namedShare(ids map[uint32]bool) namedShare {
	out := make(namedShare, 0, len(ids))
	for id := range ids {
		out = append(out, &ix.terms[id])
	}
	return out
}

func (n namedShare) of(d uint32) float64 {
	if len(n) == 0 {
		return 0
	}
	k := 0
	for _, p := range n {
		if allContain([]*postings{p}, d) {
			k++
		}
	}
	return float64(k) / float64(len(n))
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
func (ix *Index) excluded(q Query) hitList {
	var out hitList
	for _, c := range q.Not {
		out = unionBest(out, ix.clauseHits(c))
	}
	return out
}

// relatedIn lists up to n of the learned words document d holds, for why.
func (ix *Index) relatedIn(d uint32, rel []relatedTerm, n int) []string {
	var out []string
	for _, t := range rel {
		p := &ix.terms[t.id]
		if p.find(d) >= 0 {
			out = append(out, p.surface)
			if len(out) == n {
				break
			}
		}
	}
	return out
}
