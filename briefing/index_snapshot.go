package briefing

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"hash/fnv"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
)

// Index snapshots: the analysed index written to a byte stream and read
// back, so that a restart costs reading a file instead of re-analysing
// every stored article (25 s for 100k articles, most of it stemming).
//
// Invariants:
//   - A snapshot is only ever a cache. The Store stays the truth: a snapshot
//     is accepted only if the Store holds exactly the articles it covers
//     (same count up to its last ID, same content for a sample of them);
//     otherwise the caller rebuilds from the Store as before.
//   - Articles are immutable and IDs only grow, so a snapshot that matches
//     is a prefix of the Store and Sync adds what came after it.
//   - Any change to how text is analysed changes the analyser fingerprint
//     recorded in the snapshot, so an old snapshot is refused rather than
//     mixed with differently analysed articles.
//   - A truncated or corrupted stream is refused (CRC-32C over every byte).

const (
	snapshotMagic   = "BBINDEX\x00"
	snapshotVersion = 3 // 2: compact forward lists and phrase dictionary; 3: posting lists as the arena holds them (postings.go)
	// snapshotSamples is how many articles, spread over the ID range, are
	// compared with the Store when a snapshot is loaded.
	snapshotSamples = 16
)

// errSnapshot marks a snapshot that cannot be used; the caller rebuilds.
var errSnapshot = errors.New("index snapshot unusable")

// snapshotSample is one article's fingerprint, checked against the Store.
type snapshotSample struct {
	id   int64
	hash uint64
}

