package briefing

import "testing"

func TestDerivedStems(t *testing.T) {
	st := NewStemmer()
	got := derivedStems(st.Stem("acquisitions"))
	if len(got) != 1 || got[0] != st.Stem("acquire") {
		t.Errorf("acquisitions -> %q, want the stem of acquire %q", got, st.Stem("acquire"))
	}
	got = derivedStems(st.Stem("acquired"))
	if len(got) != 1 || got[0] != st.Stem("acquisition") {
		t.Errorf("acquired -> %q, want the stem of acquisition", got)
	}
	if got := derivedStems(st.Stem("wheat")); len(got) != 0 {
		t.Errorf("wheat has no derived family, got %q", got)
	}
}
