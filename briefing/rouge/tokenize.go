package rouge

// Tokens returns the ROUGE tokens of s: the runs of [a-z0-9] after
// lower-casing ASCII letters, in order.
func Tokens(s string) []string {
	var toks []string
	var buf []byte
	forEachToken(s, func(tok string, hasUpper bool, _ bool) {
		if hasUpper {
			buf = appendLower(buf[:0], tok)
			tok = string(buf)
		}
		toks = append(toks, tok)
	})
	return toks
}

// forEachToken calls fn for each token of s, in order, with the token as it
// stands in s (not yet lower-cased), whether it holds an upper-case letter,
// and whether a line break came before it since the previous token.
func forEachToken(s string, fn func(tok string, hasUpper, afterBreak bool)) {
	start, hasUpper, afterBreak := -1, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			hasUpper = true
		default:
			if start >= 0 {
				fn(s[start:i], hasUpper, afterBreak)
				start, hasUpper, afterBreak = -1, false, false
			}
			if c == '\n' {
				afterBreak = true
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		fn(s[start:], hasUpper, afterBreak)
	}
}

// appendLower appends tok with ASCII capitals lower-cased.
func appendLower(dst []byte, tok string) []byte {
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// tokenize fills t with the token ids of sentences, giving new tokens the
// next free id in s.vocab, and returns t. Empty sentences are kept: they hold
// no tokens and so change no score.
func (s *scratch) tokenize(t *summary, sentences []string) *summary {
	t.ids, t.ends = t.ids[:0], t.ends[:0]
	for _, sent := range sentences {
		forEachToken(sent, func(tok string, hasUpper, afterBreak bool) {
			if afterBreak {
				t.ends = append(t.ends, len(t.ids))
			}
			t.ids = append(t.ids, s.id(tok, hasUpper))
		})
		t.ends = append(t.ends, len(t.ids))
	}
	return t
}

// id returns the dense id of tok, lower-cased first if hasUpper. Tokens
// without capitals are keyed by the caller's own substring, so only
// capitalised tokens new to this call allocate.
func (s *scratch) id(tok string, hasUpper bool) int32 {
	if hasUpper {
		s.lower = appendLower(s.lower[:0], tok)
		if id, ok := s.vocab[string(s.lower)]; ok {
			return id
		}
		tok = string(s.lower)
	} else if id, ok := s.vocab[tok]; ok {
		return id
	}
	id := int32(len(s.vocab))
	s.vocab[tok] = id
	return id
}
