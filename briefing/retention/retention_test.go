package retention_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
	"github.com/briefbot/briefbot/briefing/retention"
)

func TestParseAge(t *testing.T) {
	good := map[string]time.Duration{"365d": 365 * 24 * time.Hour, "30d": 30 * 24 * time.Hour, "12h": 12 * time.Hour,
		" 90m ": 90 * time.Minute, "1d": 24 * time.Hour}
	for in, want := range good {
		if got, err := retention.ParseAge(in); err != nil || got != want {
			t.Errorf("ParseAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "0d", "-3d", "30", "30s", "d", "1.5d", "soon", "40000d", "-1h"} {
		if _, err := retention.ParseAge(bad); err == nil || !strings.Contains(err.Error(), "want") {
			t.Errorf("ParseAge(%q) = %v; want an error saying what is wanted", bad, err)
		}
	}
	for d, want := range map[time.Duration]string{30 * 24 * time.Hour: "30 days", 24 * time.Hour: "1 day", 36 * time.Hour: "36 hours",
		90 * time.Minute: "90 minutes"} {
		if got := retention.FormatAge(d); got != want {
			t.Errorf("FormatAge(%v) = %q, want %q", d, got, want)
		}
	}
}

// memPruner deletes from a MemStore by the retention rule.
type memPruner struct {
	*briefingtest.MemStore
	all []briefing.Article
}

func (m *memPruner) old(cutoff time.Time) []int64 {
	var ids []int64
	for _, a := range m.all {
		at := a.Published
		if at.IsZero() {
			at = a.Fetched
		}
		if at.Before(cutoff) {
			ids = append(ids, a.ID)
		}
	}
	return ids
}

func (m *memPruner) PruneArticles(ctx context.Context, cutoff time.Time) (int64, error) {
	n, _ := m.CountArticlesBefore(ctx, cutoff)
	m.DeleteArticles(m.old(cutoff))
	return n, nil
}

func (m *memPruner) CountArticlesBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	ids := m.old(cutoff)
	got, _ := m.Articles(ctx, ids)
	return int64(len(got)), nil
}

func TestPassRemovesFromStoreAndIndex(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	store := &memPruner{MemStore: briefingtest.NewMemStore()}
	eng := briefing.NewEngine(store, briefing.Config{Now: func() time.Time { return now }})
	var arts []briefing.Article
	for day := range 90 {
		arts = append(arts, briefing.Article{Source: "wire", GUID: fmt.Sprint(day), Title: fmt.Sprintf("Harbour report day %d", day),
			Text: "The harbour authority reported on the ferry timetable.", Published: now.AddDate(0, 0, -day), Fetched: now})
	}
	res, err := eng.Ingest(ctx, arts)
	if err != nil {
		t.Fatal(err)
	}
	store.all = res.Added
	p := retention.NewPruner(store, eng, retention.Config{MaxAge: 30 * 24 * time.Hour, Now: func() time.Time { return now }})
	if n, err := p.Count(ctx); err != nil || n != 59 {
		t.Fatalf("Count = %d, %v; want 59 (days 31-89)", n, err)
	}
	r, err := p.Pass(ctx)
	if err != nil || r.Deleted != 59 || r.Dropped != 59 {
		t.Fatalf("Pass = %+v, %v; want 59 deleted and dropped", r, err)
	}
	ms, err := eng.Match(ctx, "harbour", briefing.MatchOptions{})
	if err != nil || len(ms) != 31 {
		t.Fatalf("Match after pass = %d, %v; want the 31 newest", len(ms), err)
	}
	if n, _ := store.CountArticles(ctx); n != 31 {
		t.Errorf("store holds %d, want 31", n)
	}
}

type prunedKeys map[string]bool

func (p prunedKeys) Pruned(_ context.Context, as []briefing.Article) ([]bool, error) {
	out := make([]bool, len(as))
	for i, a := range as {
		out[i] = p[a.GUID]
	}
	return out, nil
}

func TestFilterLeavesOutWhatRetentionRemoves(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{Now: func() time.Time { return now }})
	f := retention.Filter{Next: eng, Store: prunedKeys{"undated-pruned": true}, MaxAge: 30 * 24 * time.Hour,
		Now: func() time.Time { return now }}
	mk := func(guid string, published time.Time) briefing.Article {
		return briefing.Article{Source: "wire", GUID: guid, Title: "Story " + guid, Text: "Text.", Published: published, Fetched: now}
	}
	res, err := f.Ingest(ctx, []briefing.Article{mk("old", now.AddDate(0, 0, -31)), mk("recent", now.AddDate(0, 0, -29)),
		mk("undated-pruned", time.Time{}), mk("undated-new", time.Time{})})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Added {
		got = append(got, a.GUID)
	}
	if fmt.Sprint(got) != "[recent undated-new]" || res.Skipped != 2 {
		t.Errorf("added %v, skipped %d; want [recent undated-new] and 2", got, res.Skipped)
	}
	if res, err := f.Ingest(ctx, []briefing.Article{mk("old2", now.AddDate(-1, 0, 0))}); err != nil || len(res.Added) != 0 || res.Skipped != 1 {
		t.Errorf("all old: %+v, %v; want one skipped, no error", res, err)
	}
}
