package briefing

import "encoding/binary"

// Compact postings. A term's list has two parts: a sealed part, encoded
// in one byte arena the whole index shares, and a tail of the postings
// added since the last seal, as plain structs (appending to the encoded
// form would mean re-encoding). Readers see one ascending list through a
// cursor. Sealing (seal.go) merges the tails into a new arena in bulk.
//
// The sealed part of a list of m postings: when it has more than one
// block of postingBlock postings, a skip table of one entry per block
// (the block's last document and the end of its bytes, two uint32s);
// then the postings, each a uvarint document gap (from the previous
// posting, the first from 0) and a uvarint tf<<4 | flags. A block
// starts after its predecessor's last document, so a cursor can jump to
// any block through the table. Sealed parts lie in the arena in term
// order, back to back: a term's bytes end where the next term's begin.
//
// At 100k articles this takes postings from 8 bytes (plus slack and a
// 24-byte slice header per term) to about 2.5 bytes each.
//
// Chunks. Once sealed, the arena is chunks of about chunkTarget bytes,
// each a run of consecutive terms' sealed parts, so that a seal rebuilds
// one chunk at a time (seal.go) and never holds two copies of the whole
// arena. A term's offset names its chunk's window in its top bits
// (chunkBits below them are the offset within the chunk); windows are
// numbers, not positions, so a chunk that grows past its share is split
// without moving the others. Index.order lists the chunks in term order;
// the terms added since the last seal belong to the last one. Until the
// first seal after a load or a compaction, the arena is one flat slice
// (Index.arena, Index.chunks nil) and offsets are plain: a seal cuts it
// into chunks (sub-slices, no copy) first.

// postingBlock is the postings per block: small enough that a seek
// decodes little, large enough that the skip table is small.
const postingBlock = 128

const (
	chunkBits   = 23
	chunkMask   = 1<<chunkBits - 1
	chunkMax    = chunkMask             // a chunk's most bytes: its end must fit an offset
	maxChunks   = 1 << (32 - chunkBits) // windows
	chunkTarget = 1 << 21               // a rebuilt chunk is cut at the first term past this
)

// chunkRange is one chunk in term order: its first term and its window.
type chunkRange struct{ first, win uint32 }

// listFrom is the arena from offset off to the end of its chunk.
func (ix *Index) listFrom(off uint32) []byte {
	if ix.chunks == nil {
		return ix.arena[off:]
	}
	return ix.chunks[off>>chunkBits][off&chunkMask:]
}

// endOff is the offset of an empty sealed part after every other: a new
// term's.
func (ix *Index) endOff() uint32 {
	if ix.chunks == nil {
		return uint32(len(ix.arena))
	}
	w := ix.order[len(ix.order)-1].win
	return w<<chunkBits | uint32(len(ix.chunks[w]))
}

// arenaLen is the sealed postings' bytes.
func (ix *Index) arenaLen() int {
	if ix.chunks == nil {
		return len(ix.arena)
	}
	n := 0
	for _, c := range ix.chunks {
		n += len(c)
	}
	return n
}

// chunkTerms is the terms of chunk i (in term order).
func (ix *Index) chunkTerms(i int) (first, end int) {
	first, end = int(ix.order[i].first), len(ix.terms)
	if i+1 < len(ix.order) {
		end = int(ix.order[i+1].first)
	}
	return first, end
}

