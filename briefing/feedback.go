package briefing

import (
	"math"
	"sort"
)

// Topic vocabulary learned from the stored articles (pseudo-relevance
// feedback). People type "earnings" but wire stories about earnings say
// "shr", "net", "revs" and "qtr"; they type "acquisitions" and the stories
// say "acquire", "merger" and "stake". The articles that are clearly about
// the topic (they name it in the title or lead, or repeatedly) show which
// other words go with it: words much more common among them than in the
// whole corpus. An article that uses enough of those words, as strongly as
// the clear cases do, may be about the topic too, whether or not it uses
// the topic's own word; which such articles a topic admits is decided per
// topic against its own literal matches (expand.go). Nothing here knows any
// topic: the words and their weights come from the corpus at query time.

// feedbackParams tune the expansion (see QUALITY.md for how).
type feedbackParams struct {
	docs      int     // how many of the best clear matches to learn from
	minDocs   int     // fewer clear matches than this: too little to learn from
	terms     int     // how many related words to keep
	minShare  float64 // a related word occurs in at least this share of them
	minLift   float64 // and is at least this many times commoner there than overall
	threshold float64 // an article needs this share of the clear matches' median evidence
	// mention: an article that names the topic only in passing needs this
	// (lower) share instead.
	mention float64
	// maxGrowth caps the learned matches at this many times the literal ones.
	maxGrowth float64
	// passCut: a literal match in passing needs this share of the median
	// evidence, when the topic's cut check passes: the in-passing
	// matches' median evidence is under cutCheck times the clear ones'.
	passCut, cutCheck float64
	// aboutCut: what a literal match about the topic needs then.
	aboutCut float64
	// headlineCut: what a literal match in passing also needs of the
	// vocabulary learned from the topic's headline matches alone, when
	// that vocabulary's own cut check passes (headline.go).
	headlineCut float64
	// headlineLead: what a literal match that names the topic only once,
	// in its lead paragraph, needs of that vocabulary then.
	headlineLead float64
	// variantAbout, variantPass: what a non-literal match of the topic's
	// stems needs, about the topic or in passing, when the topic's class
	// check passes (classCheck).
	variantAbout, variantPass float64
	// variantCheck: a typed plural's singular that is commoner than the
	// typed word counts as literal when its articles' median evidence is
	// at least this share of the literal matches about the topic.
	variantCheck float64
	// apartMin: what a match whose words are apart needs then.
	apartMin float64
	// classCheck: other word forms, and words apart, are admitted (each
	// on apartMin or variantAbout/variantPass) only when the class's
	// median evidence is at least this share of the held-out literal
	// matches', under a vocabulary learned from half the topic's stories
	// (heldout.go).
	classCheck float64
	// learnedNamed: an article that does not name the topic needs at least
	// this share of its words to be admitted on learned vocabulary.
	learnedNamed float64
}

func defaultFeedbackParams() feedbackParams {
	return feedbackParams{docs: 100, minDocs: 8, terms: 30, minShare: 0.1, minLift: 2,
		threshold: 1.1, mention: 0.4, maxGrowth: 0.5,
		passCut: 0.5, cutCheck: 0.9, aboutCut: 0, headlineCut: 0.4, headlineLead: 0.3, variantAbout: 0.3, variantPass: 0.8, variantCheck: 0.3,
		learnedNamed: 0.01, apartMin: 0.8, classCheck: 0.5}
}

// feedbackDocs picks the documents to learn from: the best clear matches,
// one per story. Copies of one story (a wire story carried by many feeds,
// or lightly reworded versions of it) score alike, the shortest on top,
// and would otherwise fill the feedback set: the vocabulary learned would
// be that story's rather than the topic's, and the topic's other stories
// would be dropped for lacking it. A copy is told by the share of distinct
// stems two documents have in common (estimated from bottom-k sketches):
// copies share most of theirs, different stories on one topic a tenth to
// a fifth. It looks at up to feedbackPool times as many matches as it
// keeps, best first, and keeps fewer when those hold fewer stories.
func (ix *Index) feedbackDocs(clear []docHit, p feedbackParams) []docHit {
	picked := make([]docHit, 0, min(len(clear), p.docs))
	stories := storyIndex{by: make(map[uint64][]int32, min(len(clear), p.docs)*storyKeys)}
	// The pool is selected once (linear in the matches); within it, best
	// first a batch at a time: most topics have few copies, so the first
	// batch is nearly all that is needed and ranking the pool is not.
	rest := clear
	if n := p.docs * feedbackPool; len(rest) > n {
		ix.selectBest(rest, n)
		rest = rest[:n]
	}
	for len(picked) < p.docs && len(rest) > 0 {
		batch := ix.top(rest, p.docs)
		rest = rest[len(batch):]
		for _, h := range batch {
			s := ix.sketch(h.doc)
			if stories.has(s) {
				continue
			}
			picked = append(picked, h)
			stories.add(s)
			if len(picked) == p.docs {
				break
			}
		}
	}
	return picked
}

