package briefing_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// TestSelfCheckCacheServesWhatAFreshEngineComputes: one engine answers a
// sequence of requests for the same topic (typed differently, other
// depths, exclusions, judgments, source scopes) while the index grows
// and shrinks; after every change, each answer is the one a new engine
// over the same store gives (its cache is empty: the verdicts it uses are
// computed afresh). The index changes are chosen so that the self-check's
// verdict flips (the genre stories make "ferry fares"' vocabulary
// unreliable, see TestLearnedAdditionsMustPassTheSelfCheck): a verdict
// kept across a change would show in the answer.
func TestSelfCheckCacheServesWhatAFreshEngineComputes(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	now := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	cfg := briefing.Config{Now: func() time.Time { return now }}
	eng := briefing.NewEngine(store, cfg)
	corpus := selfCheckCorpus(30) // twelve ferry fares stories, thirty of the genre, sixty others
	ingest := func(texts [][2]string, from int) []int64 {
		var arts []briefing.Article
		for i, tt := range texts {
			arts = append(arts, briefing.Article{Source: fmt.Sprintf("src%d", (from+i)%3), GUID: fmt.Sprint("g", from+i),
				Title: tt[0], Text: tt[1], Published: now.Add(-time.Duration(from+i) * time.Hour)})
		}
		res, err := eng.Ingest(ctx, arts)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, a := range res.Added {
			ids = append(ids, a.ID)
		}
		return ids
	}
	// first the topic's stories, two of the genre and the others; the
	// rest of the genre later
	ids := ingest(corpus[:14], 0)
	ingest(corpus[42:], 14)
	ferry, genre := ids[:12], ids[12:14]

	// a briefing's stories without their summaries: which sentences are
	// chosen depends on what each source repeats (furniture.go), which an
	// engine learns from every article it indexed, deleted ones included,
	// and a fresh engine from those still stored
	brief := func(e *briefing.Engine, opt briefing.BriefOptions) (briefing.Briefing, error) {
		b, err := e.Brief(ctx, "ferry fares", opt)
		for i := range b.Items {
			b.Items[i].Summary = nil
		}
		return b, err
	}
	requests := []struct {
		name string
		run  func(e *briefing.Engine) (any, error)
	}{
		{"match", func(e *briefing.Engine) (any, error) { return e.Match(ctx, "ferry fares", briefing.MatchOptions{}) }},
		{"match again, typed otherwise", func(e *briefing.Engine) (any, error) {
			return e.Match(ctx, "  Ferry FARES ", briefing.MatchOptions{})
		}},
		{"match limit 10", func(e *briefing.Engine) (any, error) {
			return e.Match(ctx, "ferry fares", briefing.MatchOptions{Limit: 10})
		}},
		{"match shallow", func(e *briefing.Engine) (any, error) {
			return e.Match(ctx, "ferry fares", briefing.MatchOptions{Limit: 3, Depth: 6})
		}},
		{"match with an exclusion", func(e *briefing.Engine) (any, error) {
			return e.Match(ctx, "ferry fares -zeb3q1", briefing.MatchOptions{})
		}},
		{"match with judgments", func(e *briefing.Engine) (any, error) {
			return e.Match(ctx, "ferry fares", briefing.MatchOptions{Judgments: []briefing.Judgment{
				{ArticleID: ferry[0], Up: true}, {ArticleID: ferry[5], Up: true}, {ArticleID: genre[0]}}})
		}},
		{"brief", func(e *briefing.Engine) (any, error) { return brief(e, briefing.BriefOptions{}) }},
		{"brief, one source", func(e *briefing.Engine) (any, error) {
			return brief(e, briefing.BriefOptions{Only: []string{"src1"}})
		}},
		{"brief, a source hidden", func(e *briefing.Engine) (any, error) {
			return brief(e, briefing.BriefOptions{Hidden: map[string]bool{"src0": true}, Limit: 20})
		}},
	}
	selected := func(e *briefing.Engine) int {
		ms, err := e.Match(ctx, "ferry fares", briefing.MatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return len(ms)
	}
	check := func(state string, wantSelected int) {
		t.Helper()
		for round := range 2 { // the second round is served from the cache
			for _, r := range requests {
				got, err := r.run(eng)
				if err != nil {
					t.Fatal(err)
				}
				want, err := r.run(briefing.NewEngine(store, cfg))
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s, %s (round %d): the engine answered\n%+v\na fresh engine answers\n%+v", state, r.name, round, got, want)
				}
			}
		}
		if n := selected(briefing.NewEngine(store, cfg)); n != wantSelected {
			t.Fatalf("%s: a fresh engine selects %d, want %d: the state does not flip the verdict", state, n, wantSelected)
		}
	}

	check("two genre stories", 14)
	hits, _ := briefing.SelfCheckCacheStats(eng)
	if hits == 0 {
		t.Fatal("no verdict was served from the cache: the test compares nothing cached")
	}
	late := ingest(corpus[14:42], 200)
	check("thirty genre stories", 12)
	store.DeleteArticles(late)
	if n, err := eng.DropDeleted(ctx); err != nil || n != len(late) {
		t.Fatalf("drop deleted: %d, %v", n, err)
	}
	check("the late genre stories deleted", 14)
}
