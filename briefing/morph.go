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
