package briefing

import (
	"unicode"
	"unicode/utf8"
)

// Ingest normalises white space in every line of every article and hashes
// the normalised text; strings.Fields joined by " " did both, with a slice
// and a copy of each line (a tenth of ingest's allocation). These give the
// same strings and bytes (fields_test.go compares them).

// joinFields is strings.Join(strings.Fields(s), " "): s itself when its
// white space is already single spaces between words (most lines are).
func joinFields(s string) string {
	if singleSpaced(s) {
		return s
	}
	return string(appendFields(make([]byte, 0, len(s)), s))
}

// singleSpaced reports whether s has no white space but single ASCII
// spaces between other characters.
func singleSpaced(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' {
				if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
					return false
				}
			} else if asciiSpace(c) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		i += n
	}
	return true
}

// appendFields appends s's strings.Fields joined by single spaces.
func appendFields(buf []byte, s string) []byte {
	start, space := len(buf), false // space: a separator is owed
	for i := 0; i < len(s); {
		// A run of ASCII bytes that are not white space is copied at
		// once (a byte at a time, this was most of hashing an article).
		j := i
		for j < len(s) && s[j] < utf8.RuneSelf && s[j] != ' ' && (s[j] < '\t' || s[j] > '\r') {
			j++
		}
		if j > i {
			if space {
				buf, space = append(buf, ' '), false
			}
			buf = append(buf, s[i:j]...)
			i = j
			continue
		}
		c, n := s[i], 1
		isSpace := false
		if c < utf8.RuneSelf {
			isSpace = asciiSpace(c)
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			space = len(buf) > start
		} else {
			if space {
				buf, space = append(buf, ' '), false
			}
			buf = append(buf, s[i:i+n]...)
		}
		i += n
	}
	return buf
}

// asciiSpace is unicode.IsSpace for a byte below utf8.RuneSelf.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
