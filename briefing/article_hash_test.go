package briefing

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// ContentHash hashes title and text with runs of white space made single
// spaces, as strings.Fields joined by " " does; it now builds those bytes
// without the slices (issue 20), and must give the same hashes as before,
// or stored articles would stop matching their re-fetched copies.
func TestContentHashIsTheFieldsJoinHash(t *testing.T) {
	old := func(a Article) string {
		h := sha256.New()
		h.Write([]byte(strings.Join(strings.Fields(a.Title), " ")))
		h.Write([]byte{0})
		h.Write([]byte(strings.Join(strings.Fields(a.Text), " ")))
		return hex.EncodeToString(h.Sum(nil))
	}
	for _, a := range []Article{
		{},
		{Title: "  Harbour  bridge\treopens ", Text: "The bridge\n\nreopened\u00a0on Monday.\u2003 "},
		{Title: "\xff\xfe broken", Text: "bytes \x80 here\u200b and\u3000there"},
		{Text: "only text"},
		{Title: "only title"},
		{Title: " \n\t ", Text: "\u2028\u2029"},
	} {
		if got, want := a.ContentHash(), old(a); got != want {
			t.Errorf("ContentHash(%q, %q) = %s, want %s", a.Title, a.Text, got, want)
		}
	}
}
