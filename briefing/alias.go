package briefing

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Aliases are learned from the articles themselves: a definition such as
// "General Security of Military Information Agreement (GSOMIA)", or a tag
// list holding both forms, makes either form find the other. Nothing here
// knows any particular acronym.

type alias struct {
	short string   // stem of the acronym
	long  []string // stems of the long form's content words
}

type aliasTable struct {
	byShort map[string]map[string][]string // acronym -> long key -> long stems
	byLong  map[string]map[string]bool     // long key -> acronyms
}

func newAliasTable() aliasTable {
	return aliasTable{byShort: map[string]map[string][]string{}, byLong: map[string]map[string]bool{}}
}

func (t aliasTable) add(a alias) {
	key := strings.Join(a.long, " ")
	if t.byShort[a.short] == nil {
		t.byShort[a.short] = map[string][]string{}
	}
	t.byShort[a.short][key] = a.long
	if t.byLong[key] == nil {
		t.byLong[key] = map[string]bool{}
	}
	t.byLong[key][a.short] = true
}

// expand adds alias forms to a query: a single-term clause that is a known
// acronym also matches its long forms, and an alternative whose words are
// exactly a known long form gets an alternative of the acronym.
func (t aliasTable) expand(q Query) Query {
	var extra [][]Clause
	for ai, alt := range q.Alts {
		for ci, c := range alt {
			if len(c.Forms) != 1 || len(c.Forms[0]) != 1 {
				continue
			}
			for _, long := range t.byShort[c.Forms[0][0]] {
				alt[ci].Forms = append(alt[ci].Forms, long)
			}
		}
		q.Alts[ai] = alt
		var stems []string
		for _, c := range alt {
			stems = append(stems, c.Forms[0]...)
		}
		for short := range t.byLong[strings.Join(stems, " ")] {
			extra = append(extra, []Clause{{Surface: short, Forms: [][]string{{short}}}})
		}
	}
	q.Alts = append(q.Alts, extra...)
	return q
}

// findAcronyms finds "Long Form (LF)" definitions in text, whose words ws
// were already tokenised, using the Schwartz–Hearst rule: the acronym's
// letters occur in order in the long form, the first at a word start.
func findAcronyms(st *Stemmer, text string, ws []word) []alias {
	var out []alias
	for i := 0; i < len(text); {
		open := strings.IndexByte(text[i:], '(')
		if open < 0 {
			break
		}
		open += i
		closeIdx := strings.IndexByte(text[open:], ')')
		if closeIdx < 0 {
			break
		}
		short := text[open+1 : open+closeIdx]
		i = open + closeIdx + 1
		if !isAcronym(short) {
			continue
		}
		if long, ok := longForm(short, wordsBefore(ws, open, utf8.RuneCountInString(short))); ok {
			if a, ok := makeAlias(st, short, long); ok {
				out = append(out, a)
			}
		}
	}
	return out
}

func isAcronym(s string) bool {
	n, upper := 0, 0
	for _, r := range s {
		n++
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return n >= 2 && n <= 10 && upper >= 2 && unicode.IsUpper([]rune(s)[0])
}

// wordsBefore returns up to min(n+5, 2n) words ending before byte offset.
func wordsBefore(ws []word, offset, n int) []word {
	end := 0
	for end < len(ws) && ws[end].start < offset {
		end++
	}
	k := min(n+5, 2*n)
	return ws[max(0, end-k):end]
}

// longForm matches the acronym's letters right to left against the words'
// letters and returns the shortest word span that explains them all.
func longForm(short string, ws []word) ([]word, bool) {
	if len(ws) == 0 {
		return nil, false
	}
	letters := []rune(strings.ToLower(short))
	wi := len(ws) - 1
	ci := len([]rune(ws[wi].surface)) - 1
	for si := len(letters) - 1; si >= 0; si-- {
		c := letters[si]
		for {
			if wi < 0 {
				return nil, false
			}
			w := []rune(ws[wi].surface)
			if ci >= 0 && w[ci] == c && (si > 0 || ci == 0) {
				break
			}
			ci--
			if ci < 0 {
				wi--
				if wi >= 0 {
					ci = len([]rune(ws[wi].surface)) - 1
				}
			}
		}
		ci--
		if ci < 0 {
			wi--
			if wi >= 0 {
				ci = len([]rune(ws[wi].surface)) - 1
			}
		}
	}
	start := wi
	if ci >= 0 || start < 0 {
		start++
	}
	// The span starts at the word holding the first letter.
	span := ws[start:]
	if len(span) < 2 {
		return nil, false
	}
	return span, true
}

func makeAlias(st *Stemmer, short string, long []word) (alias, bool) {
	var stems []string
	for _, w := range long {
		if !w.stop {
			stems = append(stems, w.stem)
		}
	}
	if len(stems) < 2 {
		return alias{}, false
	}
	return alias{short: st.Stem(strings.ToLower(short)), long: stems}, true
}

// tagAliases pairs an acronym tag with another tag on the same article
// whose words it abbreviates.
func tagAliases(st *Stemmer, tags []string) []alias {
	var out []alias
	for _, s := range tags {
		if !isAcronym(s) {
			continue
		}
		for _, l := range tags {
			ws := st.words(l)
			if l == s || len(ws) < 2 {
				continue
			}
			if span, ok := longForm(s, ws); ok && len(span) == len(ws) {
				if a, ok := makeAlias(st, s, span); ok {
					out = append(out, a)
				}
			}
		}
	}
	return out
}
