package briefing_test

import (
	"fmt"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// apartCorpus is topic stories that name "ferry fares" in the harbour's
// vocabulary, like stories whose words are apart ("fares ... ferry") in
// that vocabulary, unlike ones (a club's outing that took the ferry and
// paid bus fares), and sixty stories on other things.
func apartCorpus(topic, like, unlike int) [][2]string {
	harbour := "the harbour operator said crossings to the island carried more passengers vehicles and freight this season"
	var out [][2]string
	for i := range topic {
		out = append(out, [2]string{fmt.Sprintf("Ferry fares on crossing %d", i),
			fmt.Sprintf("Ferry fares moved on crossing %d. %s. %s.", i, harbour, fillerWords(i))})
	}
	for i := range like {
		out = append(out, [2]string{fmt.Sprintf("Fares rise on crossing %d", 100+i),
			fmt.Sprintf("Fares rose on the ferry to berth %d. %s. %s.", i, harbour, fillerWords(100+i))})
	}
	for i := range unlike {
		out = append(out, [2]string{fmt.Sprintf("Fares for the outing %d", 200+i),
			fmt.Sprintf("The garden club took the ferry to hall %d and paid bus fares for the summer show. %s.", i, fillerWords(200+i))})
	}
	for i := range 60 {
		out = append(out, [2]string{fmt.Sprintf("Club notes %d", i),
			fmt.Sprintf("The garden club met in hall %d and planned the summer show. %s.", i, fillerWords(300+i))})
	}
	return out
}

// TestWordsApartEarnTheirPlacePerTopic: an unquoted topic's words apart
// are admitted when, as a class, they look like the topic's held-out
// literal matches; not when most of them are another subject (even though
// some look like the topic), and not when the topic has too few literal
// matches for the check to tell.
func TestWordsApartEarnTheirPlacePerTopic(t *testing.T) {
	for _, tc := range []struct {
		name                string
		topic, like, unlike int
		want                int
	}{
		{"like the topic", 20, 10, 0, 30},
		{"mostly another subject", 20, 4, 10, 20},
		{"too few literal matches to tell", 5, 10, 0, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng, guid := literalEngine(t, apartCorpus(tc.topic, tc.like, tc.unlike)...)
			if got := matchGUIDs(t, eng, guid, "ferry fares", briefing.MatchOptions{}); len(got) != tc.want {
				t.Errorf("ferry fares: %d selected, want %d", len(got), tc.want)
			}
		})
	}
}

// TestWordsApartWhenNothingIsWrittenTogether: a topic written together in
// no article ("ferry fares" with no such article) finds the articles that
// hold its words apart, all of them, as an all-words filter does; the
// nothing a phrase match would give helps nobody. One article that writes
// it together is enough to go back to the checked rule (the last case of
// TestWordsApartEarnTheirPlacePerTopic). A quoted phrase stays a phrase.
func TestWordsApartWhenNothingIsWrittenTogether(t *testing.T) {
	eng, guid := literalEngine(t, apartCorpus(0, 6, 3)...)
	if got := matchGUIDs(t, eng, guid, "ferry fares", briefing.MatchOptions{}); len(got) != 9 {
		t.Errorf("ferry fares, never written together: %d selected, want the 9 that hold both words", len(got))
	}
	if got := matchGUIDs(t, eng, guid, `"ferry fares"`, briefing.MatchOptions{}); len(got) != 0 {
		t.Errorf(`"ferry fares" quoted: %d selected, want none`, len(got))
	}
	eng, guid = literalEngine(t, apartCorpus(1, 6, 3)...)
	if got := matchGUIDs(t, eng, guid, "ferry fares", briefing.MatchOptions{}); len(got) != 1 {
		t.Errorf("ferry fares, written together once: %d selected, want that one (too few to check the words apart)", len(got))
	}
}
