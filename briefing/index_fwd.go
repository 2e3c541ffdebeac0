package briefing

import (
	"encoding/binary"
	"fmt"
	"iter"
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

// fwdFromBytes takes over the lists of n documents written one after
// another (as add writes them) in b, checking that each is whole and
// names only words below words. It is how a snapshot's lists are loaded:
// one read, one pass.
func fwdFromBytes(b []byte, n, words int) (fwdLists, error) {
	f := fwdLists{chunks: [][]byte{b}, at: make([]uint64, 0, n)}
	bad := fmt.Errorf("%w: damaged forward lists", errSnapshot)
	pos := 0
	for range n {
		f.at = append(f.at, uint64(pos))
		cnt, k := binary.Uvarint(b[pos:])
		if k <= 0 || cnt > uint64(len(b)-pos) {
			return fwdLists{}, bad
		}
		pos += k
		for ; cnt > 0; cnt-- {
			w, k := binary.Uvarint(b[pos:])
			if k <= 0 || w >= uint64(words) {
				return fwdLists{}, fmt.Errorf("%w: forward list names an unknown word", errSnapshot)
			}
			pos += k
		}
	}
	if pos != len(b) {
		return fwdLists{}, bad
	}
	return f, nil
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
