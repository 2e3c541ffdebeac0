package briefing_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// A ranked answer reads only a topic's newest candidates (depth.go). These
// tests hold it to its invariants: below the depth nothing changes; above
// it only the newest candidates are read; narrow topics are never cut; and
// an answer is never left short.

func TestRankDepthChangesNothingBelowIt(t *testing.T) {
	eng, _ := rankCorpus(t, 3000)
	ctx := context.Background()
	for _, topic := range rankTopics {
		for _, limit := range []int{1, 10, 28} {
			all, err := eng.Match(ctx, topic, briefing.MatchOptions{Limit: limit, Depth: -1})
			if err != nil {
				t.Fatal(err)
			}
			deep, err := eng.Match(ctx, topic, briefing.MatchOptions{Limit: limit, Depth: 1_000_000})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(deep, all) {
				t.Errorf("%q limit %d: a depth above the candidates changed the answer", topic, limit)
			}
		}
		b, err := eng.Brief(ctx, topic, briefing.BriefOptions{Depth: 1_000_000})
		if err != nil {
			t.Fatal(err)
		}
		if b.MatchesAtLeast {
			t.Errorf("%q: matches marked as a lower bound though every candidate was read", topic)
		}
	}
}

// depthCorpus: background news; 1,000 "quorvex" stories spread through the
// archive, the strongest of them stored first; 1,000 "plimsoll" stories
// that share the topic with quorvex only in 4 old ones; and 3 old
// "zentaril" stories.
type depthCorpus struct {
	eng      *briefing.Engine
	store    *briefingtest.MemStore
	quorvex  []int64 // article IDs, ascending
	strong   int64   // the old quorvex story that ranks first over all
	both     []int64 // quorvex and plimsoll
	zentaril []int64
}

