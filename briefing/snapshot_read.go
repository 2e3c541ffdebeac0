package briefing

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"sync"
)

// Reading a snapshot (layout in index_snapshot.go). Loading a million
// articles' index is reading about 800 MB, so it is done in a few large
// reads into arrays allocated once at their final size, and nothing is
// decoded item by item but what the structural checks must read. Those
// checks run on other goroutines as soon as their sections are in, while
// the next sections are read.
//
// Invariants:
//   - No count is believed before the header's checksum has passed, and
//     every count is bounded besides (a writer's bug costs an error, not
//     an allocation without bound).
//   - A snapshot is accepted only when the checksum over its sections
//     passes and every structural check does: lists end where the next
//     begins and name only known documents and words, the phrase
//     dictionary names only pairs, no article ID repeats. A damaged or
//     wrongly written snapshot is an error, never a panic or an index
//     that reads out of bounds.

// maxSnapshotItems bounds every count in a snapshot.
const maxSnapshotItems = 1 << 28

// snapshotReader reads a snapshot's sections, hashing every byte; the
// first error sticks and later reads do nothing.
type snapshotReader struct {
	r       io.Reader
	crc     uint32
	scratch []byte
	err     error
	h       snapshotHeader
	ix      *Index
	last    int64 // the highest article ID in the snapshot
}

// scratchBytes is the size of the chunks arrays are converted through.
const scratchBytes = 1 << 20

// full fills b from the stream.
func (r *snapshotReader) full(b []byte) {
	if r.err != nil {
		return
	}
	if _, err := io.ReadFull(r.r, b); err != nil {
		r.err = fmt.Errorf("%w: truncated (%v)", errSnapshot, err)
		return
	}
	r.crc = crc32.Update(r.crc, castagnoli, b)
}

// records reads n records of size bytes, handing each to put.
func (r *snapshotReader) records(n, size int, put func(b []byte, i int)) {
	per := scratchBytes / size
	for i := 0; i < n && r.err == nil; i += per {
		k := min(per, n-i)
		b := r.scratch[:k*size]
		if r.full(b); r.err != nil {
			return
		}
		for j := range k {
			put(b[j*size:], i+j)
		}
	}
}

// u32s fills dst.
func (r *snapshotReader) u32s(dst []uint32) {
	for len(dst) > 0 && r.err == nil {
		k := min(len(dst), scratchBytes/4)
		b := r.scratch[:4*k]
		if r.full(b); r.err != nil {
			return
		}
		for j := range dst[:k] {
			dst[j] = binary.LittleEndian.Uint32(b[4*j:])
		}
		dst = dst[k:]
	}
}

// u64s fills dst.
func (r *snapshotReader) u64s(dst []uint64) {
	for len(dst) > 0 && r.err == nil {
		k := min(len(dst), scratchBytes/8)
		b := r.scratch[:8*k]
		if r.full(b); r.err != nil {
			return
		}
		for j := range dst[:k] {
			dst[j] = binary.LittleEndian.Uint64(b[8*j:])
		}
		dst = dst[k:]
	}
}

// openSnapshot reads a snapshot's header and documents: enough to check
// it against the Store (sizes, last ID, samples) while readRest reads the
// rest.
func openSnapshot(in io.Reader, st *Stemmer) (*snapshotReader, error) {
	br := bufio.NewReaderSize(in, 1<<16)
	r := &snapshotReader{r: br, scratch: make([]byte, scratchBytes)}
	if err := r.header(br, st); err != nil {
		return nil, err
	}
	ix := NewIndex(st)
	ix.totalLen = r.h.totalLen
	ix.docs = make([]docMeta, r.h.docs)
	le := binary.LittleEndian
	r.records(len(ix.docs), 20, func(b []byte, i int) {
		ix.docs[i] = docMeta{id: int64(le.Uint64(b)), published: int64(le.Uint64(b[8:])), length: le.Uint32(b[16:])}
	})
	if r.err != nil {
		return nil, r.err
	}
	r.ix, r.last = ix, ix.maxID()
	return r, nil
}

