package briefing_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

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
	// a made-up story line the random corpus lacks: articles on the topic
	// word sharing a vocabulary, and articles without the topic word that
	// use that vocabulary more (they join on likeness), or use the
	// vocabulary of the articles judged down (they must not)
	var extra []briefing.Article
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	story := func(title, text string) {
		extra = append(extra, briefing.Article{Source: "story", GUID: fmt.Sprint("story-", len(extra)), Title: title, Text: text,
			Published: at.Add(time.Duration(len(extra)) * time.Minute)})
	}
	for i := range 12 {
		var filler []string // words of this article alone: long, it is less like the judged ones than they are
		for j := range 200 {
			filler = append(filler, fmt.Sprintf("wexal%dn%d", i, j))
		}
		story(fmt.Sprintf("Quillbeck dravenholt report %d", i), fmt.Sprintf("The quillbeck smerrowin plan met the dravenholt board. Tolvane gresk marrowby item %d.\n\nQuillbeck answered. %s.", i, strings.Join(filler, " ")))
		story(fmt.Sprintf("Quillbeck pennimore note %d", i), fmt.Sprintf("The quillbeck ostravel case reached the pennimore court. Brenlow vask item %d.", i))
	}
	for i := range 8 {
		story(fmt.Sprintf("Dravenholt smerrowin tolvane gresk marrowby board plan report %d", i), fmt.Sprintf("The smerrowin plan met the dravenholt board. Tolvane gresk marrowby item %d.\n\nDravenholt answered.", i))
		story(fmt.Sprintf("Pennimore ostravel brenlow note %d", i), fmt.Sprintf("The ostravel case reached the pennimore court. Brenlow vask item %d. The ostravel case reached the pennimore court again; brenlow vask.", i))
	}
	if _, err := eng.Ingest(ctx, extra); err != nil {
		t.Fatal(err)
	}
	joined, cut, storyJoined := 0, 0, 0
	for _, topic := range append([]string{"quillbeck"}, matchTopics...) {
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
		if topic == "quillbeck" { // 👍 the dravenholt reports, 👎 the pennimore notes
			warm, cold = nil, nil
			reports, err := eng.Match(ctx, "quillbeck dravenholt", briefing.MatchOptions{})
			if err != nil || len(reports) == 0 {
				t.Fatal(len(reports), err)
			}
			isReport := map[int64]bool{}
			for _, m := range reports {
				isReport[m.ArticleID] = true
			}
			for _, m := range plain {
				up := isReport[m.ArticleID]
				warm = append(warm, briefing.Judgment{ArticleID: m.ArticleID, Up: up})
				if len(cold) < 4 {
					cold = append(cold, briefing.Judgment{ArticleID: m.ArticleID, Up: up})
				}
			}
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
							if topic == "quillbeck" {
								storyJoined++
							}
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
	if storyJoined == 0 || joined == 0 || cut == 0 {
		t.Fatalf("judgments joined %d articles (%d on the made-up story) and cut %d: the corpus does not exercise them", joined, storyJoined, cut)
	}
	t.Logf("joined %d (%d on the made-up story), cut %d", joined, storyJoined, cut)
}
