package briefing_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// headlineCorpus is heads stories with "steel" in the headline, all about
// mills; twelve on quota talks that name steel in their lead paragraph
// among the goods on the table (clear matches, in a neighbouring
// subject's words); eight quota stories that name steel once, further
// down (in passing); four mill stories that do the same; and sixty
// stories on other things. GUIDs: a0... in that order. With thin, the
// headline stories share little but the word.
func headlineCorpus(heads int, thin bool) [][2]string {
	mill := "the furnaces ran hot and the rollers turned out ingots billets and plate for the shipyards while crews worked double shifts as orders from carmakers and builders climbed"
	talks := "negotiators said import quotas would be cut"
	var out [][2]string
	for i := range heads {
		text := fmt.Sprintf("Output at mill %d rose: %s. %s.", i, mill, fillerWords(i))
		if thin { // headlines that share little but the word
			text = fmt.Sprintf("Output at mill %d rose. %s.", i, fillerWords(i))
		}
		out = append(out, [2]string{fmt.Sprintf("Steel note %d", i), text})
	}
	for i := range 12 {
		out = append(out, [2]string{fmt.Sprintf("Quota round %d", i),
			fmt.Sprintf("In round %d %s, and steel quotas too. %s.", i, talks, fillerWords(100+i))})
	}
	for i := range 8 {
		out = append(out, [2]string{fmt.Sprintf("Tariff round %d ends", i),
			fmt.Sprintf("In round %d %s. %s.\n\nA list of goods named steel.", 20+i, talks, fillerWords(200+i))})
	}
	for i := range 4 {
		out = append(out, [2]string{fmt.Sprintf("Output rises at mill %d", 20+i),
			fmt.Sprintf("Output at mill %d rose: %s. %s.\n\nThe mill said steel prices were firm.", 20+i, mill, fillerWords(300+i))})
	}
	for i := range 60 {
		out = append(out, [2]string{fmt.Sprintf("Club notes %d", i),
			fmt.Sprintf("The garden club met in hall %d and planned the summer show. %s.", i, fillerWords(400+i))})
	}
	return out
}

// TestHeadlineVocabularyDropsPassingMentions: a passing mention of the
// topic that shares the vocabulary of the topic's mixed clear matches
// (quota talks) but not that of its headline matches (mills) is dropped,
// and so is a lone mention in a lead paragraph in those words; a passing
// mention in the headline matches' words stays; and with fewer headline
// matches than the vocabulary is learned from, nothing is dropped.
func TestHeadlineVocabularyDropsPassingMentions(t *testing.T) {
	for _, tc := range []struct {
		name       string
		heads      int
		thin       bool
		quotaKept  bool
		checkMills bool
	}{
		{"enough headline matches", 12, false, false, true},
		{"too few headline matches to learn from", 5, false, true, true},
		{"headlines too thin to learn from", 12, true, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arts := headlineCorpus(tc.heads, tc.thin)
			eng, guid := literalEngine(t, arts...)
			got := matchGUIDs(t, eng, guid, "steel", briefing.MatchOptions{})
			kept := map[string]bool{}
			for _, g := range got {
				kept[g] = true
			}
			quota, mill, talks := 0, 0, 0
			for i := range 12 {
				if kept[literalGUID(tc.heads+i)] {
					talks++
				}
			}
			for i := range 8 {
				if kept[literalGUID(tc.heads+12+i)] {
					quota++
				}
			}
			for i := range 4 {
				if kept[literalGUID(tc.heads+20+i)] {
					mill++
				}
			}
			if tc.checkMills && mill != 4 {
				t.Errorf("%d of 4 passing mentions in the mills' words kept, want all (selected: %s)", mill, strings.Join(got, " "))
			}
			if want := map[bool]int{true: 12, false: 0}[tc.quotaKept]; talks != want {
				t.Errorf("%d of 12 lone lead-paragraph mentions in the quota talks' words kept, want %d", talks, want)
			}
			if want := map[bool]int{true: 8, false: 0}[tc.quotaKept]; quota != want {
				t.Errorf("%d of 8 passing mentions in the quota talks' words kept, want %d (selected: %s)", quota, want, strings.Join(got, " "))
			}
		})
	}
}

// literalGUID is the GUID literalEngine gives the i-th text.
func literalGUID(i int) string { return "a" + string(rune('0'+i)) }
