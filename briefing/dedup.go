package briefing

import (
	"hash/fnv"
)

// Near-duplicate detection. Two articles are the same story when their
// word 3-shingles overlap strongly: Jaccard similarity for light edits of
// one text, containment of the smaller in the larger for a teaser and its
// full article. Different stories that share names share few 3-shingles.

const (
	shingleSize     = 3
	sameJaccard     = 0.5
	sameContainment = 0.8
	minShingles     = 8 // below this, text is too short to compare safely
)

// Shingles returns the set of hashed word 3-shingles of text (stems, stop
// words included, so that rewording shows).
func (s *Stemmer) Shingles(text string) map[uint64]struct{} { return shinglesOf(s.words(text)) }

// shinglesOf returns the shingles of tokenised text.
func shinglesOf(ws []word) map[uint64]struct{} {
	out := make(map[uint64]struct{}, len(ws))
	h := fnv.New64a()
	for i := 0; i+shingleSize <= len(ws); i++ {
		h.Reset()
		for _, w := range ws[i : i+shingleSize] {
			h.Write([]byte(w.stem))
			h.Write([]byte{0})
		}
		out[h.Sum64()] = struct{}{}
	}
	return out
}

// SameStory reports whether two shingle sets are near-duplicates.
func SameStory(a, b map[uint64]struct{}) bool {
	if len(a) < minShingles || len(b) < minShingles {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	inter := 0
	for k := range a {
		if _, ok := b[k]; ok {
			inter++
		}
	}
	jac := float64(inter) / float64(len(a)+len(b)-inter)
	cont := float64(inter) / float64(len(a))
	return jac >= sameJaccard || cont >= sameContainment
}