// chunked cuts a flat arena into chunks of about chunkTarget bytes at
// term boundaries (sub-slices: nothing is copied) and rewrites the
// offsets; false, changing nothing, when it cannot (a list over
// chunkMax bytes, or more chunks than windows). The caller holds the
// write lock.
func (ix *Index) chunked() bool {
	if ix.chunks != nil {
		return true
	}
	target := uint32(chunkTarget)
	if ix.chunkSize > 0 {
		target = uint32(ix.chunkSize)
	}
	var starts []int // first term of each piece
	var bounds []uint32
	for t := range ix.terms {
		off := ix.terms[t].off
		if len(starts) == 0 || off-bounds[len(bounds)-1] >= target {
			starts, bounds = append(starts, t), append(bounds, off)
		}
	}
	if len(starts) == 0 {
		starts, bounds = []int{0}, []uint32{0}
	}
	bounds = append(bounds, uint32(len(ix.arena)))
	if len(starts) > maxChunks {
		return false
	}
	for k := range starts {
		if bounds[k+1]-bounds[k] > chunkMax {
			return false
		}
	}
	chunks := make([][]byte, len(starts))
	order := make([]chunkRange, len(starts))
	for k := range starts {
		chunks[k] = ix.arena[bounds[k]:bounds[k+1]:bounds[k+1]]
		order[k] = chunkRange{first: uint32(starts[k]), win: uint32(k)}
	}
	k := 0
	for t := range ix.terms {
		for k+1 < len(starts) && t >= starts[k+1] {
			k++
		}
		p := &ix.terms[t]
		p.off = uint32(k)<<chunkBits | (p.off - bounds[k])
	}
	ix.chunks, ix.order, ix.arena = chunks, order, nil
	return true
}

// postings is one term's list.
type postings struct {
	off  uint32 // start of the sealed part in the arena (see Chunks above)
	n    uint32 // postings in all, sealed and tail: the term's document frequency
	tail uint32 // 1 + index in Index.tails; 0 when the term has no tail
	word uint32 // 1 + the stem's index in Index.words; 0 for a pair
}

// posting is one document's occurrences of a term.
type posting struct {
	doc   uint32
	tf    uint16
	flags uint8
}

// df is the term's document frequency.
func (p *postings) df() int { return int(p.n) }

// tailOf returns the unsealed postings of p.
func (ix *Index) tailOf(p *postings) []posting {
	if p.tail == 0 {
		return nil
	}
	return ix.tails[p.tail-1]
}

// pendingPosting is one of an article's postings before addPostings:
// its term, and then the term's tail (1 + index in Index.tails).
type pendingPosting struct {
	term, tail uint32
	tf         uint16
	flags      uint8
}

// addPostings appends a posting of document doc (the newest) to each
// term's tail in ps (distinct terms), growing a full tail by a quarter
// rather than append's doubling. It goes over ps twice: the terms'
// records first (each gets a tail, and counts the posting), then their
// tails. Each step is a cache miss that waits on the one before (record,
// tail header, tail); in a pass of their own, the misses of different
// terms overlap.
func (ix *Index) addPostings(ps []pendingPosting, doc uint32) {
	if len(ps) == 0 {
		return
	}
	for i := range ps {
		p := &ix.terms[ps[i].term]
		if p.tail == 0 {
			ix.tails = append(ix.tails, nil)
			p.tail = uint32(len(ix.tails))
		}
		ps[i].tail = p.tail
		p.n++
	}
	for _, q := range ps {
		tl := ix.tails[q.tail-1]
		switch {
		case cap(tl) == 0:
			tl = ix.newTail()
		case len(tl) == cap(tl):
			grown := make([]posting, len(tl), len(tl)+min(len(tl), max(4, len(tl)/4))+1)
			copy(grown, tl)
			tl = grown
		}
		ix.tails[q.tail-1] = append(tl, posting{doc: doc, tf: q.tf, flags: q.flags})
	}
	ix.tailN += len(ps)
	ix.added += uint64(len(ps))
}

// firstTail is the capacity a new tail starts with.
const firstTail = 1

// tailSlabLen is how many postings one slab of new tails holds (64 KiB).
const tailSlabLen = 8192

