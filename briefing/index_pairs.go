package briefing

import (
	"cmp"
	"fmt"
	"slices"
)

// The phrase dictionary: the term number of each pair of adjacent stems,
// keyed by the two stems' word numbers (positions in Index.words). Pairs
// are most of the terms (half a million at 100k articles, far more at a
// million), and a Go map spent about 36 bytes on each. Here the pairs
// sealed so far are grouped by first word, each group's second words
// ascending beside their term numbers (8 bytes a pair plus 4 per word,
// found by binary search), and the pairs added since the last seal sit in
// a small map until it holds an eighth as many; merging then is linear,
// so ingest pays a constant amount per pair. A snapshot stores the sealed
// arrays as they are: loading is three array reads.
//
// Invariant: a pair is in the sealed arrays or in fresh, never both.
type pairDict struct {
	start  []uint32 // word w's pairs are second[start[w]:start[w+1]]; empty when nothing is sealed
	second []uint32 // ascending within each first word's group
	term   []uint32 // by position in second
	fresh  map[uint64]uint32
}

// pairSealMin is the fewest fresh pairs worth a merge.
const pairSealMin = 1 << 14

func wordPair(a, b uint32) uint64 { return uint64(a)<<32 | uint64(b) }

// get returns the term number of the pair of words a, b.
func (p *pairDict) get(a, b uint32) (uint32, bool) {
	if int(a)+1 < len(p.start) {
		lo, hi := p.start[a], p.start[a+1]
		if i, ok := slices.BinarySearch(p.second[lo:hi], b); ok {
			return p.term[lo+uint32(i)], true
		}
	}
	t, ok := p.fresh[wordPair(a, b)]
	return t, ok
}

// put adds a new pair; words is how many words the index has.
func (p *pairDict) put(a, b, term uint32, words int) {
	if p.fresh == nil {
		p.fresh = map[uint64]uint32{}
	}
	p.fresh[wordPair(a, b)] = term
	if len(p.fresh) >= max(pairSealMin, len(p.second)/8) {
		fresh := p.fresh
		*p = p.merged(words)
		clear(fresh) // keeps its buckets: it fills up again as fast
		p.fresh = fresh
	}
}

// len is how many pairs there are.
func (p *pairDict) len() int { return len(p.second) + len(p.fresh) }

// pairEntry is one pair: its words and its term number.
type pairEntry struct{ a, b, term uint32 }

func comparePairs(x, y pairEntry) int {
	if c := cmp.Compare(x.a, y.a); c != 0 {
		return c
	}
	return cmp.Compare(x.b, y.b)
}

// each calls f with every pair (sealed ones in order, then fresh ones).
func (p *pairDict) each(f func(pairEntry)) {
	for a := 0; a+1 < len(p.start); a++ {
		for i := p.start[a]; i < p.start[a+1]; i++ {
			f(pairEntry{uint32(a), p.second[i], p.term[i]})
		}
	}
	for k, t := range p.fresh {
		f(pairEntry{uint32(k >> 32), uint32(k), t})
	}
}

// merged returns the dictionary with every pair sealed, for an index of
// words words; p is not changed (a snapshot writes it under the read
// lock).
func (p *pairDict) merged(words int) pairDict {
	if len(p.fresh) == 0 && len(p.start) == words+1 {
		return pairDict{start: p.start, second: p.second, term: p.term} // sealed already: no copy
	}
	keys := make([]uint64, 0, len(p.fresh))
	for k := range p.fresh {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the order of comparePairs
	add := make([]pairEntry, len(keys))
	for i, k := range keys {
		add[i] = pairEntry{uint32(k >> 32), uint32(k), p.fresh[k]}
	}
	return p.sealedWith(add, words)
}

// sealedWith merges the sealed pairs with add (sorted, none of them
// sealed already) into new arrays.
func (p *pairDict) sealedWith(add []pairEntry, words int) pairDict {
	n := len(p.second) + len(add)
	o := pairDict{start: make([]uint32, words+1), second: make([]uint32, 0, n), term: make([]uint32, 0, n)}
	k := 0
	for a := range words {
		o.start[a] = uint32(len(o.second))
		var old []uint32
		var lo uint32
		if a+1 < len(p.start) {
			lo = p.start[a]
			old = p.second[lo:p.start[a+1]]
		}
		i := 0
		for i < len(old) || (k < len(add) && add[k].a == uint32(a)) {
			if k < len(add) && add[k].a == uint32(a) && (i == len(old) || add[k].b < old[i]) {
				o.second, o.term = append(o.second, add[k].b), append(o.term, add[k].term)
				k++
				continue
			}
			o.second, o.term = append(o.second, old[i]), append(o.term, p.term[lo+uint32(i)])
			i++
		}
	}
	o.start[words] = uint32(len(o.second))
	return o
}

// pairsFrom builds a sealed dictionary from pairs in any order.
func pairsFrom(all []pairEntry, words int) pairDict {
	slices.SortFunc(all, comparePairs)
	var none pairDict
	return none.sealedWith(all, words)
}

// check verifies a loaded dictionary: groups in range and ascending,
// second words known, and every term number a pair's.
func (p *pairDict) check(words int, terms []postings) error {
	bad := fmt.Errorf("%w: damaged pair dictionary", errSnapshot)
	if len(p.start) != words+1 || p.start[0] != 0 || int(p.start[words]) != len(p.second) || len(p.term) != len(p.second) {
		return bad
	}
	for a := range words {
		lo, hi := p.start[a], p.start[a+1]
		if hi < lo || int(hi) > len(p.second) {
			return bad
		}
		for i := lo; i < hi; i++ {
			if p.second[i] >= uint32(words) || (i > lo && p.second[i] <= p.second[i-1]) ||
				p.term[i] >= uint32(len(terms)) || terms[p.term[i]].word != 0 {
				return bad
			}
		}
	}
	return nil
}