const (
	feedbackPool = 4
	sketchSize   = 8
	// copyShare: documents sharing at least this share of their distinct
	// stems are copies of one story.
	copyShare = 0.5
)

// stemSketch is a document's sketchSize smallest stem hashes, ascending
// (fewer for a document with fewer stems): two sketches estimate the
// Jaccard similarity of the full stem sets.
type stemSketch struct {
	h [sketchSize]uint64
	n int
}

func (ix *Index) sketch(d uint32) stemSketch {
	var s stemSketch
	for id := range ix.docStems(d) {
		x := mix64(uint64(id))
		if s.n == sketchSize && x >= s.h[sketchSize-1] {
			continue
		}
		i := s.n
		if i == sketchSize {
			i-- // drop the largest
		} else {
			s.n++
		}
		for ; i > 0 && s.h[i-1] > x; i-- {
			s.h[i] = s.h[i-1]
		}
		s.h[i] = x
	}
	return s
}

// sameStory estimates whether s and o are copies: of the smallest hashes
// of the union of their stems, the share both hold (the bottom-k
// estimator of Jaccard similarity).
func (s stemSketch) sameStory(o stemSketch) bool {
	k := min(sketchSize, max(s.n, o.n))
	if k == 0 {
		return false
	}
	i, j, seen, both := 0, 0, 0, 0
	for seen < k && (i < s.n || j < o.n) {
		switch {
		case j == o.n || (i < s.n && s.h[i] < o.h[j]):
			i++
		case i == s.n || o.h[j] < s.h[i]:
			j++
		default:
			both++
			i, j = i+1, j+1
		}
		seen++
	}
	return float64(both) >= copyShare*float64(seen)
}

// storyIndex finds, among the sketches added, a copy of a new one without
// comparing it with every one: a copy shares at least half of the union's
// smallest sketchSize hashes, so the first shared hash is among the first
// storyKeys of each sketch, and sketches are filed under those.
type storyIndex struct {
	by       map[uint64][]int32
	sketches []stemSketch
}

const storyKeys = sketchSize - (sketchSize+1)/2 + 1 // copyShare is a half

func (x *storyIndex) has(s stemSketch) bool {
	for _, h := range s.h[:min(s.n, storyKeys)] {
		for _, j := range x.by[h] {
			if s.sameStory(x.sketches[j]) {
				return true
			}
		}
	}
	return false
}

func (x *storyIndex) add(s stemSketch) {
	j := int32(len(x.sketches))
	x.sketches = append(x.sketches, s)
	for _, h := range s.h[:min(s.n, storyKeys)] {
		x.by[h] = append(x.by[h], j)
	}
}

// mix64 is SplitMix64's finaliser: stem numbers are dense small integers,
// and a sketch needs them spread uniformly.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// relatedTerm is a word learned for a topic and its weight.
type relatedTerm struct {
	id     uint32
	weight float64
}

// related learns the topic's vocabulary from the feedback documents:
// words common among them and rare elsewhere, weighted by the
// Robertson–Sparck Jones relevance weight, best first. Query terms are
// left out (they are scored already).
func (ix *Index) related(feedback []uint32, skip map[uint32]bool, p feedbackParams) []relatedTerm {
	counts := ix.countStems(feedback)
	defer ix.releaseCounts(counts)
	r, n := float64(len(feedback)), float64(len(ix.docs))
	var out []relatedTerm
	for _, id := range counts.ids {
		c := int(counts.n[ix.terms[id].word-1])
		share := float64(c) / r
		df := float64(ix.terms[id].df())
		if c < 3 || skip[id] || ix.isForm(id) || share < p.minShare || share < p.minLift*df/n {
			continue
		}
		w := math.Log((float64(c) + 0.5) / (r - float64(c) + 0.5) * (n - df - r + float64(c) + 0.5) / (df - float64(c) + 0.5))
		if w > 0 {
			out = append(out, relatedTerm{id: id, weight: w * share})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].id < out[j].id
	})
	return out[:min(len(out), p.terms)]
}

// evidence holds, for every document from document from on (or, for a
// selection, those of its needDocs: the others' slots stay zero), the sum
// of the learned words' weights, each saturated by its frequency and
// length like BM25. It is dense (one slot per document, zero for none)
// because a common learned word touches a large share of the corpus; the
// slots below from stay zero.
type evidence struct {
	score []float64
	from  uint32
}