// newTail returns an empty tail with room for firstTail postings, cut
// from a slab shared by the tails begun since the last seal. Most tails
// are begun by a term's first posting after a seal, and most of those
// terms (new word pairs above all) get no second one before the next
// seal: cut from a slab, they cost no allocation each, and the collector
// sees one object where it saw thousands. A tail's capacity ends where
// its cut does, so appending to a full one moves it to its own array
// (addPostings) and never runs into its neighbour. A seal drops every
// merged tail, and with them, in time, the slabs.
func (ix *Index) newTail() []posting {
	if len(ix.tailSlab)+firstTail > cap(ix.tailSlab) {
		ix.tailSlab = make([]posting, 0, tailSlabLen)
	}
	n := len(ix.tailSlab)
	ix.tailSlab = ix.tailSlab[:n+firstTail]
	return ix.tailSlab[n : n : n+firstTail]
}

// cursor reads one term's postings in ascending document order: the
// sealed part, then the tail. It is a value, so reading allocates
// nothing. The zero cursor is empty.
type cursor struct {
	skip   []byte // the skip table (nil for a one-block list)
	data   []byte // the encoded postings, from the first (may run past the last)
	sealed int    // postings in the sealed part
	n      int    // postings in all
	tail   []posting
	i      int // index of the current posting; -1 before the first
	pos    int // offset in data of the next sealed posting
	cur    posting
}

// cursor returns a cursor before p's first posting.
func (ix *Index) cursor(p *postings) cursor {
	tail := ix.tailOf(p)
	c := cursor{sealed: int(p.n) - len(tail), n: int(p.n), tail: tail, i: -1}
	if c.sealed == 0 {
		return c
	}
	b := ix.listFrom(p.off)
	if nb := blocks(c.sealed); nb > 1 {
		c.skip, b = b[:8*nb], b[8*nb:]
	}
	c.data = b
	return c
}

func blocks(m int) int { return (m + postingBlock - 1) / postingBlock }

// next moves to the next posting and reports whether there is one.
func (c *cursor) next() bool {
	c.i++
	if c.i < c.sealed {
		gap, p := uvarint32(c.data, c.pos)
		v, p := uvarint32(c.data, p)
		c.pos = p
		c.cur = posting{doc: c.cur.doc + gap, tf: uint16(v >> 4), flags: uint8(v & 15)}
		return true
	}
	if k := c.i - c.sealed; k < len(c.tail) {
		c.cur = c.tail[k]
		return true
	}
	c.i = c.sealed + len(c.tail)
	return false
}

// seek moves to the first posting of a document at or after d, never
// backwards, and reports whether there is one.
func (c *cursor) seek(d uint32) bool {
	if c.cur.doc >= d && c.i >= 0 { // inlined: documents asked for in order are often here already
		return c.i < c.n
	}
	return c.seekOn(d)
}

// seekOn is seek past the current posting.
func (c *cursor) seekOn(d uint32) bool {
	if c.i+1 < c.sealed {
		if c.skip != nil && binary.LittleEndian.Uint32(c.skip[8*((c.i+1)/postingBlock):]) < d {
			c.skipTo(d) // past this block
		}
		doc, pos, data := c.cur.doc, c.pos, c.data
		for i := c.i + 1; i < c.sealed; i++ {
			gap, p := uvarint32(data, pos)
			v, p := uvarint32(data, p)
			pos, doc = p, doc+gap
			if doc >= d {
				c.i, c.pos, c.cur = i, pos, posting{doc: doc, tf: uint16(v >> 4), flags: uint8(v & 15)}
				return true
			}
		}
		c.i, c.pos, c.cur.doc = c.sealed-1, pos, doc
	}
	// In the tail: binary search past the current posting.
	lo := max(c.i+1-c.sealed, 0)
	hi := len(c.tail)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.tail[m].doc < d {
			lo = m + 1
		} else {
			hi = m
		}
	}
	c.i = c.sealed + lo - 1
	return c.next()
}

