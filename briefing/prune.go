package briefing

import (
	"context"
	"fmt"
	"slices"
)

// Removing articles (retention, see package retention): the Store deletes
// them, and each engine's index follows the Store.
//
// Invariants:
//   - The Store stays the truth. DropDeleted removes from the index
//     exactly the articles the Store no longer holds, whoever deleted them
//     (this process, `briefbot prune`, another replica), so every replica
//     converges on the Store; afterwards the index is what a rebuild over
//     the remaining articles would hold (learned acronym aliases aside,
//     which are vocabulary, not articles), and an index file saved from it
//     passes the snapshot check (snapshot_identity.go) while one saved
//     before the deletion does not: a restart never brings pruned
//     articles back.
//   - Answers never wait for a removal. The smaller index is built beside
//     the current one under the read lock, then swapped in under the write
//     lock (a few pointer writes); queries meanwhile answer from the
//     current index and skip their sync rather than wait (maybeSync).
//     Sync and Ingest do wait (the pass holds syncMu), so nothing stored
//     meanwhile is lost by the swap.
//   - Between the deletion and DropDeleted an answer may select a deleted
//     article; loading it from the Store finds nothing, and it is left
//     out (stories, digests and source filters load every article they
//     show).

// DropDeleted removes from the index the articles the Store no longer
// holds and returns how many it removed. It lists the Store's article IDs
// (a primary-key scan) and, when some are gone, rebuilds the index without
// them; memory peaks at the current index plus the smaller one.
func (e *Engine) DropDeleted(ctx context.Context) (int, error) {
	e.dropping.Add(1)
	defer e.dropping.Add(-1)
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	if e.lastID == 0 || e.index.Len() == 0 {
		return 0, nil
	}
	ids, err := e.store.ArticleIDs(ctx, 0, e.lastID)
	if err != nil {
		return 0, fmt.Errorf("briefing: drop deleted articles: %w", err)
	}
	n := e.index.removeDocs(func(id int64) bool {
		_, found := slices.BinarySearch(ids, id)
		return !found
	})
	if n > 0 {
		e.gen.Add(1)      // digests' shared topic work is redone
		e.lateScanned = 0 // the store's count moved: let syncLateAnyGap look again
		e.log.Info("index: dropped deleted articles", "count", n, "indexed", e.index.Len())
	}
	return n, nil
}

// removeDocs removes the documents whose article ID gone reports, and the
// terms only they held, renumbering documents and terms densely (postings
// stay sorted: document order is kept). The caller holds whatever keeps
// other writers out (Engine.syncMu): the new index is built under the
// read lock only.
func (ix *Index) removeDocs(gone func(id int64) bool) int {
	ix.sealMu.Lock() // a seal would install an arena for the old documents
	defer ix.sealMu.Unlock()
	ix.mu.RLock()
	keep := make([]uint32, len(ix.docs)) // old document -> new, noDoc when removed
	kept := 0
	for d, m := range ix.docs {
		keep[d] = noDoc
		if !gone(m.id) {
			keep[d] = uint32(kept)
			kept++
		}
	}
	if kept == len(ix.docs) {
		ix.mu.RUnlock()
		return 0
	}
	o := ix.compacted(keep, kept)
	removed := len(ix.docs) - kept
	ix.mu.RUnlock()

	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.changed()
	ix.docs, ix.byID, ix.ids, ix.pairs, ix.terms, ix.words, ix.totalLen = o.docs, o.byID, o.ids, o.pairs, o.terms, o.words, o.totalLen
	ix.wordTerm, ix.fwd = o.wordTerm, o.fwd
	// The arena is flat until the next seal cuts it into chunks.
	ix.arena, ix.chunks, ix.order, ix.tails, ix.tailN = o.arena, nil, nil, nil, 0
	ix.insertCache = nil    // terms and words renumbered
	ix.norms.cur.Store(nil) // computed for the old documents
	return removed
}

const noDoc = ^uint32(0)