// articleFingerprint hashes what the index was built from.
func articleFingerprint(a Article) uint64 {
	h := fnv.New64a()
	for _, s := range []string{a.Source, a.Key(), a.Title, a.Text, strings.Join(a.Tags, "\x1f")} {
		io.WriteString(h, s)
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// analyserFingerprint summarises how the current code analyses a fixed
// text: stems, pairs, fields, counts and learned aliases. Code changes that
// alter analysis alter it, and with it invalidate old snapshots.
func analyserFingerprint(st *Stemmer) uint64 {
	ix := NewIndex(st)
	dt := ix.analyse(Article{
		Title: "Ministers Sign the General Security of Military Information Agreement",
		Tags:  []string{"Defence", "South Korea"},
		Text: "Seoul's ministers said on Friday they had signed the General Security of Military " +
			"Information Agreement (GSOMIA), extending intelligence-sharing running through 2026.\n\n" +
			"The U.S. welcomed the pact; analysts were sharing doubts, and shares fell 3.5% in trading.",
	})
	h := fnv.New64a()
	var keys []string
	for _, s := range dt.stems {
		keys = append(keys, fmt.Sprintf("t%s/%s/%d/%d", s.stem, s.surface, s.count, s.flags))
	}
	for p, s := range dt.pairs {
		keys = append(keys, fmt.Sprintf("p%s+%s/%d/%d", dt.stems[p>>32].stem, dt.stems[uint32(p)].stem, s.count, s.flags))
	}
	for _, a := range dt.aliases {
		keys = append(keys, fmt.Sprintf("a%s=%s", a.short, strings.Join(a.long, " ")))
	}
	sort.Strings(keys)
	fmt.Fprintf(h, "%d|%s", dt.length, strings.Join(keys, "|"))
	return h.Sum64()
}

// snapshotWriter writes little-endian values and hashes every byte.
type snapshotWriter struct {
	w   *bufio.Writer
	crc hash.Hash32
	buf [binary.MaxVarintLen64]byte
	err error
}

func (w *snapshotWriter) write(p []byte) {
	if w.err != nil {
		return
	}
	w.crc.Write(p)
	_, w.err = w.w.Write(p)
}

func (w *snapshotWriter) u32(v uint32) { w.write(binary.LittleEndian.AppendUint32(w.buf[:0], v)) }
func (w *snapshotWriter) u64(v uint64) { w.write(binary.LittleEndian.AppendUint64(w.buf[:0], v)) }

// u32s writes a whole array (its length is written or known beforehand).
func (w *snapshotWriter) u32s(a []uint32) {
	buf := make([]byte, 0, 4*min(len(a), 1<<16))
	for len(a) > 0 {
		n := min(len(a), 1<<16)
		buf = buf[:0]
		for _, v := range a[:n] {
			buf = binary.LittleEndian.AppendUint32(buf, v)
		}
		w.write(buf)
		a = a[n:]
	}
}

func (w *snapshotWriter) str(s string) {
	w.write(binary.AppendUvarint(w.buf[:0], uint64(len(s))))
	w.write([]byte(s))
}

// writeSnapshot writes the index. The caller holds at least the read lock.
func (ix *Index) writeSnapshot(out io.Writer, samples []snapshotSample) error {
	w := &snapshotWriter{w: bufio.NewWriterSize(out, 1<<20), crc: crc32.New(crc32.MakeTable(crc32.Castagnoli))}
	w.write([]byte(snapshotMagic))
	w.u32(snapshotVersion)
	w.u64(analyserFingerprint(ix.st))
	w.u64(uint64(ix.totalLen))
	w.u32(uint32(len(ix.docs)))
	for _, d := range ix.docs {
		w.u64(uint64(d.id))
		w.u64(uint64(d.published))
		w.u32(d.length)
	}
	// Terms with a tail are encoded afresh (sealed part and tail as one
	// list); the others' bytes are the arena's.
	merged, at := ix.encodedTails()
	list := func(i int) []byte {
		if p := &ix.terms[i]; p.tail != 0 {
			return merged[at[p.tail-1]:at[p.tail]]
		}
		return ix.sealedBytes(i)
	}
	w.u32(uint32(len(ix.terms)))
	var total uint64
	for i := range ix.terms {
		p := &ix.terms[i]
		var wd stemText
		if p.word != 0 {
			wd = ix.words[p.word-1]
		}
		w.str(wd.term)
		w.str(wd.surface)
		w.u32(p.n)
		w.u32(uint32(len(list(i))))
		total += uint64(len(list(i)))
	}
	w.u64(uint64(ix.fwd.bytes()))
	for _, c := range ix.fwd.chunks {
		w.write(c)
	}
	w.u64(total)
	for i := range ix.terms {
		w.write(list(i))
	}
	// Single stems are found by their term string; pairs in the sealed
	// arrays of the phrase dictionary (index_pairs.go).
	pd := ix.pairs.merged(len(ix.words))
	w.u32(uint32(len(pd.second)))
	for _, a := range [][]uint32{pd.start, pd.second, pd.term} {
		w.u32s(a)
	}
	var al []alias
	for short, longs := range ix.aliases.byShort {
		for _, long := range longs {
			al = append(al, alias{short: short, long: long})
		}
	}
	w.u32(uint32(len(al)))
	for _, a := range al {
		w.str(a.short)
		w.u32(uint32(len(a.long)))
		for _, s := range a.long {
			w.str(s)
		}
	}
	w.u32(uint32(len(samples)))
	for _, s := range samples {
		w.u64(uint64(s.id))
		w.u64(s.hash)
	}
	if w.err != nil {
		return w.err
	}
	sum := w.crc.Sum32()
	if _, err := w.w.Write(binary.LittleEndian.AppendUint32(nil, sum)); err != nil {
		return err
	}
	return w.w.Flush()
}

// encodedTails encodes each term with a tail as one list, in the order of
// the tails: tail k's list is merged[at[k]:at[k+1]].
func (ix *Index) encodedTails() (merged []byte, at []int) {
	at = make([]int, len(ix.tails)+1)
	byTail := make([]uint32, len(ix.tails))
	for t := range ix.terms {
		if k := ix.terms[t].tail; k != 0 {
			byTail[k-1] = uint32(t)
		}
	}
	for k, t := range byTail {
		at[k] = len(merged)
		merged = ix.appendList(merged, int(t))
	}
	at[len(ix.tails)] = len(merged)
	return merged, at
}

// snapshotReader reads what snapshotWriter wrote, hashing as it goes; the
// first error sticks and every later read returns zero values.
type snapshotReader struct {
	r   *bufio.Reader
	crc hash.Hash32
	buf []byte
	err error
}

func (r *snapshotReader) read(n int) []byte {
	if r.err != nil {
		return nil
	}
	if cap(r.buf) < n {
		r.buf = make([]byte, n)
	}
	b := r.buf[:n]
	if _, err := io.ReadFull(r.r, b); err != nil {
		r.err = fmt.Errorf("%w: truncated (%v)", errSnapshot, err)
		return nil
	}
	r.crc.Write(b)
	return b
}

func (r *snapshotReader) u32() uint32 {
	if b := r.read(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *snapshotReader) u64() uint64 {
	if b := r.read(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// count reads a length and refuses ones no honest snapshot has, so a
// corrupted header cannot make the reader allocate without bound.
func (r *snapshotReader) count(limit int) int {
	n := r.u32()
	if r.err == nil && int64(n) > int64(limit) {
		r.err = fmt.Errorf("%w: implausible length %d", errSnapshot, n)
		return 0
	}
	return int(n)
}

func (r *snapshotReader) str() string {
	if r.err != nil {
		return ""
	}
	n, err := binary.ReadUvarint(hashedByteReader{r})
	if err != nil || n > 1<<20 {
		r.err = fmt.Errorf("%w: bad string", errSnapshot)
		return ""
	}
	return string(r.read(int(n)))
}

// hashedByteReader feeds ReadUvarint one byte at a time through the hash.
type hashedByteReader struct{ r *snapshotReader }

func (b hashedByteReader) ReadByte() (byte, error) {
	p := b.r.read(1)
	if p == nil {
		return 0, b.r.err
	}
	return p[0], nil
}

// maxSnapshotItems bounds every count in a snapshot; hintCap bounds the
// capacity reserved for a count before its items have been read.
const (
	maxSnapshotItems = 1 << 28
	hintCap          = 1 << 16
	// maxDocStems bounds one article's distinct stems (a 10 MB article
	// has far fewer).
	maxDocStems = 1 << 22
)

// roomForOne makes room in s for one more item of want in all, doubling
// its capacity when full but never reserving past want. append grows a
// large slice by only a quarter at a time, and re-copying the term table
// that way was a third of loading a snapshot; doubling as items arrive
// still keeps a damaged count from reserving more than twice the data
// actually read.
func roomForOne[T any](s []T, want int) []T {
	if len(s) < cap(s) {
		return s
	}
	return slices.Grow(s, max(1, min(max(cap(s), hintCap), want-len(s))))
}

// fwdHintPerDoc is the forward-list bytes per document reserved before
// they arrive (news articles use about 300); more are read as they come.
const fwdHintPerDoc = 2048

// bytes reads n bytes into a slice of their own, reserving at most hint
// before they arrive (a damaged count costs an error, not a huge
// allocation).
func (r *snapshotReader) bytes(n, hint uint64) []byte {
	if r.err != nil {
		return nil
	}
	out := make([]byte, 0, min(n, hint))
	for uint64(len(out)) < n {
		if len(out) == cap(out) {
			out = slices.Grow(out, int(min(n-uint64(len(out)), uint64(cap(out)))))
		}
		b := out[len(out):cap(out)][:min(n-uint64(len(out)), uint64(cap(out)-len(out)))]
		if _, err := io.ReadFull(r.r, b); err != nil {
			r.err = fmt.Errorf("%w: truncated (%v)", errSnapshot, err)
			return nil
		}
		r.crc.Write(b)
		out = out[:len(out)+len(b)]
	}
	return out
}

// appendU32s reads n little-endian uint32s onto dst, in chunks.
func (r *snapshotReader) appendU32s(dst []uint32, n int) []uint32 {
	for n > 0 && r.err == nil {
		m := min(n, 1<<16)
		b := r.read(4 * m)
		for k := 0; k < m && b != nil; k++ {
			dst = append(dst, binary.LittleEndian.Uint32(b[4*k:]))
		}
		n -= m
	}
	return dst
}

// readSnapshot reads an index written by writeSnapshot. Counts come from
// the stream, which is not verified until its end (the checksum): arrays
// grow as data actually arrives (capacity hints are capped), so a damaged
// count costs an error, not a huge allocation.
func readSnapshot(in io.Reader, st *Stemmer) (*Index, []snapshotSample, error) {
	r := &snapshotReader{r: bufio.NewReaderSize(in, 1<<20), crc: crc32.New(crc32.MakeTable(crc32.Castagnoli))}
	if err := r.header(st); err != nil {
		return nil, nil, err
	}
	ix := NewIndex(st)
	ix.totalLen = int64(r.u64())
	nDocs, err := r.docs(ix)
	if err != nil {
		return nil, nil, err
	}
	nTerms, sizes, err := r.terms(ix, nDocs)
	if err != nil {
		return nil, nil, err
	}
	if err := r.postings(ix, sizes); err != nil {
		return nil, nil, err
	}
	r.pairsAndAliases(ix, nTerms)
	samples := make([]snapshotSample, r.count(snapshotSamples))
	for i := range samples {
		samples[i] = snapshotSample{id: int64(r.u64()), hash: r.u64()}
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	if err := r.trailer(); err != nil {
		return nil, nil, err
	}
	if err := ix.checkLists(); err != nil {
		return nil, nil, err
	}
	return ix, samples, nil
}

// header checks the magic, the format version and the analyser.
func (r *snapshotReader) header(st *Stemmer) error {
	if string(r.read(len(snapshotMagic))) != snapshotMagic {
		return fmt.Errorf("%w: not an index snapshot", errSnapshot)
	}
	if v := r.u32(); r.err == nil && v != snapshotVersion {
		return fmt.Errorf("%w: format version %d, want %d", errSnapshot, v, snapshotVersion)
	}
	if fp := r.u64(); r.err == nil && fp != analyserFingerprint(st) {
		return fmt.Errorf("%w: written by a different text analyser", errSnapshot)
	}
	return nil
}

// docs reads the documents and returns how many there are.
func (r *snapshotReader) docs(ix *Index) (int, error) {
	nDocs := r.count(maxSnapshotItems)
	ix.docs = make([]docMeta, 0, min(nDocs, hintCap))
	for i := 0; i < nDocs && r.err == nil; i++ {
		d := docMeta{id: int64(r.u64()), published: int64(r.u64()), length: r.u32()}
		ix.docs = append(roomForOne(ix.docs, nDocs), d)
	}
	if r.err != nil {
		return 0, r.err
	}
	var err error
	if ix.byID, err = docIDsOf(ix.docs); err != nil {
		return 0, err
	}
	return nDocs, nil
}

// terms reads the term table and returns its size and each term's
// list size in bytes; every forward list must name a known term.
func (r *snapshotReader) terms(ix *Index, nDocs int) (int, []uint32, error) {
	nTerms := r.count(maxSnapshotItems)
	ix.terms = make([]postings, 0, min(nTerms, hintCap))
	ix.ids = make(map[string]uint32, min(nTerms, hintCap))
	sizes := make([]uint32, 0, min(nTerms, hintCap))
	for i := 0; i < nTerms && r.err == nil; i++ {
		wd := stemText{term: r.str(), surface: r.str()}
		p := postings{n: uint32(r.count(nDocs))}
		sizes = append(roomForOne(sizes, nTerms), r.u32())
		if wd.term != "" {
			ix.words = append(roomForOne(ix.words, nTerms), wd)
			ix.wordTerm = append(roomForOne(ix.wordTerm, nTerms), uint32(i))
			p.word = uint32(len(ix.words))
			ix.ids[wd.term] = uint32(i)
		}
		ix.terms = append(roomForOne(ix.terms, nTerms), p)
	}
	if r.err != nil {
		return 0, nil, r.err
	}
	// The forward lists, all in one read (see index_fwd.go).
	size := r.u64()
	b := r.bytes(size, uint64(nDocs)*fwdHintPerDoc+fwdChunk)
	if r.err != nil {
		return 0, nil, r.err
	}
	var err error
	if ix.fwd, err = fwdFromBytes(b, nDocs, len(ix.words)); err != nil {
		return 0, nil, err
	}
	return nTerms, sizes, r.err
}

// maxPostingBytes bounds an encoded posting: two uvarints of at most 32
// bits, and a share of a skip table entry.
const maxPostingBytes = 5 + 5 + 1

// postings reads the arena, the terms' lists back to back, in one read.
// Before allocating it checks the sizes against what was read already:
// each list no larger than its postings can take, the single stems'
// postings as many as the forward lists hold, the pairs' no more than the
// documents' lengths allow; so a damaged count cannot make it allocate
// without bound.
func (r *snapshotReader) postings(ix *Index, sizes []uint32) error {
	var fwd, words, pairs, total, length uint64
	for d := range ix.docs {
		fwd += uint64(ix.fwd.len(uint32(d)))
		length += uint64(ix.docs[d].length)
	}
	for i := range ix.terms {
		p := &ix.terms[i]
		if uint64(sizes[i]) > uint64(p.n)*maxPostingBytes+8 || (p.n > 0) != (sizes[i] > 0) {
			return fmt.Errorf("%w: term list of implausible size", errSnapshot)
		}
		p.off = uint32(total)
		total += uint64(sizes[i])
		if p.word != 0 {
			words += uint64(p.n)
		} else {
			pairs += uint64(p.n)
		}
	}
	if words != fwd || pairs > length || total > math.MaxUint32 {
		return fmt.Errorf("%w: postings do not match the documents", errSnapshot)
	}
	if n := r.u64(); r.err != nil || n != total {
		return fmt.Errorf("%w: arena of %d bytes, the terms need %d", errSnapshot, n, total)
	}
	ix.arena = make([]byte, total)
	r.readInto(ix.arena)
	return r.err
}

// readInto fills b from the stream, hashing it.
func (r *snapshotReader) readInto(b []byte) {
	if r.err != nil {
		return
	}
	if _, err := io.ReadFull(r.r, b); err != nil {
		r.err = fmt.Errorf("%w: truncated (%v)", errSnapshot, err)
		return
	}
	r.crc.Write(b)
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
	var doc uint64
	p := 0
	for i := 0; i < m; i++ {
		gap, n := binary.Uvarint(b[p:])
		if n <= 0 || (i > 0 && gap == 0) {
			return 0, false
		}
		p += n
		if _, n = binary.Uvarint(b[p:]); n <= 0 {
			return 0, false
		}
		p += n
		if doc += gap; doc > math.MaxUint32 {
			return 0, false
		}
	}
	return uint32(doc), p == len(b)
}

// pairsAndAliases reads the phrase pairs and the aliases; errors stay in
// r.err.
func (r *snapshotReader) pairsAndAliases(ix *Index, nTerms int) {
	nPairs := r.count(min(maxSnapshotItems, nTerms))
	nWords := len(ix.words)
	ix.pairs = pairDict{start: r.appendU32s(make([]uint32, 0, nWords+1), nWords+1),
		second: r.appendU32s(make([]uint32, 0, nPairs), nPairs), term: r.appendU32s(make([]uint32, 0, nPairs), nPairs)}
	if r.err == nil {
		r.err = ix.pairs.check(nWords, ix.terms)
	}
	nAliases := r.count(maxSnapshotItems)
	for i := 0; i < nAliases && r.err == nil; i++ {
		a := alias{short: r.str()}
		n := r.count(64)
		for j := 0; j < n; j++ {
			a.long = append(a.long, r.str())
		}
		ix.aliases.add(a)
	}
}

// trailer checks the checksum of everything read and that nothing
// follows it.
func (r *snapshotReader) trailer() error {
	want := r.crc.Sum32()
	var tail [4]byte
	if _, err := io.ReadFull(r.r, tail[:]); err != nil {
		return fmt.Errorf("%w: truncated checksum", errSnapshot)
	}
	if binary.LittleEndian.Uint32(tail[:]) != want {
		return fmt.Errorf("%w: checksum mismatch", errSnapshot)
	}
	if _, err := r.r.ReadByte(); err != io.EOF {
		return fmt.Errorf("%w: trailing bytes", errSnapshot)
	}
	return nil
}

// sampleIDs picks up to n documents spread evenly over the index,
// always including the first and the last.
func (ix *Index) sampleIDs(n int) []int64 {
	if len(ix.docs) == 0 {
		return nil
	}
	var out []int64
	seen := map[int]bool{}
	for i := 0; i < n; i++ {
		k := i * (len(ix.docs) - 1) / max(n-1, 1)
		if !seen[k] {
			seen[k] = true
			out = append(out, ix.docs[k].id)
		}
	}
	return out
}
