package briefing_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// A page of matches, or a briefing's candidates, is selected rather than
// sorted out of all matches. These tests hold the selection to the
// straightforward reading: rank everything, then cut.

// rankCorpus is the synthetic wire corpus plus exact copies under other
// GUIDs (equal scores: some on the same date, so the document number
// decides, some a day later) and a few undated articles.
func rankCorpus(t *testing.T, n int) (*briefing.Engine, *briefingtest.MemStore) {
	t.Helper()
	g := newCorpusGen(t, 3)
	var arts []briefing.Article
	for i := range n {
		a := g.article(i)
		switch {
		case i%40 == 0:
			arts = append(arts, a)
			a.GUID += "-copy"
		case i%40 == 1:
			arts = append(arts, a)
			a.GUID += "-later"
			a.Published = a.Published.Add(24 * time.Hour)
		case i%97 == 0:
			a.Published = time.Time{}
		}
		arts = append(arts, a)
	}
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{SyncEvery: time.Hour})
	for i := 0; i < len(arts); i += 1000 {
		if _, err := eng.Ingest(context.Background(), arts[i:min(i+1000, len(arts))]); err != nil {
			t.Fatal(err)
		}
	}
	return eng, store
}

// rankTopics are broad enough for the ranking to have ties and, but for
// the first three, learned matches (capped at twice the clear ones).
var rankTopics = []string{"mayor", "vote", "harbour bridge", "repairs OR inspection", "cables -ferry", "tunnel",
	"commuters", "traffic", "budget"}

func TestMatchLimitIsRankingCut(t *testing.T) {
	eng, _ := rankCorpus(t, 3000)
	ctx := context.Background()
	since := time.Date(2024, 1, 2, 12, 0, 0, 0, time.UTC) // cuts the corpus about in the middle
	for _, topic := range rankTopics {
		for _, s := range []time.Time{{}, since} {
			all, err := eng.Match(ctx, topic, briefing.MatchOptions{Since: s})
			if err != nil {
				t.Fatal(err)
			}
			if n, err := eng.CountMatches(ctx, topic); s.IsZero() && (err != nil || n != len(all)) {
				t.Errorf("%q: CountMatches = %d, %v; the full ranking has %d", topic, n, err, len(all))
			}
			for _, limit := range []int{1, 3, 10, 28, len(all) - 1, len(all), len(all) + 5} {
				if limit <= 0 {
					continue // 0 is no limit
				}
				got, err := eng.Match(ctx, topic, briefing.MatchOptions{Limit: limit, Since: s})
				if err != nil {
					t.Fatal(err)
				}
				if want := all[:min(limit, len(all))]; !reflect.DeepEqual(got, want) {
					t.Errorf("%q since %v limit %d: got %d matches, not the first %d of the full ranking",
						topic, s.Format(time.DateOnly), limit, len(got), len(want))
				}
			}
		}
	}
}

