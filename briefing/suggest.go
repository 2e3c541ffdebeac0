package briefing

import (
	"sort"
	"strings"
	"unicode"
)

// "Did you mean": when a topic matches nothing, the words people most
// likely meant. Suggestions are words the stored articles use, spelled
// close to the typed word (not to its stem: "eletcion" is one letter swap
// from "election", and far from "electronics" though their stems are
// near), closest spelling first, then the commoner; never bare numbers,
// which are not misspellings of one another. Cost bounds on the typed
// words (how many, how long) are the caller's (query parsing).

// similarWords suggests up to n known words spelled close to typed (a
// lower-cased surface word): edit distance 1, or 2 for words of 7 letters
// or more.
func (ix *Index) similarWords(typed string, n int) []string {
	if !hasLetter(typed) {
		return nil
	}
	limit := 1
	if len([]rune(typed)) >= 7 {
		limit = 2
	}
	type cand struct {
		s        string
		dist, df int
	}
	best := map[string]cand{}
	for i := range ix.terms {
		p := &ix.terms[i]
		if p.word == 0 {
			continue
		}
		w := ix.words[p.word-1]
		s := w.surface
		if strings.HasPrefix(w.term, formPrefix) {
			s = strings.TrimPrefix(w.term, formPrefix)
		}
		if s == typed || !hasLetter(s) || abs(len(s)-len(typed)) > limit {
			continue
		}
		d := editDistance(s, typed, limit)
		if d > limit {
			continue
		}
		c := cand{s, d, len(p.list)}
		if o, ok := best[s]; !ok || c.df > o.df {
			best[s] = c
		}
	}
	cands := make([]cand, 0, len(best))
	for _, c := range best {
		cands = append(cands, c)
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		if a.df != b.df {
			return a.df > b.df
		}
		return a.s < b.s
	})
	var out []string
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.s)
	}
	return out
}

// hasLetter reports whether s holds a letter: a bare number is never
// suggested, nor corrected.
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
