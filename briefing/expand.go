package briefing

// selectQuery is the selection rule. It starts from what a whole-word
// filter would select, the literal matches (literal.go), and lets every
// addition or cut the engine learns earn its place for this topic, judged
// against the topic's own literal matches:
//
//   - the vocabulary is learned from the literal matches that are about
//     the topic (pseudo-relevance feedback, feedback.go);
//   - a literal match that names the topic only in passing is dropped when
//     it shares little of that vocabulary, and only when the topic's
//     in-passing matches as a whole look unlike its clear ones;
//   - other inflections and word families ("shipped" for "shipping"), and
//     an unquoted topic's words apart rather than adjacent, are admitted,
//     each class on its own, when its articles as a whole look like the
//     topic's literal matches to a vocabulary learned from half the
//     topic's stories (classChecks, heldout.go), each article then on its
//     own evidence;
//   - articles that do not name the topic are admitted on strong evidence,
//     at most so many per literal match, scaled by the topic's self-check
//     (learnedReliability): none when a vocabulary learned from half the
//     topic's stories finds few of its other literal matches beside what it
//     would add;
//   - a typed plural's singular counts as literal when it cannot swamp the
//     topic or looks like it (singularCheck).
//
// The matches come in no particular order (see top), with the learned
// words that explain the learned ones (see relatedIn). Only documents from
// document from on are read, learned from and selected (see depth.go);
// from 0 is the whole index.
func (ix *Index) selectQuery(q Query, p feedbackParams, from uint32, mem *queryMem) ([]docHit, []relatedTerm) {
	// each step's hit lists are folded into hits (the flags included)
	// before the next: their room is reused (releaseLists)
	lists := mem.markLists()
	hits := ix.evaluate(q, from, mem)
	mem.releaseLists(lists)
	markLiteral(hits, ix.literalDocs(q, from, mem), ix.adjacentDocs(q, from, mem))
	mem.releaseLists(lists)
	wordsApartAsWritten(hits)
	markSingular(hits, ix.singularDocs(q, from, mem))
	mem.releaseLists(lists)
	baseMark := mem.markDocHits()
	base := learningBase(hits, p, mem)
	if len(base) < p.minDocs {
		topicModel{mem: mem}.singularCheck(hits, p) // too little to learn from: the count alone
		out := hits[:0]
		for _, h := range hits {
			if h.literal || h.about() {
				out = append(out, h)
			}
		}
		return out, nil
	}
	need := ix.needDocs(hits, ix.queryTermIDs(q), from)
	defer ix.releaseMask(need)
	m := ix.learn(q, base, p, from, mem, need)
	defer ix.release(m.ev)
	if m.ref <= 0 {
		return base, nil
	}
	m.singularCheck(hits, p)
	c := m.checks(hits, p)
	v := ix.classChecks(hits, base, m, p)
	drop := ix.headlineDrops(hits, m, p)
	// base (learned from, reordered) is read no more: the selection's list
	// takes its room
	mem.releaseDocHits(baseMark)
	out := mem.docHitSlice(len(hits)) // hits stay whole: admitLearned walks them
	literal := 0
	for _, h := range hits {
		e := m.ev.score[h.doc]
		for len(drop) > 0 && drop[0] < h.doc {
			drop = drop[1:]
		}
		dropped := len(drop) > 0 && drop[0] == h.doc // literal matches only
		keep := false
		switch {
		case h.literal && h.about():
			keep = (!c.cut || e >= p.aboutCut*m.ref) && !dropped
		case h.literal:
			keep = (!c.cut || e >= p.passCut*m.ref) && !dropped
		case h.apart:
			keep = v.apart && e >= p.apartMin*m.ref
		case h.about():
			keep = v.variants && e >= p.variantAbout*m.ref
		default:
			keep = v.variants && e >= p.variantPass*m.ref
		}
		if keep {
			if h.literal {
				literal++
			}
			out = append(out, m.boost(h, e))
		}
	}
	n := len(out)
	out = ix.admitLearned(out, q, hits, m, m.ev, m.ref, p, mem)
	limit := 0
	if len(out) > n {
		// learned additions only on the topic's own measured reliability
		limit = int(p.maxGrowth * float64(max(literal, 1)) * ix.selfCheck(q, hits, m, p, mem))
	}
	return ix.capExpansion(out, n, limit), m.rel
}

// wordsApartAsWritten makes an unquoted topic's words apart its literal
// matches when every match has them apart: "feed barley" or "LME copper"
// written together, in any word form, in no stored article (a match in
// another form, "feeding barley", is written together). Then the words as typed
// find nothing, and an article that holds them all is the nearest reading
// of what was asked, as an "all words" filter reads it; with even one
// match written together, the words apart must earn their place as before
// (classChecks). A quoted phrase never has words apart. It is decided for
// the whole topic: with OR, only when no alternative has a literal match.
func wordsApartAsWritten(hits []docHit) {
	for _, h := range hits {
		if h.literal || !h.apart {
			return
		}
	}
	for i := range hits {
		hits[i].literal, hits[i].apart = true, false
	}
}

