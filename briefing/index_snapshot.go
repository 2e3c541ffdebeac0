package briefing

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"io"
	"math"
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
//
// Layout (version 4; every number little-endian): the magic and the
// version; a header of fixed size (the analyser fingerprint, the counts
// and byte sizes of every section, the samples) with its own CRC-32C;
// then the sections, each an array as the index holds it in memory:
//
//	docs       per document: article ID u64, published u64, length u32
//	terms      per term: offset of its list in the arena u32, postings u32
//	wordTerm   per word (single stem): its term number u32
//	wordEnds   per word: end of its stem, end of its surface form in wordText u32
//	wordText   the stems and surface forms, back to back
//	fwdAt      per document: offset of its forward list in fwd u64
//	fwd        the forward lists (index_fwd.go)
//	arena      the posting lists, in term order (postings.go)
//	pairs      the phrase dictionary's start, second and term arrays u32 (index_pairs.go)
//	aliases    per alias: uvarint-prefixed strings
//
// and a CRC-32C over the sections. Loading is a few large reads: the
// header's checksum is verified before any count in it is believed, so
// each array is allocated once at its exact size, and nothing is decoded
// item by item except what the structural checks read (snapshot_read.go).

const (
	snapshotMagic   = "BBINDEX\x00"
	snapshotVersion = 4 // 2: compact forward lists and phrase dictionary; 3: posting lists as the arena holds them (postings.go); 4: sections read whole
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
	for _, s := range dt.pairs {
		keys = append(keys, fmt.Sprintf("p%s+%s/%d/%d", dt.stems[s.key>>32].stem, dt.stems[uint32(s.key)].stem, s.count, s.flags))
	}
	for _, a := range dt.aliases {
		keys = append(keys, fmt.Sprintf("a%s=%s", a.short, strings.Join(a.long, " ")))
	}
	sort.Strings(keys)
	fmt.Fprintf(h, "%d|%s", dt.length, strings.Join(keys, "|"))
	return h.Sum64()
}

// snapshotHeader is what precedes the sections: their sizes and the
// samples checked against the Store.
type snapshotHeader struct {
	analyser   uint64
	totalLen   int64
	docs       uint32
	terms      uint32
	words      uint32
	pairs      uint32
	wordBytes  uint64
	fwdBytes   uint64
	arenaBytes uint64
	aliasBytes uint64
	samples    []snapshotSample
}

// headerFixed is the size of the header before its samples.
const headerFixed = 8 + 8 + 4*4 + 4*8 + 4

func (h *snapshotHeader) append(b []byte) []byte {
	le := binary.LittleEndian
	b = le.AppendUint64(b, h.analyser)
	b = le.AppendUint64(b, uint64(h.totalLen))
	for _, v := range []uint32{h.docs, h.terms, h.words, h.pairs} {
		b = le.AppendUint32(b, v)
	}
	for _, v := range []uint64{h.wordBytes, h.fwdBytes, h.arenaBytes, h.aliasBytes} {
		b = le.AppendUint64(b, v)
	}
	b = le.AppendUint32(b, uint32(len(h.samples)))
	for _, s := range h.samples {
		b = le.AppendUint64(b, uint64(s.id))
		b = le.AppendUint64(b, s.hash)
	}
	return b
}

// castagnoli is the CRC-32C table (hardware-assisted on amd64 and arm64).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// snapshotWriter writes the sections, hashing every byte.
type snapshotWriter struct {
	w   *bufio.Writer
	crc uint32
	buf []byte
	err error
}

func (w *snapshotWriter) write(p []byte) {
	if w.err != nil {
		return
	}
	w.crc = crc32.Update(w.crc, castagnoli, p)
	_, w.err = w.w.Write(p)
}

// chunked writes n items, each appended to a buffer by put, in chunks.
func (w *snapshotWriter) chunked(n int, put func(b []byte, i int) []byte) {
	const chunk = 1 << 14
	for i := 0; i < n; i += chunk {
		w.buf = w.buf[:0]
		for k := i; k < min(n, i+chunk); k++ {
			w.buf = put(w.buf, k)
		}
		w.write(w.buf)
	}
}

