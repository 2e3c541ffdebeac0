package briefing

import (
	"math"
	"slices"
	"sort"
)

// Judgment is a channel's verdict on one article for one topic: 👍 (Up)
// or 👎. A channel's judgments for a topic are passed with a request
// (MatchOptions.Judgments, BriefOptions.Judgments); the engine keeps none,
// so one channel's verdicts never touch another's answers.
//
// How they are used (TREC-style adaptive filtering, Rocchio feedback): the
// topic's learned vocabulary is re-weighted towards the words of the
// articles judged up and away from those of the articles judged down
// (each word weighted by its share among them times its rarity in the
// whole store). Two profiles are learned: the judged-up articles' (with
// the topic's own vocabulary) and the judged-down articles'. An article of
// the selection that is more like the judged-down ones than the judged-up
// ones leaves it; one outside that is about as much like the judged-up
// ones as they are like each other, and more than like the judged-down
// ones, joins. Articles judged up are always in; articles judged down
// never return. Verdicts on articles outside the selection (exploratory
// near misses, explore.go, or articles judged while they were selected)
// admit the band of near misses above the lowest of them judged up, no
// deeper than exploration would probe for that many verdicts
// (admitExplored); one judged down there only bounds that band: it is
// like the topic by construction, and as a profile it would cut the
// selection's own articles.
type Judgment struct {
	ArticleID int64
	Up        bool
}

// judgeParams tune judgment learning.
type judgeParams struct {
	terms int     // profile words kept (by weight)
	prior float64 // weight of the topic's own learned vocabulary in the 👍 profile
	// join: an article outside the selection joins when it is at least
	// this much like the judged-up ones (1: as much as they typically
	// are) and more like them than like the judged-down ones.
	join float64
	// cut: a selected article leaves when it is more like the judged-down
	// ones than like the judged-up ones, and at least this much like them.
	cut float64
	// low: a selected article leaves when it is less than this much like
	// the judged-up ones (0: never; any bar tried cut more relevant
	// articles than irrelevant ones, see QUALITY.md).
	low float64
}

func defaultJudgeParams() judgeParams {
	return judgeParams{terms: 60, prior: 0.2, join: 1.2, cut: 0.5, low: 0}
}

// applyJudgments reshapes a selection (sel) by a channel's judgments; rel
// is the topic's learned vocabulary and skip its own words. Only
// documents from document from on are read.
func (ix *Index) applyJudgments(q Query, sel []docHit, rel []relatedTerm, skip map[uint32]bool, js []Judgment, from uint32, mem *queryMem) []docHit {
	verdict := map[uint32]bool{}
	var ups, downs []uint32
	for _, j := range js {
		d, ok := ix.byID.get(ix.docs, j.ArticleID)
		if !ok || d < from {
			continue
		}
		if _, seen := verdict[d]; seen {
			continue
		}
		verdict[d] = j.Up
		if j.Up {
			ups = append(ups, d)
		} else {
			downs = append(downs, d)
		}
	}
	if len(verdict) == 0 {
		return sel
	}
	downs = selectedOnly(downs, sel)
	p := defaultJudgeParams()
	like := ix.likeness(ix.judgedProfile(rel, skip, ups, p.prior), ups, from)
	unlike := ix.likeness(ix.judgedProfile(nil, skip, downs, 0), downs, from)
	joinable := like.joinable(p.join) // before the rest is asked: it scores every document on the heavy words
	defer like.release()
	defer unlike.release()
	selDocs := make([]uint32, 0, len(sel)+len(ups))
	for _, h := range sel {
		selDocs = append(selDocs, h.doc)
	}
	if like.ok {
		like.ensure(append(selDocs, ups...))
	}
	if unlike.ok {
		unlike.ensure(selDocs)
	}
	out := mem.docHitSlice(len(sel) + len(ups))
	in := make(map[uint32]bool, len(sel))
	for _, h := range sel {
		in[h.doc] = true
		up, judged := verdict[h.doc]
		a, b := like.of(h.doc), unlike.of(h.doc)
		switch {
		case judged && !up:
			continue
		case !judged && unlike.ok && b > a && b >= p.cut:
			continue // looks like what the channel judged down
		case !judged && like.ok && a < p.low:
			continue // looks nothing like what the channel judged up
		}
		h.score += a
		out = append(out, h)
	}
	var explored []uint32 // judged, though outside the selection: shown as near misses
	for d := range verdict {
		if !in[d] {
			explored = append(explored, d)
		}
	}
	for d, up := range verdict {
		if up && !in[d] {
			out = append(out, docHit{doc: d, learned: true, score: like.of(d)})
			in[d] = true
		}
	}
	out = ix.admitExplored(out, in, explored, verdict, q, rel, like, unlike, from, mem)
	if !like.ok {
		return out
	}
	return joinOnLikeness(out, joinable, in, verdict, like, unlike, p.join)
}

