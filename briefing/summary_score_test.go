package briefing

import (
	"fmt"
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
