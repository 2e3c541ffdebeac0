package briefing

import "unsafe"

// IndexMem estimates the bytes the engine's index holds, by structure
// (capacity, not length: what the heap pays), for the memory benchmarks.
func IndexMem(e *Engine) map[string]int64 {
	ix := e.index
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := map[string]int64{}
	var np int64
	for i := range ix.terms {
		np += int64(ix.terms[i].n)
	}
	out["postings.arrays"] = int64(cap(ix.arena)) + int64(cap(ix.tails))*24
	for _, c := range ix.chunks {
		out["postings.arrays"] += int64(cap(c))
	}
	for _, tl := range ix.tails {
		out["postings.arrays"] += int64(cap(tl)) * int64(unsafe.Sizeof(posting{}))
	}
	out["postings.count"] = np
	out["postings.terms"] = int64(cap(ix.terms)) * int64(unsafe.Sizeof(postings{}))
	out["terms.count"] = int64(len(ix.terms))
	memDictionary(ix, out)
	return out
}

// memDictionary adds what the documents and the term dictionary hold:
// maps are estimated at their entries' size times 1.5 (bucket slack)
// plus each string's bytes.
func memDictionary(ix *Index, out map[string]int64) {
	out["docs.meta"] = int64(cap(ix.docs)) * int64(unsafe.Sizeof(docMeta{}))
	out["docs.stems"] = int64(ix.fwd.bytes()) + int64(cap(ix.fwd.at))*8
	out["byID"] = int64(cap(ix.byID.sorted))*4 + int64(len(ix.byID.late))*(8+4)*3/2
	for s := range ix.ids {
		out["ids"] += int64(len(s)) + (16+4)*3/2
	}
	out["pairs"] = int64(cap(ix.pairs.start)+cap(ix.pairs.second)+cap(ix.pairs.term))*4 + int64(len(ix.pairs.fresh))*(8+4)*3/2
	out["words"] = int64(cap(ix.words)) * int64(unsafe.Sizeof(stemText{}))
	for _, w := range ix.words {
		out["words"] += int64(len(w.surface)) // the term's bytes are shared with ids
	}
}

// EngineStore is the store an engine reads.
func EngineStore(e *Engine) ArticleStore { return e.store }
