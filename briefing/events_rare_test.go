package briefing

import (
	"math"
	"testing"
	"time"
)

// TestSameDayRareWordsAtTheLowestBarStayApart: two reports a few hours
// apart whose cosine clears only the lowest bar are not one event on
// shared words alone, whether those are rare in the store, common in it
// or names: on real wire news the reports that share a happening's rare
// words within the hour at that likeness are as often two of one kind
// (two ports' labour talks, two regions' winter wheat damage) as one
// event, so round 10's same-day tier on them was not kept (QUALITY.md).
func TestSameDayRareWordsAtTheLowestBarStayApart(t *testing.T) {
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	// sig builds a unit vector of equal weights over 13 terms, the first
	// two shared with the other report; kind says how those two count.
	type kind int
	const (
		rare kind = iota
		common
		name
	)
	sig := func(published time.Time, first uint32, k kind) eventSig {
		terms := []uint32{1, 2}
		for x := range 11 {
			terms = append(terms, first+uint32(x))
		}
		w := 1 / math.Sqrt(float64(len(terms)))
		s := eventSig{published: published}
		for _, term := range terms {
			shared := term <= 2
			s.vec = append(s.vec, termWeight{term: term, name: shared && k == name, common: shared && k == common, w: w})
		}
		return s
	}
	for _, c := range []struct {
		name string
		k    kind
		gap  time.Duration
		want bool
	}{
		{"rare happening's words, 3 h apart", rare, 3 * time.Hour, false},
		{"words common in the store, 3 h apart", common, 3 * time.Hour, false},
		{"names, 3 h apart", name, 3 * time.Hour, false},
		{"rare happening's words, 20 h apart", rare, 20 * time.Hour, false},
	} {
		a := sig(at, 100, c.k)
		b := sig(at.Add(c.gap), 200, c.k)
		cos := a.cosine(b) // 2/13: above the lowest bar, below the others
		if got := relateCosine(a, b, cos) == sameEvent; got != c.want {
			t.Errorf("%s: one event %v, want %v (cosine %.3f, rare %.3f)", c.name, got, c.want, cos, a.rareWhatDot(b))
		}
	}
}

// TestCommonWordsByTheStoresShare: a word in at least eventCommonShare of
// the stored articles is marked common in a report's signature, a rarer
// one is not.
func TestCommonWordsByTheStoresShare(t *testing.T) {
	var reps []labelledReport
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	texts := []string{
		"The harbour board set a quarterly dividend for its holders.",
		"The mill set a quarterly dividend after a good winter.",
		"Farmers in the valley counted losses after the frost.",
		"The museum opened a gallery of maps.",
		"A ferry ran aground near the pier; nobody was hurt.",
		"The council voted on new bins.",
		"A choir sang at the station for charity.",
		"The library lent its millionth book.",
		"Cyclists raced along the river road.",
		"A bakery won a prize for rye bread.",
	}
	for i, s := range texts {
		reps = append(reps, labelledReport{Article: Article{Source: "s", Title: "Note", Text: s, Published: at.Add(time.Duration(i) * time.Hour)}, event: "e"})
	}
	ix, arts := eventIndex(reps)
	sig := ix.articlePrints(arts[:1], nil)[0].sig
	stem := map[uint32]string{}
	for k, v := range ix.ids {
		stem[v] = k
	}
	got := map[string]bool{}
	for _, tw := range sig.vec {
		got[stem[tw.term]] = tw.common
	}
	// "dividend" is in 2 of 10 stored articles (the share), "harbour" in 1
	for w, want := range map[string]bool{ix.st.words("dividend")[0].stem: true, ix.st.words("harbour")[0].stem: false} {
		if c, ok := got[w]; !ok || c != want {
			t.Errorf("%q: common %v (found %v), want %v", w, c, ok, want)
		}
	}
}

// TestNextMorningPairJoinsOnTheHappeningsRareWords: two reports 16 hours
// apart whose cosine is under the risen bar are one event at the flat
// bar when enough of it lies on rare words that are names in neither,
// not when it lies on names, and not beyond eventNextPair.
func TestNextMorningPairJoinsOnTheHappeningsRareWords(t *testing.T) {
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	// four shared terms of 16 each: cosine 0.25
	sig := func(published time.Time, first uint32, names bool) eventSig {
		terms := []uint32{1, 2, 3, 4}
		for x := range 12 {
			terms = append(terms, first+uint32(x))
		}
		s := eventSig{published: published}
		for _, term := range terms {
			s.vec = append(s.vec, termWeight{term: term, name: names && term <= 4, w: 0.25})
		}
		return s
	}
	for _, c := range []struct {
		name  string
		names bool
		gap   time.Duration
		want  bool
	}{
		{"the happening's words, 16 h apart", false, 16 * time.Hour, true},
		{"names, 16 h apart", true, 16 * time.Hour, false},
		{"the happening's words, 21 h apart", false, 21 * time.Hour, false},
	} {
		a, b := sig(at, 100, c.names), sig(at.Add(c.gap), 200, c.names)
		if got := relateCosine(a, b, a.cosine(b)) == sameEvent; got != c.want {
			t.Errorf("%s: one event %v, want %v (cosine %.3f)", c.name, got, c.want, a.cosine(b))
		}
	}
}
