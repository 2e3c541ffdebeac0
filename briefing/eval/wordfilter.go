package eval

import "strings"

// WholeWord is the keyword filter any alerting tool has, the baseline the
// engine must beat on topics it was not tuned on: title and text are
// lower-cased and cut into tokens, the runs of [a-z0-9]; each query word
// matches a token equal to it or to it plus "s"; a query of several words
// matches when they occur adjacent and in order. Alternatives written
// "a OR b" (or "a | b"), as alerting tools take them, match when any
// does.
func WholeWord(docs []LabeledDoc) Selector {
	toks := make([][]string, len(docs))
	for i, d := range docs {
		toks[i] = wordTokens(d.Title + "\n" + d.Text)
	}
	return func(query string) (map[string]bool, error) {
		var alts [][]string
		for _, alt := range Alternatives(query) {
			if q := wordTokens(alt); len(q) > 0 {
				alts = append(alts, q)
			}
		}
		out := map[string]bool{}
		for i, d := range docs {
			for _, q := range alts {
				if holdsWords(toks[i], q) {
					out[d.ID] = true
					break
				}
			}
		}
		return out, nil
	}
}

// Alternatives splits a query at the words "OR" (in capitals) and "|",
// the alternatives a chat topic may list; a query without them is its own
// only alternative.
func Alternatives(query string) []string {
	var alts []string
	var cur []string
	for _, w := range strings.Fields(strings.ReplaceAll(query, "|", " | ")) {
		if w == "OR" || w == "|" {
			alts = append(alts, strings.Join(cur, " "))
			cur = nil
			continue
		}
		cur = append(cur, w)
	}
	return append(alts, strings.Join(cur, " "))
}

// wordTokens lower-cases s and returns its runs of ASCII letters and
// digits (any other byte separates them).
func wordTokens(s string) []string {
	s = strings.ToLower(s)
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		word := i < len(s) && ('a' <= s[i] && s[i] <= 'z' || '0' <= s[i] && s[i] <= '9')
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

// holdsWords reports whether q's words occur in toks adjacent and in
// order, each as itself or itself plus "s".
func holdsWords(toks, q []string) bool {
	for i := 0; i+len(q) <= len(toks); i++ {
		ok := true
		for j, w := range q {
			if t := toks[i+j]; t != w && t != w+"s" {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
