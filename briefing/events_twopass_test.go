package briefing

import (
	"testing"
	"time"
)

// TestFoldKeepsASameDayLookAlikeApart: a report of another happening of
// the same setting that day (a utility's chief resigning on the day of its
// power cuts) restates the first event and so is one event, pairwise, with
// the short report of it, though not with the long one. Listed before its
// own event's second report, it must not join the power cuts' story by that
// one report: the fold's first pass asks for every other report of a
// story, and the chief's two reports form their own story.
func TestFoldKeepsASameDayLookAlikeApart(t *testing.T) {
	at := time.Date(2026, 8, 10, 8, 0, 0, 0, time.UTC)
	reps := []labelledReport{
		{"cuts", Article{Source: "Alpha News", Published: at,
			Title: "Voltara orders stage four power cuts after plant failures",
			Text: "Voltara ordered stage four load shedding from Monday morning, bringing back rolling blackouts of up to four hours, " +
				"after breakdowns at three coal units at Medford and Kessel took about 4,000 megawatts off the grid over the weekend. It is the first time since early 2024 that cuts have reached that level. " +
				"The company said it hoped to scale back within the week."}},
		{"cuts", Article{Source: "Beta Post", Published: at.Add(150 * time.Minute),
			Title: "Blackouts return to Lindavia",
			Text:  "The national power utility has brought back rolling blackouts of up to four hours as several generating units broke down over the weekend, the first cuts of that length since 2024."}},
		{"chief", Article{Source: "Gamma Daily", Published: at.Add(8 * time.Hour),
			Title: "Voltara chief executive resigns after two years",
			Text: "Voltara's chief executive Maren Oduya resigned on Monday, citing personal reasons, the Lindavian power utility's board said, on the same day the company brought back rolling blackouts. " +
				"Oduya, a former mining executive, joined in 2024 and had been credited with improving plant availability. Finance director Tomas Reyl will act as chief until a successor is found."}},
		{"chief", Article{Source: "Beta Post", Published: at.Add(620 * time.Minute),
			Title: "Lindavian utility boss Oduya steps down",
			Text:  "Maren Oduya is leaving the top job at the state electricity company after two years. Its finance director Tomas Reyl will run the firm in the meantime."}},
	}
	ix, arts := eventIndex(reps)
	prints := ix.articlePrints(arts, nil)
	for i := range arts {
		for j := range i {
			a, b := prints[i].sig, prints[j].sig
			t.Logf("%d-%d cosine %.3f what %.3f one event %v", i, j, a.cosine(b), a.whatDot(b), relateCosine(a, b, a.cosine(b)) == sameEvent)
		}
	}
	groups := foldInOrder(ix, arts, nil)
	p, r, _, _, _, _ := scoreGroups(t, reps, arts, groups, true)
	if p != 1 || r != 1 {
		t.Errorf("stories: precision %.3f recall %.3f, want the power cuts and the chief's resignation apart, each one story", p, r)
	}
}