// TestConcurrentQueriesAgree runs queries side by side, which then draw on
// the pool of query memory at once: each must get what it gets alone.
func TestConcurrentQueriesAgree(t *testing.T) {
	eng, _ := rankCorpus(t, 2000)
	ctx := context.Background()
	want := map[string][]briefing.Match{}
	for _, topic := range rankTopics {
		ms, err := eng.Match(ctx, topic, briefing.MatchOptions{Limit: 40})
		if err != nil {
			t.Fatal(err)
		}
		want[topic] = ms
	}
	errs := make(chan string, 8*len(rankTopics)*5)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for round := range 5 {
				for i := range rankTopics {
					topic := rankTopics[(i+w+round)%len(rankTopics)]
					got, err := eng.Match(ctx, topic, briefing.MatchOptions{Limit: 40})
					if err != nil || !reflect.DeepEqual(got, want[topic]) {
						errs <- fmt.Sprintf("%q (worker %d, round %d): %d matches, %v; alone: %d", topic, w, round, len(got), err, len(want[topic]))
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestMatchSinceFiltersFullRanking(t *testing.T) {
	eng, _ := rankCorpus(t, 1500)
	ctx := context.Background()
	since := time.Date(2024, 1, 1, 18, 0, 0, 0, time.UTC)
	for _, topic := range rankTopics {
		all, _ := eng.Match(ctx, topic, briefing.MatchOptions{})
		var want []briefing.Match
		for _, m := range all {
			if !m.Published.IsZero() && !m.Published.Before(since) {
				want = append(want, m)
			}
		}
		if got, _ := eng.Match(ctx, topic, briefing.MatchOptions{Since: since}); !reflect.DeepEqual(got, want) {
			t.Errorf("%q since %v: %d matches, want %d", topic, since, len(got), len(want))
		}
	}
}

// TestBriefFoldsRankingCut checks a briefing against folding the first
// limit*4+8 matches of the full ranking: the same stories; as total the
// folded stories, a lower bound when matches past the candidates were not
// folded; every match counted as a match.
func TestBriefFoldsRankingCut(t *testing.T) {
	eng, store := rankCorpus(t, 3000)
	ctx := context.Background()
	for _, topic := range rankTopics {
		for _, limit := range []int{1, 5, 12} {
			all, _ := eng.Match(ctx, topic, briefing.MatchOptions{})
			cand := all[:min(len(all), limit*4+8)]
			stories := foldRef(t, eng, store, cand)
			b, err := eng.Brief(ctx, topic, briefing.BriefOptions{Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			if b.Total != len(stories) || b.TotalAtLeast != (len(all) > len(cand)) || b.Matches != len(all) || b.MatchesAtLeast {
				t.Errorf("%q limit %d: total %d (at least %v), matches %d (at least %v); want %d folded stories (at least %v), %d matches",
					topic, limit, b.Total, b.TotalAtLeast, b.Matches, b.MatchesAtLeast, len(stories), len(all) > len(cand), len(all))
			}
			var got [][]int64
			for _, it := range b.Items {
				var ids []int64
				for _, s := range it.Sources {
					ids = append(ids, s.ID)
				}
				slices.Sort(ids)
				got = append(got, ids)
			}
			want := stories[:min(len(stories), limit)]
			slices.SortFunc(got, slices.Compare)
			slices.SortFunc(want, slices.Compare)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%q limit %d: stories %v, want %v", topic, limit, got, want)
			}
		}
	}
}

// foldRef folds matches into stories as a briefing does, each story its
// articles' IDs, ascending, in the order of its best match.
func foldRef(t *testing.T, eng *briefing.Engine, store *briefingtest.MemStore, ms []briefing.Match) [][]int64 {
	t.Helper()
	st := eng.Stemmer()
	var stories [][]int64
	var lead []map[uint64]struct{}
	for _, m := range ms {
		arts, err := store.Articles(context.Background(), []int64{m.ArticleID})
		if err != nil || len(arts) != 1 {
			t.Fatalf("article %d: %v", m.ArticleID, err)
		}
		sh := st.Shingles(arts[0].Title + "\n" + arts[0].Text)
		i := slices.IndexFunc(lead, func(l map[uint64]struct{}) bool { return briefing.SameStory(sh, l) })
		if i < 0 {
			stories, lead = append(stories, nil), append(lead, sh)
			i = len(stories) - 1
		}
		stories[i] = append(stories[i], m.ArticleID)
	}
	for _, s := range stories {
		slices.Sort(s)
	}
	return stories
}

// TestSyndicatedCopiesDoNotNarrowTheTopic: a wire story carried by many
// feeds arrives as many copies, and short copies that name the topic in
// title and lead score highest. Learning the topic's vocabulary from them
// would learn that one story's words and drop the topic's other stories.
func TestSyndicatedCopiesDoNotNarrowTheTopic(t *testing.T) {
	g := newCorpusGen(t, 5)
	var arts []briefing.Article
	for i := range 3000 { // background news
		arts = append(arts, g.article(i))
	}
	varied := map[string]bool{}
	for i := range 300 { // the topic's own stories, each different
		a := g.article(10_000 + i)
		a.GUID = fmt.Sprintf("story-%d", i)
		a.Title = "Quorvex " + a.Title
		a.Text = g.sentence() + " Quorvex said so. " + a.Text
		varied[a.GUID] = true
		arts = append(arts, a)
	}
	wire := g.article(20_000)
	wire.Title = "Quorvex quorvex update"
	wire.Text = "Quorvex quorvex " + g.sentence() + "\n\n" + g.sentence()
	for i := range 150 { // one short story, syndicated
		c := wire
		c.Source, c.GUID = fmt.Sprintf("feed-%d", i), fmt.Sprintf("wire-%d", i)
		arts = append(arts, c)
	}
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{SyncEvery: time.Hour})
	ctx := context.Background()
	if _, err := eng.Ingest(ctx, arts); err != nil {
		t.Fatal(err)
	}
	ms, err := eng.Match(ctx, "quorvex", briefing.MatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ArticleID
	}
	got, err := store.Articles(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, a := range got {
		if varied[a.GUID] {
			found++
		}
	}
	if found < 270 {
		t.Errorf("the topic selects %d articles, %d of its 300 own stories: the syndicated copies narrowed it", len(ms), found)
	}
}
