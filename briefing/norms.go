package briefing

import (
	"sync"
	"sync/atomic"
)

// normCache holds every document's BM25 length norm for one state of the
// index. A broad topic scores tens of thousands of postings, each needing
// its document's length against the average; the average moves with every
// article added, so the norms are computed once per index size, on the
// first query that needs them, and shared by the queries that follow.
type normCache struct {
	mu  sync.Mutex // serialises recomputation; readers load cur
	cur atomic.Pointer[lengthNorms]
}

type lengthNorms struct {
	docs     int   // len(Index.docs) they were computed for
	totalLen int64 // and Index.totalLen, so a rebuilt index never matches by chance
	norm     []float64
}

// lengthNorms returns the documents' length norms, by document number.
// The caller holds ix.mu (read or write), so the index cannot change
// meanwhile.
func (ix *Index) lengthNorms() []float64 {
	if n := ix.norms.cur.Load(); n != nil && n.docs == len(ix.docs) && n.totalLen == ix.totalLen {
		return n.norm
	}
	ix.norms.mu.Lock()
	defer ix.norms.mu.Unlock()
	if n := ix.norms.cur.Load(); n != nil && n.docs == len(ix.docs) && n.totalLen == ix.totalLen {
		return n.norm // another query computed them while we waited
	}
	avg := ix.avgLen()
	norm := make([]float64, len(ix.docs))
	for d, m := range ix.docs {
		norm[d] = bm25K1 * (1 - bm25B + bm25B*float64(m.length)/avg)
	}
	ix.norms.cur.Store(&lengthNorms{docs: len(ix.docs), totalLen: ix.totalLen, norm: norm})
	return norm
}