// Self-check of learned additions. Learned vocabulary can fit a topic's
// stories or only their genre (an economic indicator's words fit every
// indicator's stories). Which one a topic has is measured on the topic's
// own literal matches: the vocabulary is learned again from every second
// one of the stories it was learned from, and the articles that this
// vocabulary would add are counted against the literal matches it was not
// learned from that clear the same bar. Where those held-out literal
// matches are few beside what would be added, the vocabulary picks the
// genre more than the topic, and the additions are scaled down to none.
const (
	// selfCheckLow: held-out literal matches at most this share of what
	// clears the bar: no learned additions.
	selfCheckLow = 0.3
	// selfCheckHigh: at least this share: learned additions up to the
	// full cap (maxGrowth); in between, in proportion.
	selfCheckHigh = 0.5
	// selfCheckShare is the share of the topic's words the held-out
	// literal matches are measured as holding: they hold all of them, and
	// would clear any lower bar; a learned addition typically holds part.
	selfCheckShare = 0.5
)

// learnedReliability is the self-check's verdict, from 0 (admit no
// learned additions) to 1 (admit up to the cap).
func (ix *Index) learnedReliability(q Query, hits []docHit, m topicModel, p feedbackParams, mem *queryMem) float64 {
	half := make([]uint32, 0, (len(m.fb)+1)/2)
	inHalf := make(map[uint32]bool, cap(half))
	for i := 0; i < len(m.fb); i += 2 {
		half = append(half, m.fb[i])
		inHalf[m.fb[i]] = true
	}
	ev := ix.evidence(ix.related(half, m.skip, p), m.ev.from, m.need)
	defer ix.release(ev)
	ref := ev.median(half, mem)
	if ref <= 0 {
		return 0
	}
	held := 0
	bar := (p.threshold - (p.threshold-p.mention)*selfCheckShare) * ref
	for _, h := range hits {
		if h.literal && !inHalf[h.doc] && ev.score[h.doc] >= bar {
			held++
		}
	}
	added := len(ix.admitLearned(nil, q, hits, m, ev, ref, p, mem))
	if held+added < p.minDocs {
		return 0 // a verdict on so few articles cannot tell: the word filter's choice
	}
	share := float64(held) / float64(held+added)
	return min(1, max(0, (share-selfCheckLow)/(selfCheckHigh-selfCheckLow)))
}

// learningBase is what a topic's vocabulary is learned from: its literal
// matches that are about it; all its literal matches when those are too
// few; its matches at stem level that are about it when even those are too
// few (a word typed in an unusual inflection).
func learningBase(hits []docHit, p feedbackParams, mem *queryMem) []docHit {
	out := mem.docHitSlice(len(hits)) // one list: a base too small is dropped
	for _, keep := range []func(docHit) bool{
		func(h docHit) bool { return h.literal && h.about() },
		func(h docHit) bool { return h.literal },
		func(h docHit) bool { return h.about() },
	} {
		out = out[:0]
		for _, h := range hits {
			if keep(h) {
				out = append(out, h)
			}
		}
		if len(out) >= p.minDocs {
			return mem.giveBackDocHits(out)
		}
	}
	mem.giveBackDocHits(out[:0])
	return nil
}

// singularCheck counts a typed plural's singular as the typed word
// (marks those hits literal) when it cannot swamp the topic: its articles
// are no more than the typed word's own literal matches ("oilseed" for
// oilseeds), or, as a whole, they look like the literal matches that are
// about the topic ("acquisition" for acquisitions). A singular that is
// another common word ("good" for goods) is many times commoner and unlike
// them.
func (m topicModel) singularCheck(hits []docHit, p feedbackParams) {
	nAbout, nOne := 0, 0
	for _, h := range hits {
		switch {
		case h.literal:
			if h.about() {
				nAbout++
			}
		case h.singular:
			nOne++
		}
	}
	about, one := m.mem.uint32s(nAbout), m.mem.uint32s(nOne)
	literal := 0
	for _, h := range hits {
		switch {
		case h.literal:
			literal++
			if h.about() {
				about = append(about, h.doc)
			}
		case h.singular:
			one = append(one, h.doc)
		}
	}
	if len(one) == 0 || len(one) > literal && (m.ev.score == nil || len(about) == 0 || m.ev.median(one, m.mem) < p.variantCheck*m.ev.median(about, m.mem)) {
		return
	}
	for i := range hits {
		if hits[i].singular {
			hits[i].literal = true
		}
	}
}

// topicChecks are a topic's verdicts on its cuts (its additions: see
// classChecks and learnedReliability).
type topicChecks struct {
	cut bool // in-passing literal matches may be dropped
}