// header reads and checks the magic, the version, the header and its
// checksum, the analyser and the bounds of every count.
func (r *snapshotReader) header(br *bufio.Reader, st *Stemmer) error {
	head := make([]byte, len(snapshotMagic)+4+headerFixed, len(snapshotMagic)+4+headerFixed+16*snapshotSamples+4)
	if _, err := io.ReadFull(br, head[:len(snapshotMagic)]); err != nil || string(head[:len(snapshotMagic)]) != snapshotMagic {
		return fmt.Errorf("%w: not an index snapshot", errSnapshot)
	}
	truncated := fmt.Errorf("%w: truncated header", errSnapshot)
	if _, err := io.ReadFull(br, head[len(snapshotMagic):]); err != nil {
		return truncated
	}
	le := binary.LittleEndian
	b := head[len(snapshotMagic):]
	if v := le.Uint32(b); v != snapshotVersion {
		return fmt.Errorf("%w: format version %d, want %d", errSnapshot, v, snapshotVersion)
	}
	b = b[4:]
	h := &r.h
	h.analyser, h.totalLen = le.Uint64(b), int64(le.Uint64(b[8:]))
	h.docs, h.terms, h.words, h.pairs = le.Uint32(b[16:]), le.Uint32(b[20:]), le.Uint32(b[24:]), le.Uint32(b[28:])
	h.wordBytes, h.fwdBytes, h.arenaBytes, h.aliasBytes = le.Uint64(b[32:]), le.Uint64(b[40:]), le.Uint64(b[48:]), le.Uint64(b[56:])
	n := le.Uint32(b[64:])
	if n > snapshotSamples {
		return fmt.Errorf("%w: damaged header", errSnapshot)
	}
	head = head[:len(head)+16*int(n)+4]
	if _, err := io.ReadFull(br, head[len(head)-16*int(n)-4:]); err != nil {
		return truncated
	}
	if crc32.Checksum(head[:len(head)-4], castagnoli) != le.Uint32(head[len(head)-4:]) {
		return fmt.Errorf("%w: damaged header", errSnapshot)
	}
	s := head[len(head)-16*int(n)-4:]
	for i := range int(n) {
		h.samples = append(h.samples, snapshotSample{id: int64(le.Uint64(s[16*i:])), hash: le.Uint64(s[16*i+8:])})
	}
	if h.analyser != analyserFingerprint(st) {
		return fmt.Errorf("%w: written by a different text analyser", errSnapshot)
	}
	if h.docs > maxSnapshotItems || h.terms > maxSnapshotItems || h.words > h.terms || h.pairs != h.terms-h.words ||
		h.wordBytes > math.MaxUint32 || h.fwdBytes >= 1<<fwdPosBits || h.arenaBytes > math.MaxUint32 || h.aliasBytes > 1<<30 {
		return fmt.Errorf("%w: implausible sizes", errSnapshot)
	}
	return nil
}

// readRest reads the sections after the documents and checks them,
// returning the index.
func (r *snapshotReader) readRest() (*Index, error) {
	ix, h := r.ix, &r.h
	le := binary.LittleEndian
	ix.terms = make([]postings, h.terms)
	r.records(len(ix.terms), 8, func(b []byte, i int) { ix.terms[i] = postings{off: le.Uint32(b), n: le.Uint32(b[4:])} })
	ix.wordTerm = make([]uint32, h.words)
	r.u32s(ix.wordTerm)
	ends := make([]uint32, 2*h.words)
	r.u32s(ends)
	text := make([]byte, h.wordBytes)
	r.full(text)
	if r.err != nil {
		return nil, r.err
	}
	// The checks run as their sections arrive; every goroutine is waited
	// for before returning, whatever happens.
	var wg sync.WaitGroup
	var wordsErr, fwdErr, docsErr error
	wg.Go(func() { wordsErr = ix.loadWords(ends, text) })
	wg.Go(func() { ix.byID, docsErr = docIDsOf(ix.docs) })
	at := make([]uint64, h.docs)
	r.u64s(at)
	fwd := make([]byte, h.fwdBytes)
	r.full(fwd)
	var stems uint64
	if r.err == nil {
		wg.Go(func() { ix.fwd, stems, fwdErr = fwdFromBytes(fwd, at, int(h.words)) })
	}
	ix.arena = make([]byte, h.arenaBytes)
	r.full(ix.arena)
	ix.pairs = pairDict{start: make([]uint32, h.words+1), second: make([]uint32, h.pairs), term: make([]uint32, h.pairs)}
	for _, a := range [][]uint32{ix.pairs.start, ix.pairs.second, ix.pairs.term} {
		r.u32s(a)
	}
	al := make([]byte, h.aliasBytes)
	r.full(al)
	err := r.trailer()
	wg.Wait()
	for _, e := range []error{err, wordsErr, docsErr, fwdErr} {
		if e != nil {
			return nil, e
		}
	}
	if err := ix.checkTerms(stems); err != nil {
		return nil, err
	}
	if err := ix.pairs.check(len(ix.words), ix.terms); err != nil {
		return nil, err
	}
	if err := ix.checkLists(); err != nil {
		return nil, err
	}
	if err := ix.loadAliases(al); err != nil {
		return nil, err
	}
	return ix, nil
}

// trailer checks the checksum of the sections and that nothing follows.
func (r *snapshotReader) trailer() error {
	if r.err != nil {
		return r.err
	}
	var tail [4]byte
	if _, err := io.ReadFull(r.r, tail[:]); err != nil {
		return fmt.Errorf("%w: truncated checksum", errSnapshot)
	}
	if binary.LittleEndian.Uint32(tail[:]) != r.crc {
		return fmt.Errorf("%w: checksum mismatch", errSnapshot)
	}
	// The stream must end here, and end cleanly: a reader that checks
	// the bytes as a whole (the shared snapshot's SHA-256) says so at
	// its end.
	var one [1]byte
	switch n, err := io.ReadFull(r.r, one[:]); {
	case n != 0:
		return fmt.Errorf("%w: trailing bytes", errSnapshot)
	case err != io.EOF:
		return fmt.Errorf("%w: %v", errSnapshot, err)
	}
	return nil
}