func (w *snapshotWriter) u32s(a []uint32) {
	w.chunked(len(a), func(b []byte, i int) []byte { return binary.LittleEndian.AppendUint32(b, a[i]) })
}

// writeSnapshot writes the index. The caller holds at least the read lock.
func (ix *Index) writeSnapshot(out io.Writer, samples []snapshotSample) error {
	// Terms with a tail are encoded afresh (sealed part and tail as one
	// list); the others' bytes are the arena's.
	merged, at := ix.encodedTails()
	list := func(i int) []byte {
		if p := &ix.terms[i]; p.tail != 0 {
			return merged[at[p.tail-1]:at[p.tail]]
		}
		return ix.sealedBytes(i)
	}
	offs := make([]uint32, len(ix.terms))
	var arenaBytes uint64
	for i := range ix.terms {
		offs[i] = uint32(arenaBytes)
		if arenaBytes += uint64(len(list(i))); arenaBytes > math.MaxUint32 {
			return fmt.Errorf("index snapshot: posting lists of %d bytes or more", arenaBytes)
		}
	}
	var wordBytes uint64
	for _, wd := range ix.words {
		wordBytes += uint64(len(wd.term) + len(wd.surface))
	}
	pd := ix.pairs.merged(len(ix.words))
	al := ix.aliases.appendTo(nil)
	h := snapshotHeader{analyser: analyserFingerprint(ix.st), totalLen: ix.totalLen, docs: uint32(len(ix.docs)),
		terms: uint32(len(ix.terms)), words: uint32(len(ix.words)), pairs: uint32(len(pd.second)),
		wordBytes: wordBytes, fwdBytes: uint64(ix.fwd.bytes()), arenaBytes: arenaBytes, aliasBytes: uint64(len(al)),
		samples: samples}
	head := binary.LittleEndian.AppendUint32([]byte(snapshotMagic), snapshotVersion)
	head = h.append(head)
	head = binary.LittleEndian.AppendUint32(head, crc32.Checksum(head, castagnoli))

	bw := bufio.NewWriterSize(out, 1<<20)
	if _, err := bw.Write(head); err != nil {
		return err
	}
	w := &snapshotWriter{w: bw}
	le := binary.LittleEndian
	w.chunked(len(ix.docs), func(b []byte, i int) []byte {
		d := &ix.docs[i]
		return le.AppendUint32(le.AppendUint64(le.AppendUint64(b, uint64(d.id)), uint64(d.published)), d.length)
	})
	w.chunked(len(ix.terms), func(b []byte, i int) []byte { return le.AppendUint32(le.AppendUint32(b, offs[i]), ix.terms[i].n) })
	w.u32s(ix.wordTerm)
	var end uint32
	w.chunked(len(ix.words), func(b []byte, i int) []byte {
		wd := &ix.words[i]
		end += uint32(len(wd.term))
		b = le.AppendUint32(b, end)
		end += uint32(len(wd.surface))
		return le.AppendUint32(b, end)
	})
	w.chunked(len(ix.words), func(b []byte, i int) []byte { return append(append(b, ix.words[i].term...), ix.words[i].surface...) })
	fwdAt := ix.fwd.flatAt()
	w.chunked(len(fwdAt), func(b []byte, i int) []byte { return le.AppendUint64(b, fwdAt[i]) })
	for _, c := range ix.fwd.chunks {
		w.write(c)
	}
	for i := range ix.terms {
		w.write(list(i))
	}
	for _, a := range [][]uint32{pd.start, pd.second, pd.term} {
		w.u32s(a)
	}
	w.write(al)
	if w.err != nil {
		return w.err
	}
	if _, err := bw.Write(le.AppendUint32(nil, w.crc)); err != nil {
		return err
	}
	return bw.Flush()
}

// appendTo appends the aliases as the snapshot's aliases section holds
// them: per alias, its short form, the number of long words and each,
// strings prefixed with their uvarint length.
func (t aliasTable) appendTo(b []byte) []byte {
	for short, longs := range t.byShort {
		for _, long := range longs {
			b = appendStr(b, short)
			b = binary.AppendUvarint(b, uint64(len(long)))
			for _, s := range long {
				b = appendStr(b, s)
			}
		}
	}
	return b
}

func appendStr(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
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
