package briefing

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// refWordsKey is wordsKey as it was before its ASCII shortcut: every rune
// through the unicode tables.
func refWordsKey(kind byte, s string, max int) (uint32, int) {
	h := uint32(2166136261)
	mix := func(b byte) { h = (h ^ uint32(b)) * 16777619 }
	mix(kind)
	n, in := 0, false
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if in {
				mix(0)
			}
			in = false
			continue
		}
		if !in {
			if n == max {
				break
			}
			n++
			in = true
		}
		var buf [utf8.UTFMax]byte
		for _, b := range buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))] {
			mix(b)
		}
	}
	if in {
		mix(0)
	}
	return h, n
}

func TestWordsKeyIsTheRuneByRuneKey(t *testing.T) {
	cases := []string{"", "Read more at Example.com", "ÉCOLE Noël 42, x-y_z", "  Follow us on   Twitter!  ", "\xff bad \xc3"}
	for r := rune(0); r < 0x250; r++ {
		cases = append(cases, "A"+string(r)+"b c", string(r))
	}
	for _, s := range cases {
		for _, max := range []int{1, 3, 8} {
			h, n := wordsKey('O', s, max)
			rh, rn := refWordsKey('O', s, max)
			if h != rh || n != rn {
				t.Errorf("wordsKey(%q, %d) = %x, %d; rune by rune %x, %d", s, max, h, n, rh, rn)
			}
		}
	}
}

func FuzzWordsKey(f *testing.F) {
	f.Add("Read more: Example NEWS 2024")
	f.Fuzz(func(t *testing.T, s string) {
		h, n := wordsKey('L', s, 5)
		if rh, rn := refWordsKey('L', s, 5); h != rh || n != rn {
			t.Errorf("wordsKey(%q) = %x, %d; rune by rune %x, %d", s, h, n, rh, rn)
		}
	})
}
