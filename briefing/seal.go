package briefing

import "slices"

// Sealing: the tails of recent postings are merged into the arena in
// bulk, when they hold more than a share of what is sealed. A seal
// copies each sealed part's bytes as they are and encodes only the
// tails after them (resumeList), so its cost is a copy of the arena plus
// the new postings; sealing whenever the arena would grow by a few per
// cent keeps the tails' 8 bytes a posting (and their slice headers) a
// small share of the index.
//
// The arena is chunked (postings.go, "Chunks"): a seal rebuilds one
// chunk at a time and installs it before building the next, so what it
// holds twice is one chunk (about chunkTarget bytes), not the arena. It
// was the whole arena: at 100k articles the live heap went from 141 to
// 197 MB at every late seal, and the collector's goal with it.
//
// Invariants:
//   - Readers never wait for the encoding: a chunk is built under the
//     read lock and installed under the write lock, which costs one pass
//     over the chunk's terms.
//   - Postings added between the two (by another writer) stay in the
//     tails: a chunk's rebuild covers its terms' tails as they were when
//     it began (their lengths then), and a term's tail only ever holds
//     postings after its sealed part.
//   - One seal at a time (sealMu); removeDocs and adopt, which replace
//     the arena, hold sealMu too.
//   - A chunk that would not fit a window (a list over chunkMax bytes) is
//     not sealed, and its terms' tails keep their postings.

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
	return ix.tailN >= max(minSealTail, ix.arenaLen()/32)
}

// seal merges every tail into the arena, chunk by chunk. Readers go on
// while it encodes.
func (ix *Index) seal() {
	if !ix.sealMu.TryLock() {
		return // one is running; the tails wait for the next
	}
	defer ix.sealMu.Unlock()
	ix.mu.Lock()
	ok := ix.chunked()
	ix.tailsDone = 0
	ix.mu.Unlock()
	if !ok {
		return
	}
	// Only seal changes the chunks' order (under sealMu); others only
	// add terms, which extend the last chunk.
	for i := 0; i < len(ix.order); i++ {
		ix.mu.RLock()
		b, ok := ix.rebuilt(i)
		ix.mu.RUnlock()
		if !ok {
			continue
		}
		ix.mu.Lock()
		i += ix.installChunk(i, b) - 1
		ix.mu.Unlock()
	}
	ix.sealInts = nil // kept from chunk to chunk, not between seals
	ix.mu.Lock()
	ix.compactTails()
	ix.mu.Unlock()
}

// rebuiltChunk is one chunk's terms encoded afresh (sealed part and tail
// each), in pieces of about chunkTarget bytes.
type rebuiltChunk struct {
	first, end int      // its terms, as they were
	pieces     [][]byte // consecutive runs of its terms' lists
	starts     []int    // the first term of each piece
	offs       []uint32 // each term's offset within its piece
	merged     []uint32 // each term's tail postings taken (0: none)
	added      uint64   // Index.added when it was built
}

// rebuilt builds chunk i (in term order) with its terms' tails; false
// when none of its terms has a tail or it cannot be encoded. The caller
// holds the read lock.
func (ix *Index) rebuilt(i int) (rebuiltChunk, bool) {
	first, end := ix.chunkTerms(i)
	has := false
	for t := first; t < end && !has; t++ {
		has = ix.terms[t].tail != 0
	}
	if !has {
		return rebuiltChunk{}, false
	}
	// offs and merged live in scratch kept between chunks (under sealMu:
	// installChunk is done with them before the next rebuild).
	n := end - first
	ix.sealInts = slices.Grow(ix.sealInts[:0], 2*n)[:2*n]
	r := rebuiltChunk{first: first, end: end, offs: ix.sealInts[:n:n], merged: ix.sealInts[n:], added: ix.added}
	clear(r.merged)
	target := chunkTarget
	if ix.chunkSize > 0 {
		target = ix.chunkSize
	}
	// A piece is not cut where what is left of the old chunk is a sliver
	// (slivers would add up, seal after seal, to many small chunks); the
	// terms added since the last seal (rest 0) are cut as they come.
	oldEnd := uint32(ix.arenaLenOfChunk(i))
	// Pieces are encoded into one scratch buffer and copied out at their
	// size: grown or allocated with headroom, a piece kept its slack, a
	// tenth of the arena.
	buf := ix.sealBuf[:0]
	defer func() { ix.sealBuf = buf[:0] }()
	for t := first; t < end; t++ {
		if rest := oldEnd - ix.terms[t].off&chunkMask; len(buf) >= target && (rest >= uint32(target/2) || rest == 0) {
			r.pieces = append(r.pieces, slices.Clone(buf))
			buf = buf[:0]
		}
		if len(r.starts) == len(r.pieces) {
			r.starts = append(r.starts, t)
		}
		r.offs[t-first] = uint32(len(buf))
		p := &ix.terms[t]
		if p.tail == 0 {
			buf = append(buf, ix.sealedBytes(t)...)
		} else {
			r.merged[t-first] = uint32(len(ix.tails[p.tail-1]))
			buf = ix.appendList(buf, t)
		}
		if len(buf) > chunkMax {
			return rebuiltChunk{}, false
		}
	}
	r.pieces = append(r.pieces, slices.Clone(buf))
	return r, true
}

