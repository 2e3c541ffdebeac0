package briefing

import (
	"hash/fnv"
	"slices"
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

// shingleHashes returns the same set as shinglesOf, as sorted distinct
// hashes: an eighth of a map's memory, cheap to cache per article, and
// what the fold's inverted index (shingleIndex) reads.
func shingleHashes(ws []word) []uint64 {
	if len(ws) < shingleSize {
		return nil
	}
	out := make([]uint64, 0, len(ws)-shingleSize+1)
	h := fnv.New64a()
	for i := 0; i+shingleSize <= len(ws); i++ {
		h.Reset()
		for _, w := range ws[i : i+shingleSize] {
			h.Write([]byte(w.stem))
			h.Write([]byte{0})
		}
		out = append(out, h.Sum64())
	}
	slices.Sort(out)
	return slices.Compact(out)
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
	return sameOverlap(inter, len(a), len(b))
}

// sameOverlap is SameStory's rule on set sizes: inter shingles shared by
// sets of na and nb. Every comparison goes through it, so the map and
// the sorted-hash forms decide alike.
func sameOverlap(inter, na, nb int) bool {
	if na < minShingles || nb < minShingles {
		return false
	}
	small := min(na, nb)
	jac := float64(inter) / float64(na+nb-inter)
	cont := float64(inter) / float64(small)
	return jac >= sameJaccard || cont >= sameContainment
}

// shingleIndex is an inverted index from shingle to the stories (their
// first reports) that have it. One pass over an article's shingles counts
// what it shares with every story so far, exactly, where comparing its
// set with each story's in turn cost a lookup per shingle per story.
type shingleIndex struct {
	head  map[uint64]int32 // shingle -> 1 + its newest posting in post
	post  []shinglePosting
	sizes []int   // per story: its first report's shingle count
	count []int32 // per story: shared with the article being placed
	hint  int     // shingles to expect in all (sizes the map once)
}

type shinglePosting struct {
	story, next int32 // next: 1 + the older posting of the same shingle, 0 at the end
}

// add indexes the next story's first report.
func (x *shingleIndex) add(sh []uint64) {
	g := int32(len(x.sizes))
	x.sizes = append(x.sizes, len(sh))
	x.count = append(x.count, 0)
	if len(sh) < minShingles {
		return // never the same story as anything (sameOverlap)
	}
	if x.head == nil {
		x.head = make(map[uint64]int32, x.hint)
	}
	for _, h := range sh {
		x.post = append(x.post, shinglePosting{story: g, next: x.head[h]})
		x.head[h] = int32(len(x.post))
	}
}

// overlaps counts, per story indexed so far, the shingles of sh its first
// report shares; nil when sh is too short to compare.
func (x *shingleIndex) overlaps(sh []uint64) []int32 {
	if len(sh) < minShingles {
		return nil
	}
	clear(x.count)
	for _, h := range sh {
		for p := x.head[h]; p != 0; p = x.post[p-1].next {
			x.count[x.post[p-1].story]++
		}
	}
	return x.count
}

// same reports whether the article whose overlaps are over (of n
// shingles) is a near-copy of story g.
func (x *shingleIndex) same(over []int32, n, g int) bool {
	return over != nil && sameOverlap(int(over[g]), n, x.sizes[g])
}
