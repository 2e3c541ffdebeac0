package briefing

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// "Did you mean": when a topic matches nothing, the words people most
// likely meant. Suggestions are words the stored articles use, spelled
// close to the typed word (not to its stem: "eletcion" is one letter swap
// from "election", and far from "electronics" though their stems are
// near), closest spelling first, then the commoner; never bare numbers,
// which are not misspellings of one another. Cost bounds on the typed
// words (how many, how long) are the caller's (query parsing); one word's
// cost is bounded by the vocabulary index (suggest_index.go).

// similarWords suggests up to n known words spelled close to typed (a
// lower-cased surface word): edit distance 1, or 2 for words of 7 letters
// or more. It reads only the words the vocabulary index (suggest_index.go)
// finds sharing enough of typed's spelling, and the words added since that
// index was built: well under a millisecond at 100k articles. The caller
// holds the read lock.
func (ix *Index) similarWords(typed string, n int) []string {
	if !hasLetter(typed) {
		return nil
	}
	limit := 1
	if utf8.RuneCountInString(typed) >= 7 {
		limit = 2
	}
	best := map[string]spelling{}
	consider := func(i uint32) {
		s := suggestText(ix.words[i])
		if s == typed || !hasLetter(s) || abs(len(s)-len(typed)) > limit {
			return
		}
		d := editDistance(s, typed, limit)
		if d > limit {
			return
		}
		c := spelling{s, d, ix.df(ix.words[i].term)}
		if o, ok := best[s]; !ok || c.df > o.df {
			best[s] = c
		}
	}
	vi := &ix.vocab
	vi.mu.Lock()
	vi.catchUp(ix.words)
	vi.candidates(typed, limit, consider)
	for i := vi.n; i < len(ix.words); i++ {
		consider(uint32(i))
	}
	vi.mu.Unlock()
	return closest(best, n)
}

// spelling is a known word offered for a typed one: its spelling, its
// edit distance from what was typed and its document frequency.
type spelling struct {
	s        string
	dist, df int
}

// closest is the n best suggestions: nearest spelling first, then the
// commoner word, then alphabetical (so the order never depends on a map).
func closest(best map[string]spelling, n int) []string {
	cands := make([]spelling, 0, len(best))
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

// editDistance is the optimal-string-alignment distance (Levenshtein plus
// adjacent transpositions, the commonest typo), giving up (returning
// limit+1) once a whole row exceeds limit. Rows live on the stack for
// words of up to 63 bytes: a suggestion checks hundreds of candidates.
func editDistance(a, b string, limit int) int {
	var buf [3][64]int
	prev2, prev, cur := buf[0][:], buf[1][:], buf[2][:]
	if len(b) >= len(buf[0]) {
		prev2, prev, cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev2, prev, cur = prev2[:len(b)+1], prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
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
