package briefing_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// fillerWords gives story i a few invented words of its own, so that no
// two hand-made stories are copies of one story and no filler word is
// common enough to be learned.
func fillerWords(i int) string {
	var w []string
	for k := range 24 {
		w = append(w, fmt.Sprintf("zeb%dq%d", i, k))
	}
	return strings.Join(w, " ")
}

// selfCheckCorpus is twelve stories that name "ferry fares", all in the
// vocabulary of fare statistics, n stories in that same vocabulary that
// name only "fares" (bus and rail fares: the genre, not the topic), and
// sixty stories on other things.
func selfCheckCorpus(n int) [][2]string {
	genre := "the statistics office said the monthly index of tariffs rose percent against the seasonal adjusted level in the quarter"
	var out [][2]string
	for i := range 12 {
		out = append(out, [2]string{fmt.Sprintf("Ferry fares on route %d", i),
			fmt.Sprintf("Ferry fares moved on route %d. %s. %s.", i, genre, fillerWords(i))})
	}
	for i := range n {
		out = append(out, [2]string{fmt.Sprintf("Fares on route %d", 100+i),
			fmt.Sprintf("Bus and rail fares moved on route %d. %s. %s.", i, genre, fillerWords(100+i))})
	}
	for i := range 60 {
		out = append(out, [2]string{fmt.Sprintf("Club notes %d", i),
			fmt.Sprintf("The garden club met in hall %d and planned the summer show. %s.", i, fillerWords(200+i))})
	}
	return out
}

// TestLearnedAdditionsMustPassTheSelfCheck: a two-word topic whose learned
// vocabulary fits its genre (every kind of fare) as well as it fits the
// topic adds none of the genre's articles, however well they match that
// vocabulary; with only a couple of such articles beside the topic's own,
// the same vocabulary is reliable on the topic's held-out literal matches
// and they are added.
func TestLearnedAdditionsMustPassTheSelfCheck(t *testing.T) {
	eng, guid := literalEngine(t, selfCheckCorpus(30)...)
	got := matchGUIDs(t, eng, guid, "ferry fares", briefing.MatchOptions{})
	if len(got) != 12 {
		t.Errorf("genre vocabulary: %d selected, want the 12 that name ferry fares (%v)", len(got), got)
	}
	eng, guid = literalEngine(t, selfCheckCorpus(2)...)
	if got := matchGUIDs(t, eng, guid, "ferry fares", briefing.MatchOptions{}); len(got) != 14 {
		t.Errorf("topic vocabulary: %d selected, want the 12 that name ferry fares and the 2 learned (%v)", len(got), got)
	}
}

// TestTypedPluralMatchesItsSingular: "oilseeds" finds a story that says
// "oilseed" only; "goods" does not take in every story that says "good".
func TestTypedPluralMatchesItsSingular(t *testing.T) {
	eng, guid := literalEngine(t,
		[2]string{"Oilseeds crush slows", "Crushers processed fewer oilseeds this month."},
		[2]string{"Harvest report", "The oilseed crop was smaller, the ministry said."},
		[2]string{"Orchard growers count the cost of a late frost", "Apples and pears were hit hardest."},
	)
	if got := matchGUIDs(t, eng, guid, "oilseeds", briefing.MatchOptions{}); !slices.Equal(got, []string{"a0", "a1"}) {
		t.Errorf("oilseeds: %v, want a0 and a1", got)
	}
	// ten goods stories and twenty that say "good" in their lead:
	// the singular is commoner than the typed word and unlike its stories
	var texts [][2]string
	for i := range 10 {
		texts = append(texts, [2]string{fmt.Sprintf("Port %d handles more goods", i),
			fmt.Sprintf("Container goods volumes rose at berth %d as freight cranes cleared cargo. %s.", i, fillerWords(i))})
	}
	for i := range 20 {
		texts = append(texts, [2]string{fmt.Sprintf("Club notes %d", i),
			fmt.Sprintf("The garden club had a good show in hall %d. %s.", i, fillerWords(100+i))})
	}
	eng, guid = literalEngine(t, texts...)
	if got := matchGUIDs(t, eng, guid, "goods", briefing.MatchOptions{}); len(got) != 10 {
		t.Errorf("goods: %d selected, want the 10 goods stories (%v)", len(got), got)
	}
}