// checks decides, from the topic's own matches, which learned additions
// and cuts it takes (see selectQuery).
func (m topicModel) checks(hits []docHit, p feedbackParams) topicChecks {
	nAbout := 0
	for _, h := range hits {
		if h.literal && h.about() {
			nAbout++
		}
	}
	about, passing := m.mem.uint32s(nAbout), m.mem.uint32s(len(hits)-nAbout)
	for _, h := range hits {
		switch {
		case h.literal && h.about():
			about = append(about, h.doc)
		case h.literal:
			passing = append(passing, h.doc)
		}
	}
	var c topicChecks
	ma := m.ev.median(about, m.mem)
	if len(about) == 0 {
		ma = m.ref
	}
	c.cut = len(passing) > 0 && m.ev.median(passing, m.mem) < p.cutCheck*ma
	return c
}

// topicModel is what a query learned: its related words, every article's
// evidence, and the clear matches' median evidence and score; mem is the
// query's memory, for the checks' working lists.
type topicModel struct {
	skip      map[uint32]bool // the topic's own words
	fb        []uint32        // the stories learned from, best first
	rel       []relatedTerm
	ev        evidence
	need      *docMask // the documents ev is scored for (nil: every one; see needDocs)
	ref, base float64
	mem       *queryMem
}

// learn learns from the best clear matches, one per story (see
// feedbackDocs); it reorders clear. Its evidence is scored for the
// documents in need (needDocs; nil: every one).
func (ix *Index) learn(q Query, clear []docHit, p feedbackParams, from uint32, mem *queryMem, need *docMask) topicModel {
	best := ix.feedbackDocs(clear, p)
	fb := make([]uint32, len(best))
	for i, h := range best {
		fb[i] = h.doc
	}
	m := topicModel{skip: ix.queryTermIDs(q), fb: fb, base: best[len(fb)/2].score, mem: mem, need: need}
	m.rel = ix.related(fb, m.skip, p)
	m.ev = ix.evidence(m.rel, from, need)
	m.ref = m.ev.median(fb, mem)
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
func (ix *Index) admitLearned(out []docHit, q Query, hits []docHit, m topicModel, ev evidence, ref float64, p feedbackParams, mem *queryMem) []docHit {
	from := ev.from
	named := ix.namedShare(m.skip, from)
	excluded := ix.excluded(q, from, mem)
	floor := min(p.mention, p.threshold) * ref
	learned := mem.spareDocHits()
	defer func() { mem.keepSpare(learned) }()
	next := 0 // hits[next] is the first hit not before the current document
	for i, e := range ev.score[from:] {
		if e < floor {
			continue // below every bar: skip the lookups
		}
		d := from + uint32(i)
		for next < len(hits) && hits[next].doc < d {
			next++
		}
		var h docHit
		if next < len(hits) && hits[next].doc == d {
			continue // names the topic: decided already
		}
		share := named.of(d)
		if need := p.threshold - (p.threshold-p.mention)*share; e < need*ref || share < p.learnedNamed || excluded.has(d) {
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

// capExpansion keeps at most limit learned matches, the strongest: a
// vocabulary that fits a large share of the corpus says more about the
// corpus than about the topic. The matches that name the topic are
// out[:clearN].
func (ix *Index) capExpansion(out []docHit, clearN int, limit int) []docHit {
	if len(out)-clearN > limit {
		ix.selectBest(out[clearN:], limit)
		out = out[:clearN+limit]
	}
	return out
}

// namedShare tells, per document, the share of the topic's words it
// holds. Documents must be asked for in ascending order: it walks the
// words' postings alongside.
type namedShare struct {
	words []cursor // per word, at the first posting not before the last document asked for
}

func (ix *Index) namedShare(ids map[uint32]bool, from uint32) *namedShare {
	n := &namedShare{words: make([]cursor, 0, len(ids))}
	for id := range ids {
		c := ix.cursor(&ix.terms[id])
		c.seek(from)
		n.words = append(n.words, c)
	}
	return n
}

func (n *namedShare) of(d uint32) float64 {
	if len(n.words) == 0 {
		return 0
	}
	k := 0
	for i := range n.words {
		if c := &n.words[i]; c.seek(d) && c.cur.doc == d {
			k++
		}
	}
	return float64(k) / float64(len(n.words))
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
		out = unionBest(out, ix.clauseDocs(c, from, mem), mem)
	}
	return out
}

// relatedIn lists up to n of the learned words document d holds, for why.
func (ix *Index) relatedIn(d uint32, rel []relatedTerm, n int) []string {
	var out []string
	for _, t := range rel {
		p := &ix.terms[t.id]
		if ix.has(p, d) {
			out = append(out, ix.surface(p))
			if len(out) == n {
				break
			}
		}
	}
	return out
}