// joinOnLikeness adds the articles outside the selection (in) and
// unjudged that are at least join as much like the judged-up ones as
// they typically are and more like them than the judged-down ones; of
// joinable, the documents that can be (likeness.joinable), in order.
func joinOnLikeness(out []docHit, joinable []uint32, in map[uint32]bool, verdict map[uint32]bool, like, unlike *likeness, join float64) []docHit {
	var joins []uint32
	for _, d := range joinable {
		if _, judged := verdict[d]; !judged && !in[d] {
			joins = append(joins, d)
		}
	}
	like.ensure(joins)
	joins = slices.DeleteFunc(joins, func(d uint32) bool { return like.of(d) < join })
	if unlike.ok {
		unlike.ensure(joins)
	}
	for _, d := range joins {
		if a := like.of(d); a > unlike.of(d) {
			out = append(out, docHit{doc: d, learned: true, score: a})
		}
	}
	return out
}

// selectedOnly keeps the judged-down articles that are in the selection.
// A near miss judged down (explore.go) is like the topic by construction:
// as a profile it would cut the selection's own articles. It only bounds
// the band admitExplored admits.
func selectedOnly(downs []uint32, sel []docHit) []uint32 {
	if len(downs) == 0 {
		return downs
	}
	in := make(map[uint32]bool, len(sel))
	for _, h := range sel {
		in[h.doc] = true
	}
	kept := downs[:0]
	for _, d := range downs {
		if in[d] {
			kept = append(kept, d)
		}
	}
	return kept
}

// likeness is documents' profile scores relative to the median score of
// the judged articles the profile came from: 1 is "as much like them as
// they typically are".
//
// The 👍 profile is scored for every document (dense: any article can
// join on it), the 👎 profile only for the documents asked about
// (ensure): the selection, the near misses admitExplored weighs and the
// articles that would join, by seeking its words' postings to them.
// Scoring every posting of both profiles' 60 words was nearly all of a
// judged request's cost. Invariant: a document's score is the float64 the
// full pass gives, added in the same (profile) order, so answers do not
// change; of computes any document not yet asked about.
type likeness struct {
	ix      *Index
	profile []relatedTerm
	score   []float64
	have    []uint64 // documents whose score is computed, by bit
	done    int      // profile words added for every document (denseTo)
	ref     float64
	ok      bool
	from    uint32
}

func (ix *Index) likeness(profile []relatedTerm, judged []uint32, from uint32) *likeness {
	l := &likeness{ix: ix, from: from}
	if len(judged) == 0 || len(profile) == 0 {
		return l
	}
	l.profile = profile
	l.score = ix.scratch()
	l.have = make([]uint64, (len(l.score)+63)/64)
	if ix.denseLikeness {
		l.denseTo(len(profile))
	}
	l.ensure(judged)
	v := make([]float64, len(judged))
	for i, d := range judged {
		v[i] = l.score[d]
	}
	sort.Float64s(v)
	l.ref = v[len(v)/2]
	l.ok = l.ref > 0
	return l
}

// denseTo adds the profile's words from done to k to every document not
// computed yet; at len(profile) every document is.
func (l *likeness) denseTo(k int) {
	norms := l.ix.lengthNorms()
	for _, t := range l.profile[l.done:k] {
		c := l.ix.cursor(&l.ix.terms[t.id])
		for ok := c.seek(l.from); ok; ok = c.next() {
			if x := c.cur; !l.has(x.doc) {
				l.score[x.doc] += t.weight * bm25(x.tf, x.flags, norms[x.doc]) / (bm25K1 + 1)
			}
		}
	}
	l.done = k
	if k == len(l.profile) {
		for i := range l.have {
			l.have[i] = ^uint64(0)
		}
	}
}

