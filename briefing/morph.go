package briefing

import "strings"

// Word families the stemmer misses. Snowball leaves derived nouns apart
// from their verbs ("acquisition" -> acquisit, "acquire" -> acquir). The
// link is made by English derivation rules and kept only for stems the
// stored articles actually use; no word list is involved.

// derivedStems returns the stems of a word's derivational family that
// differ from its own: "-ition" nouns and their verbs, both ways
// (acquisition/acquire, composition/compose, definition/define).
func derivedStems(stem string) []string {
	pairs := [][2]string{{"isit", "ir"}, {"osit", "os"}, {"init", "in"}}
	var out []string
	for _, p := range pairs {
		if len(stem) > len(p[0])+2 && strings.HasSuffix(stem, p[0]) {
			out = append(out, strings.TrimSuffix(stem, p[0])+p[1])
		}
		if len(stem) > len(p[1])+2 && strings.HasSuffix(stem, p[1]) {
			out = append(out, strings.TrimSuffix(stem, p[1])+p[0])
		}
	}
	return out
}

// expandFamilies adds to each single-word clause of q the derived stems
// that occur in the index.
func (ix *Index) expandFamilies(q Query) Query {
	for ai, alt := range q.Alts {
		for ci, c := range alt {
			if len(c.Forms) == 0 || len(c.Forms[0]) != 1 {
				continue
			}
			for _, d := range derivedStems(c.Forms[0][0]) {
				if ix.df(d) > 0 {
					q.Alts[ai][ci].Families = append(q.Alts[ai][ci].Families, []string{d})
				}
			}
		}
	}
	return q
}

// Compounds the stemmer cannot see: a several-word topic written as one
// word ("sunflower seeds" as "sunflowerseed"), as trade copy often writes
// commodity names. A hyphenated spelling is one already (literal.go); a
// joined one is another word to the index. The joined word is looked up
// in the index, never in a list: it counts only when the stored articles
// use it.

// minCompoundPart is the shortest part a joined compound is made of: two
// short words joined make a common word by accident more easily than two
// longer ones.
const minCompoundPart = 3

// expandCompounds adds to q, for each typed phrase (a quoted clause of
// several words, or an unquoted alternative of several single words),
// its words joined into one, at stem level, when the index holds it: a
// form of the quoted clause, or an alternative of its own. Like an
// acronym's other form, it counts as the topic itself (literal.go).
func (ix *Index) expandCompounds(q Query) Query {
	var extra [][]Clause
	for ai, alt := range q.Alts {
		for ci, c := range alt {
			if len(c.Words) > 1 {
				if stem, ok := ix.joined(c.Words); ok {
					q.Alts[ai][ci].Forms = append(q.Alts[ai][ci].Forms, []string{stem})
				}
			}
		}
		if len(alt) < 2 {
			continue
		}
		var words []string
		for _, c := range alt {
			if len(c.Words) != 1 {
				words = nil
				break
			}
			words = append(words, c.Words[0])
		}
		if stem, ok := ix.joined(words); ok {
			extra = append(extra, []Clause{{Surface: strings.Join(words, ""), Forms: [][]string{{stem}}}})
		}
	}
	q.Alts = append(q.Alts, extra...)
	return q
}

// joined returns the stem of words written as one word, when each is a
// word of letters at least minCompoundPart long and the index holds it.
func (ix *Index) joined(words []string) (string, bool) {
	if len(words) < 2 {
		return "", false
	}
	for _, w := range words {
		if len(w) < minCompoundPart || strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			return "", false
		}
	}
	stem := ix.st.Stem(strings.Join(words, ""))
	if ix.df(stem) == 0 {
		return "", false
	}
	return stem, true
}
