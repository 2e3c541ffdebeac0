package briefing

import "sync"

// termPools keeps the memory of analysed articles (docTerms' stems slice
// and pairs map) once they are inserted, for the next ones: ingest made
// both anew per article, with regrowths, and they were half of what it
// allocated, the rest of the heap being mostly the index the collector
// scans at every cycle.
//
// Only the analysis's owner releases, once, after insert (which keeps
// nothing of a docTerms but strings and copied values): Index.add for
// what it analysed, Engine.Ingest for what it analysed before storing.
type termPools struct {
	pairs sync.Pool // map[uint64]termStat, empty
	stems sync.Pool // *[]stemStat, empty
}

// maxReused bounds the entries of a slice or map kept for reuse: a huge
// article's memory is not kept for small ones.
const maxReused = 1 << 12

// pairsMap returns an empty map for docTerms.pairs.
func (p *termPools) pairsMap(hint int) map[uint64]termStat {
	if m, ok := p.pairs.Get().(map[uint64]termStat); ok {
		return m
	}
	return make(map[uint64]termStat, hint)
}

// stemSlice returns an empty slice for docTerms.stems.
func (p *termPools) stemSlice(hint int) []stemStat {
	if s, ok := p.stems.Get().(*[]stemStat); ok {
		return *s
	}
	return make([]stemStat, 0, hint)
}

// release gives dt's slice and map back; dt must not be used afterwards.
func (p *termPools) release(dt docTerms) {
	if dt.pairs != nil && len(dt.pairs) <= maxReused {
		clear(dt.pairs)
		p.pairs.Put(dt.pairs)
	}
	if dt.stems != nil && cap(dt.stems) <= maxReused {
		clear(dt.stems) // keeps no strings alive
		s := dt.stems[:0]
		p.stems.Put(&s)
	}
}
