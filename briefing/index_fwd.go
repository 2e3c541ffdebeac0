package briefing

import (
	"encoding/binary"
	"fmt"
	"iter"
	"math"
	"math/bits"
)

// Forward lists: each document's distinct stems, for learning a topic's
// vocabulary from the articles that match it (feedback.go, judge.go),
// story sketches and removing documents (prune.go).
//
// A list holds word numbers (positions in Index.words, which number the
// stems densely, so most fit in two bytes) in the order the document first
// uses them: prune.go numbers terms as a rebuild would, from that order.
// It is stored as a uvarint count followed by one uvarint per word, in
// byte chunks shared by many documents, and found by one uint64 per
// document: about 2.2 bytes a stem instead of 4, and no 24-byte slice
// header per document (half the forward lists' memory at 100k articles).
//
// Invariant: every word number in a list is below len(Index.words); lists
// never change once added (removing documents builds new lists).

// fwdChunk is the size of the chunks ingest fills; a snapshot loads all
// lists as one chunk.
const fwdChunk = 1 << 20

// fwdPosBits: at[d] is chunk<<fwdPosBits | the list's offset in its chunk.
const fwdPosBits = 40

type fwdLists struct {
	chunks [][]byte
	at     []uint64 // by document
}

// add appends the next document's list. Chunks are filled, never grown
// (a grown chunk would copy every list in it), so appends stay cheap and
// the memory of a full chunk is never reallocated.
func (f *fwdLists) add(words []uint32) {
	need := binary.MaxVarintLen32 * (len(words) + 1)
	last := len(f.chunks) - 1
	if last < 0 || cap(f.chunks[last])-len(f.chunks[last]) < need {
		f.chunks = append(f.chunks, make([]byte, 0, max(fwdChunk, need)))
		last++
	}
	c := f.chunks[last]
	f.at = append(f.at, uint64(last)<<fwdPosBits|uint64(len(c)))
	c = binary.AppendUvarint(c, uint64(len(words)))
	for _, w := range words {
		c = binary.AppendUvarint(c, uint64(w))
	}
	f.chunks[last] = c
}

// list returns the bytes from document d's list on.
func (f *fwdLists) list(d uint32) []byte {
	at := f.at[d]
	return f.chunks[at>>fwdPosBits][at&(1<<fwdPosBits-1):]
}

// words calls yield with document d's word numbers, in order.
func (f *fwdLists) words(d uint32, yield func(w uint32) bool) {
	b := f.list(d)
	n, k := binary.Uvarint(b)
	b = b[k:]
	for ; n > 0; n-- {
		w, k := binary.Uvarint(b)
		b = b[k:]
		if !yield(uint32(w)) {
			return
		}
	}
}

// len is how many stems document d holds.
func (f *fwdLists) len(d uint32) int {
	n, _ := binary.Uvarint(f.list(d))
	return int(n)
}

// docStems yields the term numbers of document d's distinct stems.
func (ix *Index) docStems(d uint32) iter.Seq[uint32] {
	return func(yield func(uint32) bool) {
		ix.fwd.words(d, func(w uint32) bool { return yield(ix.wordTerm[w]) })
	}
}

// fwdFromBytes takes over the lists of len(at) documents written one
// after another in b, document d's from at[d], checking that each is
// whole (it ends where the next begins) and names only words below
// words, and returns them and how many stems they hold in all. It is how
// a snapshot's lists are loaded: one read, one pass.
func fwdFromBytes(b []byte, at []uint64, words int) (fwdLists, uint64, error) {
	bad := fmt.Errorf("%w: damaged forward lists", errSnapshot)
	var stems uint64
	for d, start := range at {
		end := uint64(len(b))
		if d+1 < len(at) {
			end = at[d+1]
		}
		if start >= end || end > uint64(len(b)) || (d == 0 && start != 0) {
			return fwdLists{}, 0, bad
		}
		l := b[start:end]
		cnt, k := binary.Uvarint(l)
		if k <= 0 {
			return fwdLists{}, 0, bad
		}
		n, ok := checkWords(l[k:], uint32(min(words, math.MaxUint32)))
		if !ok {
			return fwdLists{}, 0, fmt.Errorf("%w: forward list names an unknown word", errSnapshot)
		}
		if n != cnt {
			return fwdLists{}, 0, bad
		}
		stems += cnt
	}
	if len(at) == 0 && len(b) != 0 {
		return fwdLists{}, 0, bad
	}
	return fwdLists{chunks: [][]byte{b}, at: at}, stems, nil
}

// checkWords counts the uvarints in b, which must end with the last one,
// and reports whether each is below words. With at least 1<<14 words it
// takes up to eight bytes at a time (through the last varint that ends in
// them) where that settles it without a branch per varint: none takes
// more than three bytes, and each of three bytes has a last byte small
// enough that its value is below words whatever its first two. Elsewhere
// it decodes one varint.
func checkWords(b []byte, words uint32) (uint64, bool) {
	const high, low7, ones = 0x8080808080808080, 0x7f7f7f7f7f7f7f7f, 0x0101010101010101
	// A three-byte varint whose last byte is below k3 is below words.
	var k3 uint64
	if words >= 1<<14 {
		k3 = uint64(min(words>>14, 0x80))
	}
	var n uint64
	i := 0
	for {
		for k3 > 0 && i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			term := ^x & high // bytes that end a varint
			if term == 0 {
				break
			}
			// Up to the last varint that ends in these bytes.
			j := (63 - bits.LeadingZeros64(term)) >> 3
			m := x & high & (^uint64(0) >> (56 - 8*j)) // bytes that continue one
			if m&(m<<8)&(m<<16) != 0 {
				break // four bytes or more
			}
			if t3 := term & (m << 8) & (m << 16); t3 != 0 && k3 < 0x80 && ((x&low7)+(0x80-k3)*ones)&t3 != 0 {
				break
			}
			n, i = n+uint64(bits.OnesCount64(term)), i+j+1
		}
		if i == len(b) {
			return n, true
		}
		// One varint, byte by byte.
		var v uint32
		for shift := uint(0); ; shift += 7 {
			if i == len(b) || shift > 28 {
				return n, false
			}
			c := b[i]
			i++
			if shift == 28 && c > 0x0f {
				return n, false
			}
			v |= uint32(c&0x7f) << shift
			if c < 0x80 {
				break
			}
		}
		if v >= words {
			return n, false
		}
		n++
	}
}

// flatAt is each document's list offset with the chunks written one after
// another (what a snapshot stores, and fwdFromBytes takes).
func (f *fwdLists) flatAt() []uint64 {
	base := make([]uint64, len(f.chunks))
	for c := 1; c < len(base); c++ {
		base[c] = base[c-1] + uint64(len(f.chunks[c-1]))
	}
	out := make([]uint64, len(f.at))
	for d, a := range f.at {
		out[d] = base[a>>fwdPosBits] + a&(1<<fwdPosBits-1)
	}
	return out
}

// bytes is the size of every list: the chunks hold nothing else, in
// document order, so writing them one after another writes what
// fwdFromBytes reads back.
func (f *fwdLists) bytes() int {
	n := 0
	for _, c := range f.chunks {
		n += len(c)
	}
	return n
}