// skipTo jumps over the sealed blocks that end before d; the block of
// the next posting does.
func (c *cursor) skipTo(d uint32) {
	cb := (c.i + 1) / postingBlock // the block of the next posting
	lo, hi := cb+1, len(c.skip)/8
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if binary.LittleEndian.Uint32(c.skip[8*m:]) < d {
			lo = m + 1
		} else {
			hi = m
		}
	}
	// Blocks before lo end before d: resume after block lo-1.
	c.i = lo*postingBlock - 1
	c.cur.doc = binary.LittleEndian.Uint32(c.skip[8*(lo-1):])
	c.pos = int(binary.LittleEndian.Uint32(c.skip[8*(lo-1)+4:]))
	if c.i+1 >= c.sealed { // past the sealed part: the tail follows
		c.i = c.sealed - 1
	}
}

// countFrom is how many of p's postings are of documents at or after d.
func (ix *Index) countFrom(p *postings, d uint32) int {
	if d == 0 {
		return int(p.n)
	}
	c := ix.cursor(p)
	if !c.seek(d) {
		return 0
	}
	return int(p.n) - c.i
}

// has reports whether p holds document d.
func (ix *Index) has(p *postings, d uint32) bool {
	c := ix.cursor(p)
	return c.seek(d) && c.cur.doc == d
}

// uvarint32 decodes a uvarint at b[p:] and returns it and the offset
// after it. The bytes were written by appendPosting and checked when
// loaded, so it trusts them.
func uvarint32(b []byte, p int) (uint32, int) {
	x := uint32(b[p])
	if x < 0x80 {
		return x, p + 1
	}
	x &= 0x7f
	for s := 7; ; s += 7 {
		p++
		c := b[p]
		x |= uint32(c&0x7f) << s
		if c < 0x80 {
			return x, p + 1
		}
	}
}

// listWriter encodes one list of a known length onto an arena.
type listWriter struct {
	buf  []byte
	skip int // offset of the skip table in buf
	data int // offset of the first posting in buf
	m, i int
	prev uint32
}

// beginList starts a list of m postings at the end of buf.
func beginList(buf []byte, m int) listWriter {
	w := listWriter{buf: buf, skip: len(buf), m: m}
	if nb := blocks(m); nb > 1 {
		w.buf = append(w.buf, make([]byte, 8*nb)...)
	}
	w.data = len(w.buf)
	return w
}

// resumeList starts a list of m postings at the end of buf whose first
// postings are old, the sealed part of a list (n of them): their bytes
// are copied, not re-encoded, and add goes on from there.
func resumeList(buf, old []byte, n, m int) listWriter {
	var table []byte
	if nb := blocks(n); nb > 1 {
		table, old = old[:8*nb], old[8*nb:]
	}
	w := beginList(buf, m)
	w.buf = append(w.buf, old...)
	w.i = n
	switch {
	case table != nil:
		copy(w.buf[w.skip:], table) // ends count from the first posting, which has not moved
		w.prev = binary.LittleEndian.Uint32(table[len(table)-8:])
	case n > 0:
		for p, k := 0, 0; k < n; k++ {
			gap, q := uvarint32(old, p)
			_, p = uvarint32(old, q)
			w.prev += gap
		}
		if w.data != w.skip { // the one block gets its entry, rewritten when it fills
			binary.LittleEndian.PutUint32(w.buf[w.skip:], w.prev)
			binary.LittleEndian.PutUint32(w.buf[w.skip+4:], uint32(len(old)))
		}
	}
	return w
}

// add appends the next posting; documents must ascend.
func (w *listWriter) add(x posting) {
	w.buf = binary.AppendUvarint(w.buf, uint64(x.doc-w.prev))
	w.buf = binary.AppendUvarint(w.buf, uint64(x.tf)<<4|uint64(x.flags&15))
	w.prev = x.doc
	w.i++
	if w.i%postingBlock == 0 || w.i == w.m {
		if w.data != w.skip { // a skip table
			e := w.skip + 8*((w.i-1)/postingBlock)
			binary.LittleEndian.PutUint32(w.buf[e:], x.doc)
			binary.LittleEndian.PutUint32(w.buf[e+4:], uint32(len(w.buf)-w.data))
		}
	}
}