// loadWords takes over the stems and their surface forms (substrings of
// one string), tells each word's term it is one, and builds the stem ->
// term map. The terms must be read.
func (ix *Index) loadWords(ends []uint32, text []byte) error {
	bad := fmt.Errorf("%w: damaged word table", errSnapshot)
	s := string(text)
	ix.words = make([]stemText, len(ix.wordTerm))
	ix.ids = make(map[string]uint32, len(ix.words))
	var prev uint32
	for w, t := range ix.wordTerm {
		e1, e2 := ends[2*w], ends[2*w+1]
		if e1 <= prev || e2 < e1 || int(e2) > len(s) || int(t) >= len(ix.terms) || ix.terms[t].word != 0 {
			return bad
		}
		ix.words[w] = stemText{term: s[prev:e1], surface: s[e1:e2]}
		ix.terms[t].word = uint32(w + 1)
		ix.ids[ix.words[w].term] = t
		prev = e2
	}
	if int(prev) != len(s) || len(ix.ids) != len(ix.words) {
		return bad
	}
	return nil
}

// maxPostingBytes bounds an encoded posting: two uvarints of at most 32
// bits, and a share of a skip table entry.
const maxPostingBytes = 5 + 5 + 1

// checkTerms checks the term table against what was read besides: each
// list starts where the previous ends and is no larger than its postings
// can take, the single stems' postings are as many as the forward lists
// hold (stems), the pairs' no more than the documents' lengths allow.
func (ix *Index) checkTerms(stems uint64) error {
	var words, pairs, length uint64
	for d := range ix.docs {
		length += uint64(ix.docs[d].length)
	}
	for i := range ix.terms {
		p := &ix.terms[i]
		end := uint64(len(ix.arena))
		if i+1 < len(ix.terms) {
			end = uint64(ix.terms[i+1].off)
		}
		if uint64(p.off) > end || end > uint64(len(ix.arena)) || (i == 0 && p.off != 0) {
			return fmt.Errorf("%w: term lists out of order", errSnapshot)
		}
		size := end - uint64(p.off)
		if size > uint64(p.n)*maxPostingBytes+8 || (p.n > 0) != (size > 0) {
			return fmt.Errorf("%w: term list of implausible size", errSnapshot)
		}
		if p.word != 0 {
			words += uint64(p.n)
		} else {
			pairs += uint64(p.n)
		}
	}
	if words != stems || pairs > length {
		return fmt.Errorf("%w: postings do not match the documents", errSnapshot)
	}
	return nil
}

// checkLists checks, once the checksum has passed, that every list ends
// before the next begins and names only known documents: a bug in the
// writer is refused rather than read as postings. It reads the skip
// tables and decodes only lists of one block.
func (ix *Index) checkLists() error {
	bad := fmt.Errorf("%w: a posting list is malformed", errSnapshot)
	for t := range ix.terms {
		p := &ix.terms[t]
		b := ix.sealedBytes(t)
		m := int(p.n)
		if m == 0 {
			continue
		}
		var last uint32
		if nb := blocks(m); nb > 1 {
			if len(b) < 8*nb {
				return bad
			}
			prev, end := uint32(0), uint32(0)
			for k := 0; k < nb; k++ {
				d, e := binary.LittleEndian.Uint32(b[8*k:]), binary.LittleEndian.Uint32(b[8*k+4:])
				if (k > 0 && d <= prev) || e <= end {
					return bad
				}
				prev, end = d, e
			}
			if int(end) != len(b)-8*nb {
				return bad
			}
			last = prev
		} else {
			var ok bool
			if last, ok = decodeOne(b, m); !ok {
				return bad
			}
		}
		if last >= uint32(len(ix.docs)) {
			return bad
		}
	}
	return nil
}

// decodeOne decodes a one-block list of m postings, checking that it
// fills b exactly and ascends, and returns its last document.
func decodeOne(b []byte, m int) (uint32, bool) {
	var doc, v uint64
	shift, k := uint(0), 0 // k: varints read; even ones are gaps, odd ones tf and flags
	for _, c := range b {
		v |= uint64(c&0x7f) << shift
		if c >= 0x80 {
			if shift += 7; shift > 28 {
				return 0, false
			}
			continue
		}
		if k&1 == 0 {
			if v == 0 && k > 0 {
				return 0, false
			}
			doc += v
		}
		k, v, shift = k+1, 0, 0
	}
	return uint32(doc), shift == 0 && k == 2*m && doc <= math.MaxUint32
}

// loadAliases reads the aliases section.
func (ix *Index) loadAliases(b []byte) error {
	bad := fmt.Errorf("%w: damaged aliases", errSnapshot)
	str := func() (string, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return "", false
		}
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s, true
	}
	for len(b) > 0 {
		a := alias{}
		var ok bool
		if a.short, ok = str(); !ok {
			return bad
		}
		n, k := binary.Uvarint(b)
		if k <= 0 || n > 64 {
			return bad
		}
		b = b[k:]
		for range n {
			s, ok := str()
			if !ok {
				return bad
			}
			a.long = append(a.long, s)
		}
		ix.aliases.add(a)
	}
	return nil
}
