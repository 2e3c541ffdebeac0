package briefing_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// TestSparseLikenessAnswersAsTheFullPass: judged requests score only the
// documents they ask about (judge.go); every answer, scores included,
// must be the one scoring every document gives. Over an ingested corpus,
// with 👍 and 👎 on selected articles and on exploratory near misses,
// at the default depth and reading every candidate.
func TestSparseLikenessAnswersAsTheFullPass(t *testing.T) {
	eng := benchEngineT(t, 12_000)
	ctx := context.Background()
	joined, cut := 0, 0
	for _, topic := range matchTopics {
		shown, err := eng.Match(ctx, topic, briefing.MatchOptions{Limit: 12, Explore: 2})
		if err != nil {
			t.Fatal(err)
		}
		plain, err := eng.Match(ctx, topic, briefing.MatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// two channels: one mostly 👍 (near misses too), one mostly 👎
		var warm, cold []briefing.Judgment
		for i, m := range shown {
			warm = append(warm, briefing.Judgment{ArticleID: m.ArticleID, Up: m.Exploratory || i%3 != 2})
			cold = append(cold, briefing.Judgment{ArticleID: m.ArticleID, Up: !m.Exploratory && i%3 == 0})
		}
		for _, js := range [][]briefing.Judgment{warm, cold} {
			for _, o := range []briefing.MatchOptions{{Judgments: js}, {Judgments: js, Depth: -1}, {Limit: 10, Judgments: js, Explore: 2}} {
				briefing.SetDenseLikeness(eng, true)
				want, err1 := eng.Match(ctx, topic, o)
				wb, err3 := eng.Brief(ctx, topic, briefing.BriefOptions{Judgments: js})
				briefing.SetDenseLikeness(eng, false)
				got, err2 := eng.Match(ctx, topic, o)
				gb, err4 := eng.Brief(ctx, topic, briefing.BriefOptions{Judgments: js})
				if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
					t.Fatal(err1, err2, err3, err4)
				}
				if !reflect.DeepEqual(want, got) {
					t.Fatalf("%q %+v: full pass %d matches, sparse %d", topic, o, len(want), len(got))
				}
				wb.GeneratedAt = gb.GeneratedAt
				if !reflect.DeepEqual(wb, gb) {
					t.Fatalf("%q: briefings differ", topic)
				}
				if o.Limit == 0 && o.Depth == 0 {
					was := map[int64]bool{}
					for _, m := range plain {
						was[m.ArticleID] = true
					}
					now := map[int64]bool{}
					for _, m := range got {
						now[m.ArticleID] = true
						if !was[m.ArticleID] {
							joined++
						}
					}
					for id := range was {
						if !now[id] {
							cut++
						}
					}
				}
			}
		}
	}
	// the comparison means something only if judgments reshaped answers
	// both ways: articles joined (likeness, near misses) and left
	if joined == 0 || cut == 0 {
		t.Fatalf("judgments joined %d articles and cut %d: the corpus does not exercise them", joined, cut)
	}
	t.Logf("joined %d, cut %d", joined, cut)
}