func newDepthCorpus(t *testing.T, cfg briefing.Config) depthCorpus {
	t.Helper()
	g := newCorpusGen(t, 11)
	var arts []briefing.Article
	add := func(a briefing.Article, guid string) {
		a.GUID = guid
		arts = append(arts, a)
	}
	strong := g.article(0)
	strong.Title = "Quorvex: quorvex talks on quorvex"
	strong.Text = "Quorvex quorvex quorvex. " + g.sentence()
	add(strong, "strong")
	for i := range 3 {
		a := g.article(1 + i)
		a.Title = "Zentaril " + a.Title
		add(a, fmt.Sprintf("zentaril-%d", i))
	}
	for i := range 4 {
		a := g.article(10 + i)
		a.Title = "Quorvex and plimsoll " + a.Title
		add(a, fmt.Sprintf("both-%d", i))
	}
	for i := range 3000 {
		a := g.article(100 + i)
		switch i % 3 {
		case 0:
			a.Title = "Quorvex " + a.Title
			a.Text = "Quorvex said so. " + a.Text
			add(a, fmt.Sprintf("quorvex-%d", i))
		case 1:
			a.Title = "Plimsoll " + a.Title
			add(a, fmt.Sprintf("plimsoll-%d", i))
		default:
			add(a, fmt.Sprintf("news-%d", i))
		}
	}
	store := briefingtest.NewMemStore()
	cfg.SyncEvery = time.Hour
	eng := briefing.NewEngine(store, cfg)
	ctx := context.Background()
	for i := 0; i < len(arts); i += 500 {
		if _, err := eng.Ingest(ctx, arts[i:min(i+500, len(arts))]); err != nil {
			t.Fatal(err)
		}
	}
	c := depthCorpus{eng: eng, store: store}
	var stored []briefing.Article
	err := store.ScanArticles(ctx, 0, 1000, func(batch []briefing.Article) error {
		stored = append(stored, batch...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range stored {
		switch g := a.GUID; {
		case g == "strong":
			c.strong = a.ID
			c.quorvex = append(c.quorvex, a.ID)
		case len(g) > 8 && g[:8] == "quorvex-":
			c.quorvex = append(c.quorvex, a.ID)
		case len(g) > 5 && g[:5] == "both-":
			c.both = append(c.both, a.ID)
			c.quorvex = append(c.quorvex, a.ID)
		case len(g) > 9 && g[:9] == "zentaril-":
			c.zentaril = append(c.zentaril, a.ID)
		}
	}
	slices.Sort(c.quorvex)
	if len(c.quorvex) != 1005 || len(c.zentaril) != 3 || c.strong == 0 {
		t.Fatalf("corpus: %d quorvex, %d zentaril articles stored", len(c.quorvex), len(c.zentaril))
	}
	return c
}

func ids(ms []briefing.Match) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.ArticleID
	}
	return out
}

func TestRankDepthReadsTheNewestCandidates(t *testing.T) {
	c := newDepthCorpus(t, briefing.Config{})
	ctx := context.Background()
	all, err := c.eng.Match(ctx, "quorvex", briefing.MatchOptions{Limit: 10, Depth: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 || all[0].ArticleID != c.strong {
		t.Fatalf("read in full, the strongest (oldest) quorvex story should rank first: %v", ids(all))
	}
	const depth = 300
	deep, err := c.eng.Match(ctx, "quorvex", briefing.MatchOptions{Limit: 10, Depth: depth})
	if err != nil {
		t.Fatal(err)
	}
	if len(deep) != 10 {
		t.Fatalf("depth %d: %d matches, want 10", depth, len(deep))
	}
	// The candidates are the articles holding "quorvex"; the newest 300.
	oldest := c.quorvex[len(c.quorvex)-depth]
	for _, m := range deep {
		if m.ArticleID < oldest {
			t.Errorf("depth %d: article %d is older than the newest %d candidates (from %d)", depth, m.ArticleID, depth, oldest)
		}
	}
	b, err := c.eng.Brief(ctx, "quorvex", briefing.BriefOptions{Depth: depth})
	if err != nil {
		t.Fatal(err)
	}
	if !b.TotalAtLeast || !b.MatchesAtLeast || b.Total < 5 {
		t.Errorf("depth %d: briefing total %d, at least %v (matches at least %v); want a lower bound", depth, b.Total, b.TotalAtLeast, b.MatchesAtLeast)
	}
	full, err := c.eng.Brief(ctx, "quorvex", briefing.BriefOptions{Depth: -1})
	if err != nil {
		t.Fatal(err)
	}
	if full.MatchesAtLeast || full.Matches <= b.Matches {
		t.Errorf("read in full: matches %d (at least %v), cut at depth %d: %d", full.Matches, full.MatchesAtLeast, depth, b.Matches)
	}
	// Without a limit every match is read, whatever the depth.
	every, err := c.eng.Match(ctx, "quorvex", briefing.MatchOptions{Depth: depth})
	if err != nil {
		t.Fatal(err)
	}
	if len(every) < len(c.quorvex) {
		t.Errorf("match without a limit: %d of the %d quorvex articles", len(every), len(c.quorvex))
	}
}

func TestRankDepthNeverCutsANarrowTopic(t *testing.T) {
	c := newDepthCorpus(t, briefing.Config{RankDepth: 300})
	ctx := context.Background()
	got, err := c.eng.Match(ctx, "zentaril", briefing.MatchOptions{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	want, err := c.eng.Match(ctx, "zentaril", briefing.MatchOptions{Limit: 10, Depth: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || len(got) < len(c.zentaril) {
		t.Errorf("a topic with 3 old candidates under the engine's depth: %v, read in full: %v", ids(got), ids(want))
	}
}

// TestRankDepthNeverLeavesAnAnswerShort: both words of "quorvex plimsoll"
// have more candidates than the depth, but they meet only in 4 old
// articles; the newest candidates hold none, so every one is read.
func TestRankDepthNeverLeavesAnAnswerShort(t *testing.T) {
	c := newDepthCorpus(t, briefing.Config{RankDepth: 300})
	ctx := context.Background()
	got, err := c.eng.Match(ctx, "quorvex plimsoll", briefing.MatchOptions{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	want, err := c.eng.Match(ctx, "quorvex plimsoll", briefing.MatchOptions{Limit: 10, Depth: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, read in full %v", ids(got), ids(want))
	}
	found := 0
	for _, id := range ids(got) {
		if slices.Contains(c.both, id) {
			found++
		}
	}
	if found != len(c.both) {
		t.Errorf("%d of the %d old articles holding both words found: %v", found, len(c.both), ids(got))
	}
	b, err := c.eng.Brief(ctx, "quorvex plimsoll", briefing.BriefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) == 0 || b.TotalAtLeast {
		t.Errorf("briefing: %d stories, total at least %v; want the old ones, counted in full", len(b.Items), b.TotalAtLeast)
	}
}
