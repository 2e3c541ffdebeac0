package eval

import "strings"

// WholeWord is the keyword filter any alerting tool has, the baseline the
// engine must beat on topics it was not tuned on: title and text are
// lower-cased and cut into tokens, the runs of [a-z0-9]; each query word
// matches a token equal to it or to it plus "s"; a query of several words
// matches when they occur adjacent and in order.
func WholeWord(docs []LabeledDoc) Selector {
	toks := make([][]string, len(docs))
	for i, d := range docs {
		toks[i] = wordTokens(d.Title + "\n" + d.Text)
	}
	return func(query string) (map[string]bool, error) {
		q := wordTokens(query)
		out := map[string]bool{}
		if len(q) == 0 {
			return out, nil
		}
		for i, d := range docs {
			if holdsWords(toks[i], q) {
				out[d.ID] = true
			}
		}
		return out, nil
	}
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
