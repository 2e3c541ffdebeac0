package briefing

import "sync"

// termPools keeps docTerms' stems and pairs slices once inserted, for the
// next articles: ingest made one per article, with regrowths (a fifth of
// what it allocated; the rest of the heap is mostly the index, which the
// collector scans at every cycle). (The pairs were a map, not kept:
// clearing a map costs its largest size, so reused maps cost more than
// new ones.)
//
// Only the analysis's owner releases, once, after insert (which keeps
// nothing of a docTerms but strings and copied values): Index.add for
// what it analysed, Engine.Ingest for what it analysed before storing.
type termPools struct {
	stems sync.Pool // *[]stemStat, empty
	pairs sync.Pool // *[]pairCount, empty
}

// maxReused bounds the entries of a slice kept for reuse: a huge
// article's memory is not kept for small ones.
const maxReused = 1 << 12

// stemSlice returns an empty slice for docTerms.stems.
func (p *termPools) stemSlice(hint int) []stemStat {
	if s, ok := p.stems.Get().(*[]stemStat); ok {
		return *s
	}
	return make([]stemStat, 0, hint)
}

// pairSlice returns an empty slice for docTerms.pairs.
func (p *termPools) pairSlice(hint int) []pairCount {
	if s, ok := p.pairs.Get().(*[]pairCount); ok {
		return *s
	}
	return make([]pairCount, 0, hint)
}

// release gives dt's stems and pairs slices back; dt must not be used
// afterwards.
func (p *termPools) release(dt docTerms) {
	if dt.stems != nil && cap(dt.stems) <= maxReused {
		clear(dt.stems) // keeps no strings alive
		s := dt.stems[:0]
		p.stems.Put(&s)
	}
	if dt.pairs != nil && cap(dt.pairs) <= maxReused {
		s := dt.pairs[:0]
		p.pairs.Put(&s)
	}
}
