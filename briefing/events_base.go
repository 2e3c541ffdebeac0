package briefing

import (
	"strings"
	"unicode/utf8"
)

// Base words. Outlets name one place or people by an adjective as often
// as by the noun: "Kenya" and "Kenyan", "Estonia" and "Estonian", "Europe"
// and "European". The stemmer strips inflections, not such derivations,
// so two reports of one event that name it each way share one name
// fewer, and names weigh double. So a capitalised word whose stem ends in
// -n (the English suffixes -an, -ian, -ean of peoples and places, and -ern
// of "Eastern") is counted as its base: the longest proper prefix of it,
// leaving at most baseSuffixRunes letters, that is a stem the stored
// articles use. No word list is involved, and the base is found in the
// index, not among the other reports of a briefing, so a report's cached
// print does not depend on which briefing read it first. A word whose
// prefix is its own stem is an inflected form and stays itself, and a
// name with no stored base ("Lindqvist") finds none.
const (
	baseMinRunes    = 4 // a base is at least this long
	baseSuffixRunes = 3 // and leaves at most this much of the word
)

// baseWord is a word of a report's lead that may have a base: its
// lower-cased surface and its stem.
type baseWord struct{ surface, stem string }

// baseCandidate reports whether w may have a base: capitalised (a
// lower-case word's prefixes are too often other words: "taken", "take"),
// its stem ending in -n ("Kenyans": kenyan), not a stop word or number,
// and long enough to leave a base of baseMinRunes.
func baseCandidate(w word) bool {
	return w.cap && !w.stop && strings.HasSuffix(w.stem, "n") &&
		utf8.RuneCountInString(w.surface) > baseMinRunes && !isNumberWord(w.surface)
}

// countBases moves the mentions of each report's words that have a base
// (see above) to the base, a name when the word was one, under one read
// lock of the index.
func (ix *Index) countBases(terms []eventTerms) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for k := range terms {
		et := &terms[k]
		for _, w := range et.bases {
			n, ok := et.tf[w.stem]
			if !ok {
				continue // moved already (a word met twice)
			}
			b, ok := ix.baseOf(w)
			if !ok {
				continue
			}
			et.tf[b] += n
			delete(et.tf, w.stem)
			if et.name[w.stem] {
				et.name[b] = true
			}
		}
	}
}

// baseOf returns the base of w: the longest proper prefix of its surface,
// at least baseMinRunes long and at most baseSuffixRunes shorter, that
// the index has as a stem, unless that prefix is w's own stem. ix.mu is
// held.
func (ix *Index) baseOf(w baseWord) (string, bool) {
	s := w.surface
	cut := len(s)
	for range baseSuffixRunes {
		_, size := utf8.DecodeLastRuneInString(s[:cut])
		cut -= size
		p := s[:cut]
		if utf8.RuneCountInString(p) < baseMinRunes || p == w.stem {
			return "", false
		}
		if id, ok := ix.ids[p]; ok && ix.terms[id].df() > 0 && !stopWords[p] {
			return p, true
		}
	}
	return "", false
}
