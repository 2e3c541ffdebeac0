package briefing_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// exploreCorpus is written for these tests: 30 stories that say "harbour"
// and use port words, 20 near misses that use the port words (some more,
// some fewer) and never say harbour, and 40 stories about other things.
// Every text draws its words from fixed pools by a fixed rule, so the
// corpus is the same on every run, and no two texts are copies.
func exploreCorpus(t *testing.T) (*briefing.Engine, map[int64]string, map[int64]string) {
	t.Helper()
	port := []string{"dredgers", "berth", "tugs", "quay", "pilots", "moorings", "cargo", "cranes", "containers", "wharf"}
	filler := []string{"monday", "officials", "said", "plans", "council", "budget", "week", "local", "people", "report",
		"spring", "team", "group", "news", "city", "board", "staff", "meeting", "early", "later", "region", "service",
		"update", "public", "county", "study", "record", "season", "market", "weather"}
	other := []string{"bakery", "crust", "oven", "choir", "concert", "violin", "garden", "roses", "tennis", "racket"}
	pick := func(pool []string, seed, n int) []string {
		out := make([]string, 0, n)
		for k := range n {
			out = append(out, pool[(seed*7+k*13+seed*k)%len(pool)])
		}
		return out
	}
	var arts []briefing.Article
	day := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	add := func(guid, title string, words []string) {
		src := "test"
		if strings.HasPrefix(guid, "near") && len(arts)%2 == 1 {
			src = "private" // every second near miss: a source a channel may not see
		}
		arts = append(arts, briefing.Article{Source: src, GUID: guid, Title: title, Text: strings.Join(words, " ") + ".",
			Published: day.Add(time.Duration(len(arts)) * time.Hour)})
	}
	for i := range 30 {
		add(fmt.Sprintf("harbour%02d", i), fmt.Sprintf("Harbour works, part %d", i),
			append(append([]string{"the", "harbour"}, pick(port, i, 5)...), pick(filler, i, 12)...))
	}
	for i := range 20 {
		add(fmt.Sprintf("near%02d", i), fmt.Sprintf("Waterfront notes %d", i),
			append(pick(port, i+3, 2+i%5), pick(filler, i+40, 12)...))
	}
	for i := range 40 {
		add(fmt.Sprintf("other%02d", i), fmt.Sprintf("Town life %d", i),
			append(pick(other, i, 4), pick(filler, i+80, 12)...))
	}
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	res, err := eng.Ingest(context.Background(), arts)
	if err != nil {
		t.Fatal(err)
	}
	guid, text := map[int64]string{}, map[int64]string{}
	for _, a := range res.Added {
		guid[a.ID], text[a.ID] = a.GUID, a.Text
	}
	return eng, guid, text
}

