package briefing

// insertCache is insert's memory of recently seen terms: a stem's term
// number by the stem, and a pair's by its two word numbers, in two small
// direct-mapped tables (no pointer followed but the stem's own, which is
// usually the very string the table holds, so the comparison stops at the
// pointer). The index's own maps, the stem map and the phrase dictionary,
// are far larger than the CPU's caches: each lookup in them cost two or
// three misses, and they were a fifth of ingest. A news article's words
// and word pairs are mostly the common ones, which stay in these tables.
//
// It is a cache of the maps, never consulted alone for a term that is not
// there, and it is only read and written under the write lock (insert,
// which probes every term's slot of an article in one pass, then the maps
// for the terms it did not find, and remembers what it found there). A change
// that renumbers terms or words (removeDocs, adopt) drops it
// (Index.insertCache = nil).
type insertCache struct {
	stems [stemCacheSlots]stemSlot
	pairs [pairCacheSlots]pairSlot
}

const (
	stemCacheSlots = 1 << 14 // 24 bytes each: 384 KiB
	pairCacheSlots = 1 << 15 // 12 bytes each: 384 KiB
)

type stemSlot struct {
	stem string
	term uint32
}

type pairSlot struct {
	a, b uint32
	term uint32 // 1 + the term number; 0: empty
}

// stemSlotOf is the slot of a stem whose strHash is h (analysis carries
// it: see termStat.hash).
func (c *insertCache) stemSlotOf(h uint32) *stemSlot {
	return &c.stems[h&(stemCacheSlots-1)]
}

// pairSlotOf is the slot of the pair of words a, b.
func (c *insertCache) pairSlotOf(a, b uint32) *pairSlot {
	x := (uint64(a)<<32 | uint64(b)) * 0x9e3779b97f4a7c15
	return &c.pairs[x>>(64-15)]
}

// rememberStem records a stem's term number (h its strHash).
func (ix *Index) rememberStem(stem string, h, id uint32) {
	*ix.insertCache.stemSlotOf(h) = stemSlot{stem: stem, term: id}
}

// rememberPair records a pair's term number.
func (ix *Index) rememberPair(a, b, id uint32) {
	*ix.insertCache.pairSlotOf(a, b) = pairSlot{a: a, b: b, term: id + 1}
}
