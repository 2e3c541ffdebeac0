package briefing

import (
	"fmt"
	"math"
	"testing"
)

func TestLooksRunOn(t *testing.T) {
	yes := []string{
		"The minister was seen leaving the building, pictured above Officials later confirmed the meeting.",
		"Crowds gathered along the harbour wall this morning They cheered as the ship arrived.",
		"Rescue: A diver pulls a swimmer from the water near the pier.",
		"Line-up: Ortega, Lindqvist, Mbeki, Costa, Ruiz.",
		"The whole crew (pictured) returned to port on Friday.",
	}
	no := []string{
		"He said: \"We will not back down.\"",
		"Mr Blair said: The plans are sound.",
		"The council said The Times had misreported the vote.",
		"Officials pictured the scene differently.",
		"Harbour Lights was a hit in 2001.",
		"It rained. The match went ahead.",
	}
	for _, s := range yes {
		if !looksRunOn(s) {
			t.Errorf("not recognised: %q", s)
		}
	}
	for _, s := range no {
		if looksRunOn(s) {
			t.Errorf("prose taken for a run-on: %q", s)
		}
	}
}

// TestCentralityDoesNotDependOnMapOrder: a sentence's score is the same on
// every run. Summed as floats in map order, the last bits varied, and
// sentences of equal worth swapped places between runs.
func TestCentralityDoesNotDependOnMapOrder(t *testing.T) {
	terms, tf := map[string]bool{}, map[string]float64{}
	for i := range 60 {
		w := fmt.Sprintf("w%d", i)
		terms[w], tf[w] = true, 1+float64(i%7)*1.37+float64(i)/13
	}
	first := centrality(terms, tf, 0.5)
	for range 500 {
		copied := make(map[string]bool, len(terms)) // a new map, a new iteration order
		for w := range terms {
			copied[w] = true
		}
		if got := centrality(copied, tf, 0.5); got != first {
			t.Fatalf("centrality %v, then %v, for the same sentence", first, got)
		}
	}
}

// TestSpreadArticleChoosesItsMostCentralSentences: when the first central
// sentences are only barely central (the lead does not carry this
// article's story), the summary is chosen again with the stricter bar and
// takes the clearly central sentences further down; when the lead is
// clearly central, it is kept.
func TestSpreadArticleChoosesItsMostCentralSentences(t *testing.T) {
	w := defaultSummaryWeights()
	// Mean 10: three opening sentences at 1.32 x the mean (just over the
	// bar), two later ones at 2 x, the rest well below.
	spread := []float64{13.2, 13.2, 13.2, 4.08, 4.08, 4.08, 4.08, 20, 20, 4.08}
	// The same shape with a clearly central lead (1.9 x the mean).
	told := []float64{19, 19, 19, 0.5, 0.5, 0.5, 0.5, 20, 20, 1}
	for _, tc := range []struct {
		name   string
		scores []float64
		spread float64
		want   string
	}{
		{"spread, rule off", spread, 0, "[0 1 2]"},
		{"spread", spread, w.spread, "[0 7 8]"},
		{"lead tells the story", told, w.spread, "[0 1 2]"},
	} {
		cands := make([]scored, len(tc.scores))
		for i, s := range tc.scores {
			cands[i] = scored{score: s, terms: map[string]bool{fmt.Sprint("t", i): true}}
		}
		ww := w
		ww.spread = tc.spread
		if got := fmt.Sprint(pick(cands, 3, nil, ww)); got != tc.want {
			t.Errorf("%s: picked %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestFollowingNeedsLessOnlyWithinTheLead: the sentence after a chosen one
// is taken on less evidence (w.follow) while the article is still telling
// its event, in the first w.followLead sentences; further down it needs the
// full bar like any other.
func TestFollowingNeedsLessOnlyWithinTheLead(t *testing.T) {
	w := defaultSummaryWeights()
	// Mean 10 in both: the bar is 13, the follow bar 9.75, and the
	// sentence after a central one scores 11, between the two.
	lead := []float64{20, 11, 7.2, 7.2, 7.2, 7.2, 7.2, 7.2, 25, 7.2, 7.2, 6.4}
	later := []float64{6.25, 6.25, 6.25, 6.25, 20, 11, 6.25, 6.25, 25, 6.25, 14, 6.25}
	for _, tc := range []struct {
		name       string
		scores     []float64
		followLead int
		want       string
	}{
		{"in the lead", lead, w.followLead, "[0 1 8]"},
		{"further down", later, w.followLead, "[4 8 10]"},
		{"further down, follow everywhere", later, len(later), "[4 5 8]"},
	} {
		cands := make([]scored, len(tc.scores))
		for i, s := range tc.scores {
			cands[i] = scored{score: s, terms: map[string]bool{fmt.Sprint("t", i): true}}
		}
		ww := w
		ww.followLead = tc.followLead
		if got := fmt.Sprint(pick(cands, 3, nil, ww)); got != tc.want {
			t.Errorf("%s: picked %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestLedeLikenessRaisesAScore: a sentence gains w.lede times its Jaccard
// likeness to the lede, the first sentence that can be shown (not a
// furniture line, not one scored 0); the lede keeps its score.
func TestLedeLikenessRaisesAScore(t *testing.T) {
	set := func(ws ...string) map[string]bool {
		m := map[string]bool{}
		for _, w := range ws {
			m[w] = true
		}
		return m
	}
	cands := []scored{
		{score: 5, furniture: true, terms: set("scroll", "video")},
		{score: 0, terms: set("flood", "river")},
		{score: 4, terms: set("flood", "river", "town", "rescu")},
		{score: 4, terms: set("flood", "river", "water", "level")}, // 2 of 6 shared
		{score: 4, terms: set("council", "budget", "vote")},
		{score: 4, terms: set("scroll", "video", "flood", "river", "town", "rescu")}, // 4 of 6
	}
	ledeBoost(cands, 0.5)
	want := []float64{5, 0, 4, 4 * (1 + 0.5/3), 4, 4 * (1 + 0.5*4/6)}
	for i, c := range cands {
		if math.Abs(c.score-want[i]) > 1e-9 {
			t.Errorf("sentence %d: score %.4f, want %.4f", i, c.score, want[i])
		}
	}
}