// An answer that asks for exploration ends with near misses, marked, that
// the selection leaves out; an answer that does not ask has none, and
// exploring does not change the selection's own answer.
func TestExploreShowsMarkedNearMissesOutsideTheSelection(t *testing.T) {
	eng, guid, text := exploreCorpus(t)
	ctx := context.Background()
	sel := matchGUIDs(t, eng, guid, "harbour", briefing.MatchOptions{})
	if len(sel) != 30 {
		t.Fatalf("selection: %d articles, want the 30 that say harbour: %v", len(sel), sel)
	}
	plain, err := eng.Match(ctx, "harbour", briefing.MatchOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := eng.Match(ctx, "harbour", briefing.MatchOptions{Limit: 3, Explore: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 5 {
		t.Fatalf("limit 3, explore 2: %d matches, want 5", len(ms))
	}
	for i, m := range ms {
		g := guid[m.ArticleID]
		if i < 3 {
			if m.Exploratory || m != plain[i] {
				t.Errorf("match %d: %+v, want the unexplored answer's %+v", i, m, plain[i])
			}
			continue
		}
		if !m.Exploratory || !strings.HasPrefix(g, "near") {
			t.Errorf("match %d (%s): exploratory %v, want a marked near miss", i, g, m.Exploratory)
		}
		if !strings.Contains(m.Why, "related words") {
			t.Errorf("near miss %s: why %q, want the learned words it holds", g, m.Why)
		}
	}
	for _, m := range plain {
		if m.Exploratory {
			t.Errorf("an answer without Explore holds an exploratory match: %+v", m)
		}
	}
	// exclusions hold for near misses too
	ex, err := eng.Match(ctx, "harbour -"+strings.Fields(text[ms[3].ArticleID])[0], briefing.MatchOptions{Limit: 3, Explore: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ex {
		if m.ArticleID == ms[3].ArticleID {
			t.Errorf("a near miss holding an excluded word was shown")
		}
	}
}

// Near misses judged up vouch for the band of near misses above the lowest
// of them: those join the channel's selection; judged down, none joins,
// the selection is what it was, and a judged-down article never returns,
// as a match or as a near miss.
func TestJudgedNearMissesAdmitTheirBandOnly(t *testing.T) {
	eng, guid, _ := exploreCorpus(t)
	ctx := context.Background()
	before := matchGUIDs(t, eng, guid, "harbour", briefing.MatchOptions{})
	ms, err := eng.Match(ctx, "harbour", briefing.MatchOptions{Limit: 1, Explore: 2})
	if err != nil {
		t.Fatal(err)
	}
	var probes []int64
	for _, m := range ms {
		if m.Exploratory {
			probes = append(probes, m.ArticleID)
		}
	}
	if len(probes) != 2 {
		t.Fatalf("want 2 near misses, got %+v", ms)
	}
	judge := func(up bool) []briefing.Judgment {
		return []briefing.Judgment{{ArticleID: probes[0], Up: up}, {ArticleID: probes[1], Up: up}}
	}
	up := matchGUIDs(t, eng, guid, "harbour", briefing.MatchOptions{Judgments: judge(true)})
	var joined []string
	for _, g := range up {
		if !slices.Contains(before, g) {
			joined = append(joined, g)
		}
	}
	if len(joined) <= 2 {
		t.Fatalf("judged up, joined %v: want the two judged and unjudged near misses of their band", joined)
	}
	for _, g := range joined {
		if !strings.HasPrefix(g, "near") {
			t.Errorf("%s joined: only near misses may", g)
		}
	}
	if len(joined) == 20 {
		t.Errorf("every near miss joined: the band should stop at the lowest judged one")
	}
	down := matchGUIDs(t, eng, guid, "harbour", briefing.MatchOptions{Judgments: judge(false)})
	if !slices.Equal(down, before) {
		t.Errorf("near misses judged down: %v, want the selection as before %v", down, before)
	}
	again, err := eng.Match(ctx, "harbour", briefing.MatchOptions{Limit: 1, Explore: 2, Judgments: judge(false)})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range again {
		if slices.Contains(probes, m.ArticleID) {
			t.Errorf("a judged-down near miss was shown again: %+v", m)
		}
	}
}

// A briefing that asks for exploration shows its near misses after its
// stories, marked, on its first page only, and counts them nowhere.
func TestBriefExploratoryStoriesComeLastAndUncounted(t *testing.T) {
	eng, _, _ := exploreCorpus(t)
	ctx := context.Background()
	plain, err := eng.Brief(ctx, "harbour", briefing.BriefOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, hidden := range []map[string]bool{nil, {"elsewhere": true}} {
		b, err := eng.Brief(ctx, "harbour", briefing.BriefOptions{Limit: 3, Explore: 2, Hidden: hidden})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Items) != 5 || b.Total != plain.Total || b.Matches != plain.Matches {
			t.Fatalf("hidden %v: %d items, total %d/%d, want 5 items and the plain answer's %d/%d",
				hidden, len(b.Items), b.Total, b.Matches, plain.Total, plain.Matches)
		}
		for i, it := range b.Items {
			if it.Exploratory != (i >= 3) {
				t.Errorf("hidden %v: item %d %q exploratory %v", hidden, i, it.Title, it.Exploratory)
			}
			if it.Exploratory && !strings.HasPrefix(it.Title, "Waterfront") {
				t.Errorf("hidden %v: exploratory item %q is not a near miss", hidden, it.Title)
			}
		}
	}
	for _, b := range []briefing.BriefOptions{{Hidden: map[string]bool{"private": true}}, {Only: []string{"test"}}} {
		b.Limit, b.Explore = 3, 2
		got, err := eng.Brief(ctx, "harbour", b)
		if err != nil {
			t.Fatal(err)
		}
		near := 0
		for _, it := range got.Items {
			if it.Exploratory {
				near++
			}
			for _, s := range it.Sources {
				if s.Source == "private" {
					t.Errorf("hidden %v only %v: %q from the private source was shown", b.Hidden, b.Only, it.Title)
				}
			}
		}
		if near == 0 {
			t.Errorf("hidden %v only %v: no exploratory story, want the visible near misses", b.Hidden, b.Only)
		}
	}
	page2, err := eng.Brief(ctx, "harbour", briefing.BriefOptions{Limit: 3, Explore: 2, Offset: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page2.Items {
		if it.Exploratory {
			t.Errorf("page 2 shows an exploratory story: %q", it.Title)
		}
	}
}

// Near misses judged up outside exploration (an answer that showed them
// another way: they were in an older selection, or joined on likeness)
// still teach the selection: they join, and vouch for a band of near
// misses above them. But the band is no deeper than exploration would
// have probed for that many verdicts (MaxExplore per depth × the
// selection's size): two 👍 on the weakest near misses admit a few of the
// strongest near misses, not every one down to them.
func TestNearMissesJudgedUpOutsideExplorationAdmitABoundedBand(t *testing.T) {
	eng, guid, _ := exploreCorpus(t)
	before := matchGUIDs(t, eng, guid, "harbour", briefing.MatchOptions{})
	// the near misses with the fewest port words (two) are the weakest
	var weak []briefing.Judgment
	for id, g := range guid {
		if g == "near00" || g == "near05" {
			weak = append(weak, briefing.Judgment{ArticleID: id, Up: true})
		}
	}
	if len(weak) != 2 {
		t.Fatalf("want near00 and near05, got %v", weak)
	}
	up := matchGUIDs(t, eng, guid, "harbour", briefing.MatchOptions{Judgments: weak})
	var joined []string
	for _, g := range up {
		if !slices.Contains(before, g) {
			joined = append(joined, g)
		}
	}
	for _, g := range []string{"near00", "near05"} {
		if !slices.Contains(joined, g) {
			t.Errorf("%s was judged up and did not join: %v", g, joined)
		}
	}
	// 30 selected: exploration reaches 6 near misses deep for two verdicts
	if len(joined) <= 2 || len(joined) > 2+6 {
		t.Errorf("joined %d (%v): want the two judged and at most 6 others", len(joined), joined)
	}
	for _, g := range joined {
		if !strings.HasPrefix(g, "near") {
			t.Errorf("%s joined: only near misses may", g)
		}
	}
}