// joinable is, in document order, every document from from on that can
// be at least join as much like the judged articles as they typically
// are (MaxScore, Turtle and Flood 1995). The profile is by weight, the
// heaviest first, and a word adds less than its weight to a score (bm25
// over its saturation is below 1); so once the words left weigh less than
// the bar, only documents whose score so far is within their weight of it
// can reach it. Every document is scored on the heavy words; the rest are
// added only for those candidates (and whatever else is asked, ensure),
// stopping as soon as seeking them is cheaper than reading the lists
// through. Scores stay the full pass's: the same words in the same order.
func (l *likeness) joinable(join float64) []uint32 {
	all := func() []uint32 {
		l.denseTo(len(l.profile))
		out := make([]uint32, 0, len(l.score)-int(l.from))
		for d := l.from; d < uint32(len(l.score)); d++ {
			out = append(out, d)
		}
		return out
	}
	if !l.ok || l.ix.denseLikeness {
		if l.ok {
			return all()
		}
		return nil
	}
	// slack both ways: the bound must hold for the float64 sums and
	// quotients, not only in exact arithmetic
	const slack = 1e-6
	bar := join * l.ref * (1 - slack)
	n := len(l.profile)
	weight := make([]float64, n+1) // of the words from k on
	reads := make([]int, n+1)      // their postings
	for k := n - 1; k >= 0; k-- {
		t := l.profile[k]
		weight[k] = weight[k+1] + max(t.weight, 0)
		reads[k] = reads[k+1] + int(l.ix.terms[t.id].n)
	}
	var cand []uint32
	looked := -1
	for k := 0; k < n; k++ {
		// look every other word (a look reads every document's score)
		if rest := weight[k] * (1 + slack); rest < bar && k-looked >= 2 {
			looked = k
			cand = cand[:0]
			for i, x := range l.score[l.from:] {
				if d := l.from + uint32(i); (x+rest)*(1+slack) >= bar || l.has(d) {
					cand = append(cand, d)
				}
			}
			// finishing the candidates (ensure) against reading the rest
			// through, leaving room for the candidates to shrink
			sparse := 0
			for _, t := range l.profile[k:] {
				sparse += min(int(l.ix.terms[t.id].n), seekCost*len(cand))
			}
			if 2*sparse < reads[k] {
				l.denseTo(k)
				return cand
			}
		}
		l.denseTo(k + 1)
	}
	return all()
}

// seekCost is about how many postings a seek reads (half a block of the
// skip table, postings.go).
const seekCost = postingBlock / 2

func (l *likeness) has(d uint32) bool { return l.have[d/64]&(1<<(d%64)) != 0 }

// ensure computes the scores of docs (any order, repeats allowed) not
// computed yet. Documents before from score 0, as in the full pass.
func (l *likeness) ensure(docs []uint32) {
	if l.score == nil {
		return
	}
	var need []uint32
	for _, d := range docs {
		if d >= l.from && !l.has(d) {
			l.have[d/64] |= 1 << (d % 64)
			need = append(need, d)
		}
	}
	if len(need) == 0 {
		return
	}
	slices.Sort(need)
	norms := l.ix.lengthNorms()
	for _, t := range l.profile[l.done:] {
		p := &l.ix.terms[t.id]
		c := l.ix.cursor(p)
		if int(p.n) < seekCost*len(need) { // dense: read the list through
			j := 0
			for ok := c.seek(need[0]); ok && j < len(need); ok = c.next() {
				x := c.cur
				for j < len(need) && need[j] < x.doc {
					j++
				}
				if j < len(need) && need[j] == x.doc {
					l.score[x.doc] += t.weight * bm25(x.tf, x.flags, norms[x.doc]) / (bm25K1 + 1)
				}
			}
			continue
		}
		for _, d := range need {
			if !c.seek(d) {
				break
			}
			if x := c.cur; x.doc == d {
				l.score[d] += t.weight * bm25(x.tf, x.flags, norms[x.doc]) / (bm25K1 + 1)
			}
		}
	}
}

func (l *likeness) of(d uint32) float64 {
	if !l.ok {
		return 0
	}
	if d >= l.from && !l.has(d) {
		l.ensure([]uint32{d})
	}
	return l.score[d] / l.ref
}

func (l *likeness) release() {
	if l.score != nil {
		clear(l.score[l.from:])
		l.ix.scratches.put(l.score)
	}
}

// judgedProfile is a Rocchio profile: the topic's learned words at prior
// weight, plus every word of the judged articles weighted by its share
// among them times its rarity in the store, the strongest kept. The
// topic's own words stay out (every selected article has them).
func (ix *Index) judgedProfile(rel []relatedTerm, skip map[uint32]bool, docs []uint32, prior float64) []relatedTerm {
	if len(docs) == 0 {
		return nil
	}
	n := float64(len(ix.docs))
	w := map[uint32]float64{}
	for _, t := range rel {
		w[t.id] += prior * t.weight
	}
	count := map[uint32]int{}
	for _, d := range docs {
		for id := range ix.docStems(d) {
			if !skip[id] && !ix.isForm(id) {
				count[id]++
			}
		}
	}
	need := min(2, len(docs)) // a word of one judged article of several is that article's, not the topic's
	for id, c := range count {
		if c < need {
			continue
		}
		df := float64(ix.terms[id].df())
		w[id] += float64(c) / float64(len(docs)) * math.Log(n/df)
	}
	out := make([]relatedTerm, 0, len(w))
	for id, x := range w {
		out = append(out, relatedTerm{id: id, weight: x})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].id < out[j].id
	})
	return out[:min(len(out), defaultJudgeParams().terms)]
}
