package briefing

import "math"

// Sealing: the tails of recent postings are merged into a new arena in
// bulk, when they hold more than a share of what is sealed. A seal
// copies each sealed part's bytes as they are and encodes only the
// tails after them (resumeList), so its cost is a copy of the arena plus
// the new postings; sealing whenever the arena would grow by a few per
// cent keeps the tails' 8 bytes a posting (and their slice headers) a
// small share of the index.
//
// Invariants:
//   - Readers never wait for the encoding: the new arena is built under
//     the read lock and installed under the write lock, which costs one
//     pass over the term table.
//   - Postings added between the two (by another writer) stay in the
//     tails: a seal covers the tails as they were when it began (their
//     lengths then), and a term's tail only ever holds postings after
//     its sealed part.
//   - One seal at a time (sealMu); removeDocs and adopt, which replace
//     the arena, hold sealMu too.
//   - Offsets are uint32: a seal that would make the arena larger than
//     4 GiB is not done, and the tails keep the postings.

// minSealTail is the fewest tail postings worth a seal: below it the
// tails are small next to everything else an index holds.
const minSealTail = 1 << 16

// tailsFull reports whether the tails are due for a seal: more postings
// than the arena has bytes over 32 (about one sealed posting in twelve).
// The caller holds a lock.
func (ix *Index) tailsFull() bool {
	if ix.sealTail > 0 {
		return ix.tailN >= ix.sealTail
	}
	return ix.tailN >= max(minSealTail, len(ix.arena)/32)
}

// seal merges every tail into the arena. Readers go on while it encodes.
func (ix *Index) seal() {
	if !ix.sealMu.TryLock() {
		return // one is running; the tails wait for the next
	}
	defer ix.sealMu.Unlock()
	ix.mu.RLock()
	merged := make([]int, len(ix.tails))
	for k, tl := range ix.tails {
		merged[k] = len(tl)
	}
	arena, offs := ix.merged()
	ix.mu.RUnlock()
	if arena == nil {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.install(arena, offs, merged)
}

// merged returns a new arena holding each term's sealed part and tail,
// and each term's offset in it; nil when the arena would not fit uint32
// offsets. The caller holds the read lock.
func (ix *Index) merged() ([]byte, []uint32) {
	arena := make([]byte, 0, len(ix.arena)+3*ix.tailN+ix.tailN/2)
	offs := make([]uint32, len(ix.terms))
	for t := range ix.terms {
		if len(arena) > math.MaxUint32 {
			return nil, nil
		}
		offs[t] = uint32(len(arena))
		p := &ix.terms[t]
		if p.tail == 0 {
			arena = append(arena, ix.sealedBytes(t)...)
			continue
		}
		arena = ix.appendList(arena, t)
	}
	if len(arena) > math.MaxUint32 {
		return nil, nil
	}
	return arena, offs
}

// sealedBytes is term t's sealed part: it ends where the next term's
// begins.
func (ix *Index) sealedBytes(t int) []byte {
	end := uint32(len(ix.arena))
	if t+1 < len(ix.terms) {
		end = ix.terms[t+1].off
	}
	return ix.arena[ix.terms[t].off:end]
}

// appendList encodes all of term t's postings onto buf: the sealed
// part's bytes as they are, then the tail.
func (ix *Index) appendList(buf []byte, t int) []byte {
	p := &ix.terms[t]
	tail := ix.tailOf(p)
	w := resumeList(buf, ix.sealedBytes(t), p.df()-len(tail), p.df())
	for _, x := range tail {
		w.add(x)
	}
	return w.buf
}

// install puts a merged arena in place: offs covers the terms there were
// when it was built, and merged[k] the postings of tail k it took. The
// caller holds the write lock.
func (ix *Index) install(arena []byte, offs []uint32, merged []int) {
	var tails [][]posting
	tailN := 0
	for t := range ix.terms {
		p := &ix.terms[t]
		if t >= len(offs) {
			p.off = uint32(len(arena)) // a term added since: its postings are all in its tail
		} else {
			p.off = offs[t]
		}
		if p.tail == 0 {
			continue
		}
		tl := ix.tails[p.tail-1]
		// Tails are only appended to, and new ones go at the end.
		if k := int(p.tail - 1); k < len(merged) && merged[k] > 0 {
			// copied, so that the sealed postings' array is freed
			tl = append([]posting(nil), tl[merged[k]:]...)
		}
		p.tail = 0
		if len(tl) > 0 {
			tails = append(tails, tl)
			p.tail = uint32(len(tails))
			tailN += len(tl)
		}
	}
	ix.arena, ix.tails, ix.tailN = arena, tails, tailN
}
