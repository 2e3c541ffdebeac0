package briefing

import (
	"unicode/utf8"
)

// Base words. Outlets name one place or people by a derived word as
// often as by the word itself: "Kenya" and "Kenyan", "Estonia" and
// "Estonian", "Germany" and "German", "Europe" and "European". The stemmer
// strips inflections, not such derivations, so two reports of one event
// that name it each way share one name fewer, and names weigh double. So
// a capitalised word of a report also counts once for its base: the
// longest proper prefix of it, leaving a suffix of at most baseSuffixRunes
// letters, that is a stem the stored articles use. No word list is
// involved, and the base is found from the index, not from the other
// reports of a briefing, so a report's cached print does not depend on
// which briefing first read it. A word
// whose prefix is its own stem ("planes": plane) is an inflected form and
// gains nothing, and an unknown name ("Marchetti") finds no prefix.
const (
	baseMinRunes    = 4 // a base is at least this long
	baseSuffixRunes = 3 // and leaves at most this much of the word
)

// baseWord is a word of a report's lead that may have a base: its
// lower-cased surface, stem and whether it is a name.
type baseWord struct {
	surface, stem string
	name          bool
}

// baseCandidate reports whether a word may have a base: capitalised
// somewhere (names of places and peoples and what is built on them; a
// lower-case word's prefixes are too often other words: "camera", "came"),
// not a stop word or number, and long enough to leave a base of
// baseMinRunes.
func baseCandidate(w word) bool {
	return w.cap && !w.stop && utf8.RuneCountInString(w.surface) > baseMinRunes && !isNumberWord(w.surface)
}

// addBases adds to each report's terms one mention of the base of each of
// its words that has one (see above), as a name when the word is one,
// under one read lock of the index.
func (ix *Index) addBases(terms []eventTerms) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for k := range terms {
		et := &terms[k]
		for _, w := range et.bases {
			b, ok := ix.baseOf(w)
			if !ok {
				continue
			}
			if !et.based[b] {
				if et.based == nil {
					et.based = map[string]bool{}
				}
				et.based[b] = true
				et.tf[b]++
			}
			if w.name {
				et.name[b] = true
			}
		}
	}
}

// baseOf returns the base of w: the longest proper prefix of its surface,
// at least baseMinRunes and at most baseSuffixRunes shorter, that the index
// has as a stem, unless that prefix is w's own stem. ix.mu is held.
func (ix *Index) baseOf(w baseWord) (string, bool) {
	s := w.surface
	cut := len(s)
	for n := 1; n <= baseSuffixRunes; n++ {
		_, size := utf8.DecodeLastRuneInString(s[:cut])
		cut -= size
		if utf8.RuneCountInString(s[:cut]) < baseMinRunes {
			return "", false
		}
		p := s[:cut]
		if p == w.stem {
			return "", false
		}
		if id, ok := ix.ids[p]; ok && ix.terms[id].df() > 0 && !stopWords[p] {
			return p, true
		}
	}
	return "", false
}
