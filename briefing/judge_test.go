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

// A digest applies the channel's judgments: the article judged down for a
// topic is not announced to that channel, and a channel without judgments
// gets the shared selection unchanged.
func TestDigestAppliesTheChannelsJudgments(t *testing.T) {
	eng, added := newDigestEngine(t,
		story("wire-a", "Seoul ends GSOMIA pact with Japan", pactText),
		story("wire-b", "GSOMIA quiz night at the embassy bar", "The embassy bar held a GSOMIA-themed quiz night; the winners took home a cake."),
		story("wire-a", "Oil jumps on output cuts", oilText),
	)
	ctx := context.Background()
	titles := func(js []briefing.Judgment) []string {
		t.Helper()
		d, err := eng.Digest(ctx, briefing.DigestOptions{Topics: []string{"gsomia"}, Seen: seenOf(nil),
			Judgments: func(_ context.Context, topic string) ([]briefing.Judgment, error) {
				if topic != "gsomia" {
					t.Errorf("judgments asked for %q", topic)
				}
				return js, nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range d.Sections {
			for _, it := range s.Items {
				out = append(out, it.Title)
			}
		}
		slices.Sort(out)
		return out
	}
	if got := titles(nil); len(got) != 2 {
		t.Fatalf("without judgments: %v", got)
	}
	got := titles([]briefing.Judgment{{ArticleID: added[1].ID, Up: false}})
	if len(got) != 1 || got[0] != "Seoul ends GSOMIA pact with Japan" {
		t.Fatalf("after 👎 on the quiz night: %v", got)
	}
	if got := titles(nil); len(got) != 2 {
		t.Errorf("another channel, no judgments: %v", got)
	}
}
