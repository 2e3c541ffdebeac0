package briefing

import "testing"

// TestBaseOf: a capitalised adjective of a place counts as the noun it is
// built on when the stored articles use that noun; an inflected form, a
// name with no stored base, a word not ending in -n and a lower-case word
// do not.
func TestBaseOf(t *testing.T) {
	st := NewStemmer()
	ix := NewIndex(st)
	ix.add([]Article{
		{ID: 1, GUID: "a", Title: "Runners in Kenya", Text: "The Kenya team flew planes to Europe."},
		{ID: 2, GUID: "b", Title: "Election", Text: "Voters in Estonia went to the polls on Sunday with Marchetti."},
	}, nil)
	for _, c := range []struct {
		text, base string
	}{
		{"The Kenyan runner won.", "kenya"},
		{"Both Estonian parties lost.", "estonia"},
		{"A European court ruled.", "europ"},
		{"Old Planes were grounded.", ""}, // plural: its own stem
		{"Mr Lindqvist spoke.", ""},       // no stored base within three letters
		{"The kenyan runner won.", ""},    // not capitalised: not a name-like word
	} {
		got := ""
		ws := st.words("\n" + c.text) // an article without a title
		et := readEventTerms(Article{Title: "", Text: c.text}, ws)
		ix.mu.RLock()
		for _, w := range et.bases {
			if b, ok := ix.baseOf(w); ok {
				got = b
			}
		}
		ix.mu.RUnlock()
		if got != c.base {
			t.Errorf("%q: base %q, want %q", c.text, got, c.base)
		}
	}
}
