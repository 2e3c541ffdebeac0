package briefing

import (
	"strings"
	"testing"
)

var fieldsCases = []string{
	"", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "a\nb", "a\u00a0b", "a\u0085b", "a\u2003b", "a\u3000b",
	"\xff\xfe broken", "bytes \x80 here\u200b and", "  Harbour  bridge\treopens ", "one two three",
	"\u2028\u2029", "x\u202fy", "tail\r", "\vlead", "é è", "é  è",
}

// TestJoinFieldsIsFieldsJoined: joinFields and appendFields give what
// strings.Join(strings.Fields(s), " ") gives (Clean and ContentHash used
// it; stored text and hashes must not change).
func TestJoinFieldsIsFieldsJoined(t *testing.T) {
	for _, s := range fieldsCases {
		checkFields(t, s)
	}
}

func FuzzJoinFields(f *testing.F) {
	for _, s := range fieldsCases {
		f.Add(s)
	}
	f.Fuzz(checkFields)
}

func checkFields(t *testing.T, s string) {
	want := strings.Join(strings.Fields(s), " ")
	if got := joinFields(s); got != want {
		t.Errorf("joinFields(%q) = %q, want %q", s, got, want)
	}
	if got := string(appendFields([]byte("x"), s)); got != "x"+want {
		t.Errorf("appendFields(x, %q) = %q, want %q", s, got, "x"+want)
	}
}
