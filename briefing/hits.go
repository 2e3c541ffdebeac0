package briefing

import "sort"

// Hit lists: the documents a clause or query matches, in document order,
// so that AND, OR and NOT are linear merges rather than hash lookups (a
// broad topic touches a large share of a big corpus).

// hit is how one clause occurs in one document. Its counts are the
// posting's own widths: a broad topic's hit lists at 1M articles hold
// hundreds of thousands of hits, and 16 bytes a hit instead of 24 keep a
// ranked answer's lists within what is kept between queries (querymem.go).
type hit struct {
	score float64
	tf    uint16
	flags uint8
}

// hitList is a set of documents, ascending, with a hit for each, or with
// hits nil: a list read only for its documents (clauseDocs), which needs
// 4 bytes a document rather than 20.
type hitList struct {
	docs []uint32
	hits []hit
}

// has reports whether d is in the list.
func (l hitList) has(d uint32) bool {
	i := sort.Search(len(l.docs), func(i int) bool { return l.docs[i] >= d })
	return i < len(l.docs) && l.docs[i] == d
}

// clauseHits scores every document from document from on containing any
// form of the clause, keeping the best form's hit. A phrase form is
// matched through its adjacent pairs.
func (ix *Index) clauseHits(c Clause, from uint32, mem *queryMem) hitList {
	return ix.clauseList(c, ix.lengthNorms(), from, mem)
}

// clauseDocs is clauseHits' documents alone (hits nil).
func (ix *Index) clauseDocs(c Clause, from uint32, mem *queryMem) hitList {
	return ix.clauseList(c, nil, from, mem)
}

// clauseList is clauseHits scored with norms, or its documents alone when
// norms is nil.
func (ix *Index) clauseList(c Clause, norms []float64, from uint32, mem *queryMem) hitList {
	var out hitList
	for _, form := range c.Forms {
		out = unionBest(out, ix.conjunction(formKeys(form), norms, from, mem), mem)
	}
	for _, form := range c.Families {
		out = unionBest(out, ix.conjunction(formKeys(form), norms, from, mem), mem)
	}
	return out
}

// conjunction returns the documents from document from on holding every
// key, scored by BM25 with field boosts (tf and flags taken from the
// rarest key); norms are the documents' length norms, nil for the
// documents alone (no hits).
func (ix *Index) conjunction(keys []string, norms []float64, from uint32, mem *queryMem) hitList {
	if !mem.within() {
		return hitList{} // over budget: the request fails (budget.go)
	}
	lists := make([]*postings, 0, len(keys))
	for _, k := range keys {
		p := ix.lookup(k)
		if p == nil {
			return hitList{}
		}
		lists = append(lists, p)
	}
	sort.Slice(lists, func(i, j int) bool { return lists[i].df() < lists[j].df() })
	rare := lists[0]
	idf := ix.idf(rare.df())
	n := ix.countFrom(rare, from)
	out := hitList{docs: mem.uint32s(n)}
	if norms != nil {
		out.hits = mem.hitSlice(n)
	}
	var buf [4]cursor
	others := buf[:0]
	for _, p := range lists[1:] {
		others = append(others, ix.cursor(p))
	}
	walk := ix.cursor(rare)
	for k, ok := 0, walk.seek(from); ok; k, ok = k+1, walk.next() {
		if k%budgetStride == budgetStride-1 && !mem.within() {
			return hitList{}
		}
		x := walk.cur
		if !allContain(others, x.doc) {
			continue
		}
		out.docs = append(out.docs, x.doc)
		if norms != nil {
			out.hits = append(out.hits, hit{score: idf * bm25(x.tf, x.flags, norms[x.doc]), tf: x.tf, flags: x.flags})
		}
	}
	// reserved at the rarest key's count: the others usually leave less
	return mem.giveBackHits(out)
}

// allContain reports whether every cursor holds d. The cursors only move
// forward: ask for ascending documents.
func allContain(cs []cursor, d uint32) bool {
	for i := range cs {
		if !cs[i].seek(d) || cs[i].cur.doc != d {
			return false
		}
	}
	return true
}

// unionBest merges two hit lists, keeping the better hit of a document in
// both; a list of documents alone makes the union one too.
func unionBest(a, b hitList, mem *queryMem) hitList {
	if len(a.docs) == 0 {
		return b
	}
	if len(b.docs) == 0 {
		return a
	}
	if a.hits == nil || b.hits == nil {
		return unionDocs(a, b, mem)
	}
	out := hitList{docs: mem.uint32s(len(a.docs) + len(b.docs)), hits: mem.hitSlice(len(a.docs) + len(b.docs))}
	i, j := 0, 0
	for i < len(a.docs) || j < len(b.docs) {
		switch {
		case j == len(b.docs) || (i < len(a.docs) && a.docs[i] < b.docs[j]):
			out.docs, out.hits = append(out.docs, a.docs[i]), append(out.hits, a.hits[i])
			i++
		case i == len(a.docs) || b.docs[j] < a.docs[i]:
			out.docs, out.hits = append(out.docs, b.docs[j]), append(out.hits, b.hits[j])
			j++
		default:
			h := a.hits[i]
			if b.hits[j].score > h.score {
				h = b.hits[j]
			}
			out.docs, out.hits = append(out.docs, a.docs[i]), append(out.hits, h)
			i, j = i+1, j+1
		}
	}
	return mem.giveBackHits(out) // reserved for no document in both
}

// unionDocs merges two lists of documents alone.
func unionDocs(a, b hitList, mem *queryMem) hitList {
	out := hitList{docs: mem.uint32s(len(a.docs) + len(b.docs))}
	i, j := 0, 0
	for i < len(a.docs) || j < len(b.docs) {
		switch {
		case j == len(b.docs) || (i < len(a.docs) && a.docs[i] < b.docs[j]):
			out.docs = append(out.docs, a.docs[i])
			i++
		case i == len(a.docs) || b.docs[j] < a.docs[i]:
			out.docs = append(out.docs, b.docs[j])
			j++
		default:
			out.docs = append(out.docs, a.docs[i])
			i, j = i+1, j+1
		}
	}
	return mem.giveBackHits(out)
}