// installChunk puts rebuilt chunk i in place, its pieces taking its
// window and new ones, and returns how many chunks it now is. The
// caller holds the write lock.
func (ix *Index) installChunk(i int, r rebuiltChunk) int {
	last := i == len(ix.order)-1
	if len(ix.chunks)+len(r.pieces)-1 > maxChunks {
		// No windows left to split into: one piece, if it fits one.
		var ok bool
		if r, ok = joinPieces(r); !ok {
			return 1 // not sealed: its tails keep their postings
		}
	}
	wins := make([]uint32, len(r.pieces))
	wins[0] = ix.order[i].win
	ix.chunks[wins[0]] = r.pieces[0]
	for k := 1; k < len(r.pieces); k++ {
		wins[k] = uint32(len(ix.chunks))
		ix.chunks = append(ix.chunks, r.pieces[k])
	}
	entries := make([]chunkRange, len(r.pieces))
	for k := range r.pieces {
		entries[k] = chunkRange{first: uint32(r.starts[k]), win: wins[k]}
	}
	ix.order = append(ix.order[:i], append(entries, ix.order[i+1:]...)...)
	// When no posting was added since the rebuild began, every tail it
	// took is emptied, and the tails themselves need not be read (each
	// read was a cache miss; the store that drops one, so that a
	// collection during the seal frees its postings, waits on nothing).
	untouched := ix.added == r.added
	k := 0
	for t := r.first; t < r.end; t++ {
		for k+1 < len(r.starts) && t >= r.starts[k+1] {
			k++
		}
		p := &ix.terms[t]
		p.off = wins[k]<<chunkBits | r.offs[t-r.first]
		if m := r.merged[t-r.first]; m > 0 {
			ix.tailN -= int(m)
			if untouched {
				ix.tails[p.tail-1] = nil
				p.tail = 0
				ix.tailsDone++
				continue
			}
			tl := ix.tails[p.tail-1]
			if int(m) == len(tl) {
				ix.tails[p.tail-1] = nil
				p.tail = 0
				ix.tailsDone++
			} else { // postings added since the rebuild began
				ix.tails[p.tail-1] = append([]posting(nil), tl[m:]...)
			}
		}
	}
	if last { // terms added since: their postings are all in their tails
		w := wins[len(wins)-1]
		end := w<<chunkBits | uint32(len(ix.chunks[w]))
		for t := r.end; t < len(ix.terms); t++ {
			ix.terms[t].off = end
		}
	}
	return len(r.pieces)
}

// joinPieces makes r one piece; false when that is over chunkMax.
func joinPieces(r rebuiltChunk) (rebuiltChunk, bool) {
	if len(r.pieces) == 1 {
		return r, true
	}
	var one []byte
	base := make([]uint32, len(r.pieces))
	for k, pc := range r.pieces {
		base[k] = uint32(len(one))
		one = append(one, pc...)
	}
	if len(one) > chunkMax {
		return r, false
	}
	k := 0
	for t := r.first; t < r.end; t++ {
		for k+1 < len(r.starts) && t >= r.starts[k+1] {
			k++
		}
		r.offs[t-r.first] += base[k]
	}
	r.pieces, r.starts = [][]byte{one}, r.starts[:1]
	return r, true
}

// compactTails drops the tails a seal emptied and renumbers the rest.
// The caller holds the write lock.
func (ix *Index) compactTails() {
	left := len(ix.tails) - ix.tailsDone
	ix.tailsDone = 0
	if left == 0 {
		// The usual case: every tail was merged. The slice headers are
		// kept for the next tails (clear lets their postings go): regrown
		// from nothing, they were copied a dozen times a seal, half a
		// million headers at 100k articles. No reader holds ix.tails past
		// the lock (cursors copy the tail's header).
		clear(ix.tails)
		ix.tails = ix.tails[:0]
		return
	}
	// Tails the seal emptied are dropped by the terms: one emptied
	// without being read (installChunk) still holds its postings.
	tails := make([][]posting, 0, max(left, cap(ix.tails)/2))
	for t := range ix.terms {
		p := &ix.terms[t]
		if p.tail == 0 {
			continue
		}
		tails = append(tails, ix.tails[p.tail-1])
		p.tail = uint32(len(tails))
	}
	ix.tails = tails
}

// sealedBytes is term t's sealed part: it ends where the next term's
// begins, or at the end of its chunk.
func (ix *Index) sealedBytes(t int) []byte {
	off := ix.terms[t].off
	if ix.chunks == nil {
		end := uint32(len(ix.arena))
		if t+1 < len(ix.terms) {
			end = ix.terms[t+1].off
		}
		return ix.arena[off:end]
	}
	c := ix.chunks[off>>chunkBits]
	end := uint32(len(c))
	if t+1 < len(ix.terms) && ix.terms[t+1].off>>chunkBits == off>>chunkBits {
		end = ix.terms[t+1].off & chunkMask
	}
	return c[off&chunkMask : end]
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

// arenaLenOfChunk is chunk i's bytes (in term order).
func (ix *Index) arenaLenOfChunk(i int) int { return len(ix.chunks[ix.order[i].win]) }