// keptTerms numbers the terms the kept documents hold exactly as
// indexing those documents afresh would: document by document, its new
// stems in order of first occurrence, then its new word pairs. Stem
// numbers matter beyond identity (learned vocabulary breaks ties by them,
// story sketches hash them), so this keeps answers equal to a rebuild's.
// It returns old term -> new (noDoc when dropped) and the old terms in
// new order.
func (ix *Index) keptTerms(keep []uint32, kept int) (termMap, order []uint32) {
	termMap = make([]uint32, len(ix.terms))
	// Each pair is numbered after the stems of the first kept document
	// holding it: bucket the pairs by that document (a counting sort).
	firstAt := make([]uint32, len(ix.terms))
	start := make([]uint32, kept+2)
	for t := range ix.terms {
		termMap[t], firstAt[t] = noDoc, noDoc
		if ix.terms[t].word != 0 {
			continue
		}
		c := ix.cursor(&ix.terms[t])
		for c.next() {
			if nd := keep[c.cur.doc]; nd != noDoc {
				firstAt[t] = nd
				start[nd+2]++
				break
			}
		}
	}
	for i := 2; i < len(start); i++ {
		start[i] += start[i-1]
	}
	pairs := make([]uint32, start[len(start)-1])
	for t, nd := range firstAt {
		if nd != noDoc {
			pairs[start[nd+1]] = uint32(t)
			start[nd+1]++
		}
	}
	// Now start[nd] .. start[nd+1] are document nd's pairs.
	for d := range ix.docs {
		nd := keep[d]
		if nd == noDoc {
			continue
		}
		for t := range ix.docStems(uint32(d)) {
			if termMap[t] == noDoc {
				termMap[t] = uint32(len(order))
				order = append(order, t)
			}
		}
		for _, t := range pairs[start[nd]:start[nd+1]] {
			termMap[t] = uint32(len(order))
			order = append(order, t)
		}
	}
	return termMap, order
}

// appendKept encodes onto buf p's postings of the documents keep keeps,
// renumbered, and returns how many there are.
func (ix *Index) appendKept(buf []byte, p *postings, keep []uint32) ([]byte, uint32) {
	n := 0
	c := ix.cursor(p)
	for c.next() {
		if keep[c.cur.doc] != noDoc {
			n++
		}
	}
	w := beginList(buf, n)
	c = ix.cursor(p)
	for c.next() {
		if nd := keep[c.cur.doc]; nd != noDoc {
			w.add(posting{doc: nd, tf: c.cur.tf, flags: c.cur.flags})
		}
	}
	return w.buf, uint32(n)
}

// compacted returns the index's contents without the documents keep maps
// to noDoc. The caller holds the read lock.
func (ix *Index) compacted(keep []uint32, kept int) *Index {
	o := &Index{docs: make([]docMeta, 0, kept)}
	termMap, order := ix.keptTerms(keep, kept)
	o.terms = make([]postings, 0, len(order))
	o.arena = make([]byte, 0, ix.arenaLen()+3*ix.tailN)
	for _, t := range order {
		np := postings{off: uint32(len(o.arena))}
		o.arena, np.n = ix.appendKept(o.arena, &ix.terms[t], keep)
		if w := ix.terms[t].word; w != 0 {
			o.words = append(o.words, ix.words[w-1])
			o.wordTerm = append(o.wordTerm, uint32(len(o.terms)))
			np.word = uint32(len(o.words))
		}
		o.terms = append(o.terms, np)
	}
	o.ids = make(map[string]uint32, len(o.words))
	for stem, t := range ix.ids {
		if nt := termMap[t]; nt != noDoc {
			o.ids[stem] = nt
		}
	}
	ix.compactPairsAndDocs(o, keep, termMap)
	return o
}

// compactPairsAndDocs fills o's phrase dictionary and documents (with
// their forward lists) from ix's, renumbered by termMap; o's terms and
// words are in place. The caller holds the read lock.
func (ix *Index) compactPairsAndDocs(o *Index, keep, termMap []uint32) {
	wordMap := make([]uint32, len(ix.wordTerm)) // old word number -> new
	for w, t := range ix.wordTerm {
		wordMap[w] = noDoc
		if nt := termMap[t]; nt != noDoc {
			wordMap[w] = o.terms[nt].word - 1
		}
	}
	pairs := make([]pairEntry, 0, len(o.terms)-len(o.words))
	ix.pairs.each(func(p pairEntry) {
		if nt := termMap[p.term]; nt != noDoc {
			// Both stems occur in every document holding the pair, so
			// both are kept.
			pairs = append(pairs, pairEntry{wordMap[p.a], wordMap[p.b], nt})
		}
	})
	o.pairs = pairsFrom(pairs, len(o.words))
	var ws []uint32
	for d, m := range ix.docs {
		if keep[d] == noDoc {
			continue
		}
		ws = ws[:0]
		ix.fwd.words(uint32(d), func(w uint32) bool {
			ws = append(ws, wordMap[w])
			return true
		})
		o.fwd.add(ws)
		o.docs = append(o.docs, m)
		o.byID.add(o.docs, uint32(len(o.docs)-1))
		o.totalLen += int64(m.length)
	}
}
