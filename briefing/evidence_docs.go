package briefing

// Which documents a selection reads learned evidence for. The learned
// words of a topic are common words, and a topic whose newest candidates
// reach far back (few of them among many articles) would score every
// article they occur in, most of the archive, to read the evidence of
// few: its own matches and the articles it may admit on learned
// vocabulary, which must hold some of the topic's words (admitLearned:
// learnedNamed). At 1M articles that scoring was most of the slowest
// topics' time (BENCHMARKS.md, "Query tail at 1M"). So the selection's
// evidence is computed for those documents only (needDocs), each exactly
// as before; exploration (explore.go), which ranks every article, still
// reads it for all.

// docMask is a set of documents from document from on, a bit each.
type docMask struct {
	from uint32
	bits []uint64
}

// has reports whether d (at least m.from) is in the set.
func (m *docMask) has(d uint32) bool {
	i := d - m.from
	return m.bits[i>>6]&(1<<(i&63)) != 0
}

// bit is 1 when d (at least m.from) is in the set, else 0.
func (m *docMask) bit(d uint32) int {
	i := d - m.from
	return int(m.bits[i>>6] >> (i & 63) & 1)
}

func (m *docMask) add(d uint32) {
	i := d - m.from
	m.bits[i>>6] |= 1 << (i & 63)
}

// needDocs is the documents from document from on whose learned evidence
// a selection reads: its matches (hits) and every document holding one of
// the topic's words (ids, as namedShare reads them). The set's memory is
// kept between queries; give it back with releaseMask.
func (ix *Index) needDocs(hits []docHit, ids map[uint32]bool, from uint32) *docMask {
	n := (len(ix.docs) - int(from) + 63) / 64
	bits, ok := ix.masks.get()
	if !ok || cap(bits) < n {
		bits = make([]uint64, n, n+n/8)
	}
	m := &docMask{from: from, bits: bits[:n]}
	for _, h := range hits {
		if h.doc >= from {
			m.add(h.doc)
		}
	}
	for id := range ids {
		c := ix.cursor(&ix.terms[id])
		for ok := c.seek(from); ok; ok = c.next() {
			m.add(c.cur.doc)
		}
	}
	return m
}

// releaseMask clears m and keeps its memory for the next query.
func (ix *Index) releaseMask(m *docMask) {
	if m == nil {
		return
	}
	clear(m.bits)
	ix.masks.put(m.bits)
}