// evidence scores the documents from document from on in need (every one
// when need is nil).
func (ix *Index) evidence(rel []relatedTerm, from uint32, need *docMask) evidence {
	ev := evidence{score: ix.scratch(), from: from}
	norms := ix.lengthNorms()
	// A word at a time over the whole range, each of up to 30 words
	// would walk two dense 8 MB arrays (the slots and the length norms
	// at 1M articles) from end to end, a cache miss per posting. So the
	// range is read a block of documents at a time, every word's
	// postings in the block before the next block, while the block's
	// slots stay in cache. A document's slot still adds its words in
	// rel's order: the sums are the same, bit for bit.
	var buf [32]cursor
	cs := buf[:0]
	for _, t := range rel {
		c := ix.cursor(&ix.terms[t.id])
		if !c.seek(from) {
			c = cursor{} // no posting: c.i is not below c.n
		}
		cs = append(cs, c)
	}
	block := uint64(evidenceBlock)
	if ix.evBlock > 0 {
		block = uint64(ix.evBlock)
	}
	for lo := uint64(from); lo < uint64(len(ix.docs)); lo += block {
		hi := uint32(min(lo+block, uint64(len(ix.docs))))
		for i := range cs {
			if need != nil {
				cs[i].addNeeded(hi, rel[i].weight, ev.score, norms, need)
			} else {
				cs[i].addEvidence(hi, rel[i].weight, ev.score, norms, nil)
			}
		}
	}
	return ev
}

// addEvidence adds the weighted evidence of c's postings of documents
// before hi (those in need, every one when nil) to score, and leaves c at
// the first posting past them. The sealed postings are decoded here as
// next does, in locals: this loop reads most of a topic's postings, and
// a call per posting was a third of its time.
func (c *cursor) addEvidence(hi uint32, w float64, score, norms []float64, need *docMask) {
	x, i, pos := c.cur, c.i, c.pos
	for i >= 0 && i < c.n && x.doc < hi {
		if need == nil || need.has(x.doc) {
			score[x.doc] += w * bm25(x.tf, x.flags, norms[x.doc]) / (bm25K1 + 1)
		}
		if i+1 < c.sealed {
			gap, p := uvarint32(c.data, pos)
			v, p := uvarint32(c.data, p)
			x, i, pos = posting{doc: x.doc + gap, tf: uint16(v >> 4), flags: uint8(v & 15)}, i+1, p
			continue
		}
		c.cur, c.i, c.pos = x, i, pos
		c.next() // into the tail, or past the end
		x, i, pos = c.cur, c.i, c.pos
	}
	c.cur, c.i, c.pos = x, i, pos
}

// addNeeded is addEvidence for the documents in need. Which postings are
// needed is unpredictable (a fifth of them for the slowest topic at 1M
// articles), and a branch on it per posting cost more than scoring every
// posting. So the walk sets the needed postings aside without a branch
// (each is written, and kept by advancing the count by its bit), and they
// are scored after, in order: each document still adds this word here,
// after the words before it, so the sums are the same.
func (c *cursor) addNeeded(hi uint32, w float64, score, norms []float64, need *docMask) {
	var kept [256]posting
	n := 0
	flush := func() {
		for _, y := range kept[:n] {
			score[y.doc] += w * bm25(y.tf, y.flags, norms[y.doc]) / (bm25K1 + 1)
		}
		n = 0
	}
	x, i, pos := c.cur, c.i, c.pos
	for i >= 0 && i < c.n && x.doc < hi {
		kept[n] = x
		n += need.bit(x.doc)
		if n == len(kept) {
			flush()
		}
		if i+1 < c.sealed {
			gap, p := uvarint32(c.data, pos)
			v, p := uvarint32(c.data, p)
			x, i, pos = posting{doc: x.doc + gap, tf: uint16(v >> 4), flags: uint8(v & 15)}, i+1, p
			continue
		}
		c.cur, c.i, c.pos = x, i, pos
		c.next() // into the tail, or past the end
		x, i, pos = c.cur, c.i, c.pos
	}
	c.cur, c.i, c.pos = x, i, pos
	flush()
}

// evidenceBlock is the documents evidence reads at a time: their slots
// and length norms (16 bytes a document) fit in a core's L2 cache.
const evidenceBlock = 1 << 14

// scratch returns a zeroed score slot per document, reused across queries
// (a large corpus makes this slice the biggest allocation of a query: 8 MB
// at 1M articles, two of them live in a query that learns). A kept slice
// shorter than the index is dropped.
func (ix *Index) scratch() []float64 {
	if v, ok := ix.scratches.get(); ok && len(v) >= len(ix.docs) {
		return v[:len(ix.docs)]
	}
	return make([]float64, len(ix.docs), len(ix.docs)+len(ix.docs)/8)
}

// release zeroes the slice (only the slots evidence wrote) and returns it
// for reuse.
func (ix *Index) release(ev evidence) {
	clear(ev.score[ev.from:])
	ix.scratches.put(ev.score)
}

// median returns the median evidence of docs; its working list comes from
// mem.
func (ev evidence) median(docs []uint32, mem *queryMem) float64 {
	if len(docs) == 0 {
		return 0
	}
	v := mem.floatSlice(len(docs))[:len(docs)]
	for i, d := range docs {
		v[i] = ev.score[d]
	}
	sort.Float64s(v)
	return v[len(v)/2]
}
