package briefing

import (
	"slices"
	"sync"
)

// The "did you mean" vocabulary index: the known words' byte bigrams
// (the word padded with a start and an end mark), each with the words of
// each length holding it, so that a suggestion reads the words sharing
// enough bigrams with the typed word instead of the whole vocabulary
// (which, with the word pairs, was over a million terms at 100k articles:
// about 130 ms per suggestion).
//
// Invariant (why no close word is missed): one edit (a substitution,
// insertion, deletion or swap of neighbours) destroys at most 3 of a
// word's padded bigrams, so words within distance k of each other share at
// least max(len)+1-3k of them, counted with multiplicity. Candidates below
// that count are skipped unread; the rest are checked with the exact
// distance, so the suggestions are those of a full scan. Where the bound
// is 0 or less (words of at most 2 bytes at distance 1) every word of the
// length is a candidate, from a list of its own.
//
// Built on the first suggestion and again when the words added since are
// more than an eighth of those indexed (at least vocabRebuildMin); the
// words added since are scanned in full meanwhile. Memory: 4 bytes per
// bigram occurrence of each word (about 9 per word), 2 per word of scratch.

// vocabRebuildMin is the fewest new words worth a rebuild.
const vocabRebuildMin = 4096

const (
	gramStart = 0xFE // never a byte of UTF-8 text
	gramEnd   = 0xFF
	// allGram keys a length's list of every word (short lengths only).
	allGram = 0xFFFF
)

type vocabIndex struct {
	mu   sync.Mutex
	n    int      // Index.words[:n] are indexed
	keys []uint32 // gram<<16 | length, ascending
	offs []uint32 // the words of keys[i] are ids[offs[i]:offs[i+1]]
	ids  []uint32 // word numbers, ascending per key, once per occurrence
	// scratch for one suggestion: shared bigrams per word, and which
	// words have a count
	count   []uint16
	touched []uint32
}

// reset forgets everything (the index's words were replaced).
func (vi *vocabIndex) reset() {
	vi.mu.Lock()
	defer vi.mu.Unlock()
	vi.n, vi.keys, vi.offs, vi.ids, vi.count, vi.touched = 0, nil, nil, nil, nil, nil
}

// suggestText is the spelling a known word is suggested as: a surface
// form's own, else the stem's first surface form.
func suggestText(w stemText) string {
	if len(w.term) > len(formPrefix) && w.term[:len(formPrefix)] == formPrefix {
		return w.term[len(formPrefix):]
	}
	return w.surface
}

func gramKey(a, b byte, length int) uint32 {
	return uint32(a)<<24 | uint32(b)<<16 | uint32(min(length, 0xFFFF))
}

// eachGram calls f with every padded bigram of s, once per occurrence.
func eachGram(s string, f func(a, b byte)) {
	prev := byte(gramStart)
	for i := 0; i < len(s); i++ {
		f(prev, s[i])
		prev = s[i]
	}
	f(prev, gramEnd)
}

// wordKeys calls f with the keys word s is listed under.
func wordKeys(s string, f func(uint32)) {
	eachGram(s, func(a, b byte) { f(gramKey(a, b, len(s))) })
	if len(s) <= 2 {
		f(allGram<<16 | uint32(len(s)))
	}
}

// catchUp indexes words when enough of them are new. The caller holds
// vi.mu and the Index's read lock (words do not change meanwhile).
func (vi *vocabIndex) catchUp(words []stemText) {
	if len(words) < vi.n {
		vi.n = 0 // replaced by fewer words: start again
	}
	if vi.keys != nil && len(words)-vi.n <= max(vocabRebuildMin, vi.n/8) {
		return
	}
	counts := map[uint32]uint32{}
	for _, w := range words {
		if s := suggestText(w); hasLetter(s) {
			wordKeys(s, func(k uint32) { counts[k]++ })
		}
	}
	keys := make([]uint32, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	offs := make([]uint32, len(keys)+1)
	slot := make(map[uint32]uint32, len(keys)) // key -> next free position
	for i, k := range keys {
		offs[i+1] = offs[i] + counts[k]
		slot[k] = offs[i]
	}
	ids := make([]uint32, offs[len(keys)])
	for i, w := range words {
		if s := suggestText(w); hasLetter(s) {
			wordKeys(s, func(k uint32) {
				ids[slot[k]] = uint32(i)
				slot[k]++
			})
		}
	}
	vi.n, vi.keys, vi.offs, vi.ids = len(words), keys, offs, ids
	vi.count, vi.touched = make([]uint16, len(words)), nil
}

// list is the words of a key.
func (vi *vocabIndex) list(k uint32) []uint32 {
	i, ok := slices.BinarySearch(vi.keys, k)
	if !ok {
		return nil
	}
	return vi.ids[vi.offs[i]:vi.offs[i+1]]
}

// candidates calls f with every indexed word that may be within limit
// edits of typed (a superset of those that are; see the invariant above),
// each once per length it is listed under. The caller holds vi.mu.
func (vi *vocabIndex) candidates(typed string, limit int, f func(word uint32)) {
	type gram struct {
		a, b byte
		n    uint16 // occurrences in typed
	}
	var grams []gram
	eachGram(typed, func(a, b byte) {
		for i := range grams {
			if grams[i].a == a && grams[i].b == b {
				grams[i].n++
				return
			}
		}
		grams = append(grams, gram{a, b, 1})
	})
	for length := max(1, len(typed)-limit); length <= len(typed)+limit; length++ {
		need := max(len(typed), length) + 1 - 3*limit
		if need <= 0 {
			for _, id := range vi.list(allGram<<16 | uint32(length)) {
				f(id)
			}
			continue
		}
		for _, g := range grams {
			ids := vi.list(gramKey(g.a, g.b, length))
			for i := 0; i < len(ids); {
				id, run := ids[i], uint16(1)
				for i+int(run) < len(ids) && ids[i+int(run)] == id {
					run++
				}
				i += int(run)
				if vi.count[id] == 0 {
					vi.touched = append(vi.touched, id)
				}
				vi.count[id] += min(run, g.n)
			}
		}
		for _, id := range vi.touched {
			if int(vi.count[id]) >= need {
				f(id)
			}
			vi.count[id] = 0
		}
		vi.touched = vi.touched[:0]
	}
}
