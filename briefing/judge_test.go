package briefing_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// A channel's judgments change its own answers only: the article judged
// down never returns, the one judged up is in, and a request without
// judgments (another channel) gets what it got before.
func TestJudgmentsReshapeOnlyTheJudgingRequest(t *testing.T) {
	var texts [][2]string
	for i := range 10 {
		texts = append(texts, [2]string{fmt.Sprintf("Harbour dredging contract %d signed", i),
			fmt.Sprintf("The port authority said dredgers will deepen berth %d so larger container ships can dock; "+
				"the harbour master expects work to finish by autumn and tugs to be busy.", i)})
	}
	texts = append(texts,
		[2]string{"Harbour cafe wins a baking prize", "The cafe by the harbour sells cinnamon buns; the judges praised the crust."},
		[2]string{"Port authority orders two more dredgers", "Dredgers will deepen the berths so container ships and tugs can dock at all tides."},
	)
	eng, guid := literalEngine(t, texts...)
	id := map[string]int64{}
	for k, v := range guid {
		id[v] = k
	}
	cafe, dredgers := "a"+string(rune('0'+10)), "a"+string(rune('0'+11))
	before := matchGUIDs(t, eng, guid, "harbour", briefing.MatchOptions{})
	if !slices.Contains(before, cafe) || slices.Contains(before, dredgers) {
		t.Fatalf("before judging: %v (want the cafe story, not the one that never says harbour)", before)
	}
	js := []briefing.Judgment{{ArticleID: id[cafe], Up: false}, {ArticleID: id[dredgers], Up: true}, {ArticleID: id["a0"], Up: true}}
	after := matchGUIDs(t, eng, guid, "harbour", briefing.MatchOptions{Judgments: js})
	if slices.Contains(after, cafe) || !slices.Contains(after, dredgers) || !slices.Contains(after, "a0") {
		t.Fatalf("after judging: %v (cafe judged down must be gone, the dredgers judged up in)", after)
	}
	for _, limit := range []int{1, 3, 20} {
		ms, err := eng.Match(context.Background(), "harbour", briefing.MatchOptions{Limit: limit, Judgments: js})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.ArticleID == id[cafe] {
				t.Errorf("limit %d: the judged-down article returned", limit)
			}
		}
	}
	b, err := eng.Brief(context.Background(), "harbour", briefing.BriefOptions{Limit: 20, Judgments: js})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range b.Items {
		if it.Title == texts[10][0] {
			t.Errorf("brief: the judged-down article returned")
		}
	}
	if again := matchGUIDs(t, eng, guid, "harbour", briefing.MatchOptions{}); !slices.Equal(again, before) {
		t.Errorf("without judgments: %v, want %v as before", again, before)
	}
}
