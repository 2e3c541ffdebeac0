package briefing_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

func correctionCorpus() []briefing.Article {
	day := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var as []briefing.Article
	for i := range 40 {
		as = append(as, briefing.Article{Source: "https://news.example/feed", GUID: fmt.Sprintf("item-%d", i),
			Title: fmt.Sprintf("Council meets on budget item %d", i), Published: day.Add(time.Duration(i) * time.Minute),
			Text: fmt.Sprintf("The city council met on Tuesday to discuss budget line %d. Members asked questions.", i)})
	}
	return as
}

func matchIDs(t *testing.T, e *briefing.Engine, topic string) []int64 {
	t.Helper()
	ms, err := e.Match(context.Background(), topic, briefing.MatchOptions{})
	if err != nil {
		t.Fatalf("match %q: %v", topic, err)
	}
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.ArticleID)
	}
	return ids
}

// TestIngestAppliesCorrection: an item sent again under its GUID with
// another title and text replaces the stored one under the same ID; the
// index answers from the new text (the old words no longer select it),
// the first version's dates stay, and Updated is set. An identical
// re-send revises nothing.
func TestIngestAppliesCorrection(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	now := time.Date(2026, 12, 2, 14, 5, 0, 0, time.UTC)
	e := briefing.NewEngine(store, briefing.Config{Now: func() time.Time { return now }, SyncEvery: time.Nanosecond})
	corpus := correctionCorpus()
	res, err := e.Ingest(ctx, corpus)
	if err != nil || len(res.Added) != 40 {
		t.Fatalf("first ingest: %d added, %v", len(res.Added), err)
	}
	id := res.Added[7].ID
	first := res.Added[7]
	if again, err := e.Ingest(ctx, corpus); err != nil || len(again.Revised) != 0 || again.Skipped != 40 {
		t.Fatalf("identical re-send: %+v, %v; want 40 skipped, none revised", again, err)
	}

	now = now.Add(time.Hour)
	fixed := corpus[7]
	fixed.Title = "Correction: flood barrier vote postponed"
	fixed.Text = "The flood barrier vote was postponed to January. An earlier version misstated the date."
	fixed.Published = fixed.Published.Add(48 * time.Hour) // a feed bumping its date must not move the story
	res, err = e.Ingest(ctx, append(corpus[:7:7], fixed))
	if err != nil || len(res.Revised) != 1 || len(res.Added) != 0 {
		t.Fatalf("correction: %+v, %v; want one revised", res, err)
	}
	if got := res.Revised[0]; got.ID != id || got.Title != fixed.Title || !got.Updated.Equal(now) ||
		!got.Published.Equal(first.Published) || !got.Fetched.Equal(first.Fetched) {
		t.Fatalf("revised = %+v; want ID %d, new title, Updated %v, first dates", got, id, now)
	}
	if ids := matchIDs(t, e, "flood barrier"); len(ids) != 1 || ids[0] != id {
		t.Fatalf("match on the corrected words = %v, want [%d]", ids, id)
	}
	for _, other := range matchIDs(t, e, "budget") {
		if other == id {
			t.Fatalf("match on the first version's words still selects article %d", id)
		}
	}
	b, err := e.Brief(ctx, "flood barrier", briefing.BriefOptions{})
	if err != nil || len(b.Items) != 1 || b.Items[0].Title != fixed.Title || b.Items[0].ID != id {
		t.Fatalf("brief = %+v, %v", b.Items, err)
	}
	if it := b.Items[0]; !it.Updated.Equal(now) || it.When != "1 Dec 2026, 09:07 UTC, updated 2 Dec, 15:05 UTC" {
		t.Errorf("item Updated %v, When %q", it.Updated, it.When)
	}
}

// TestIngestBoundsCorrections: a feed rewriting every item revises at
// most MaxRevisions per Ingest; the rest are counted and revised later.
func TestIngestBoundsCorrections(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	e := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{MaxRevisions: 15, SyncEvery: time.Nanosecond,
		Now: func() time.Time { return now }})
	corpus := correctionCorpus()
	if _, err := e.Ingest(ctx, corpus); err != nil {
		t.Fatal(err)
	}
	for i := range corpus {
		corpus[i].Text += " Updated with a statement from the mayor."
	}
	for poll, want := range []struct{ revised, deferred int }{{15, 25}, {15, 10}, {10, 0}, {0, 0}} {
		now = now.Add(briefing.DefaultReindexEvery)
		res, err := e.Ingest(ctx, corpus)
		if err != nil || len(res.Revised) != want.revised || res.Deferred != want.deferred {
			t.Fatalf("poll %d: %d revised, %d deferred, %v; want %+v", poll, len(res.Revised), res.Deferred, err, want)
		}
	}
	if ids := matchIDs(t, e, "mayor statement"); len(ids) != 40 {
		t.Fatalf("after the polls %d articles match the corrected text, want 40", len(ids))
	}
}

// TestSnapshotAfterCorrection: an index saved after a correction holds
// the new text; loaded into a fresh engine it answers as the live one.
func TestSnapshotAfterCorrection(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	e := briefing.NewEngine(store, briefing.Config{SyncEvery: time.Nanosecond})
	corpus := correctionCorpus()
	if _, err := e.Ingest(ctx, corpus); err != nil {
		t.Fatal(err)
	}
	fixed := corpus[3]
	fixed.Text = "The flood barrier vote was postponed to January."
	if res, err := e.Ingest(ctx, []briefing.Article{fixed}); err != nil || len(res.Revised) != 1 {
		t.Fatalf("correction: %+v, %v", res, err)
	}
	var snap bytes.Buffer
	if _, err := e.SaveIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	fresh := briefing.NewEngine(store, briefing.Config{SyncEvery: time.Nanosecond})
	if _, err := fresh.LoadIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	want := matchIDs(t, e, "flood barrier")
	if got := matchIDs(t, fresh, "flood barrier"); len(want) != 1 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("loaded index matches %v, live one %v", got, want)
	}
}

// TestCorrectionsShareOneReindex: corrections stored less than
// ReindexEvery after the last re-indexing wait for the first sync after
// it (each re-indexing compacts the whole index), while the Store, and so
// every briefing's text, has them at once; SaveIndex takes the waiting
// ones in first.
func TestCorrectionsShareOneReindex(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	e := briefing.NewEngine(store, briefing.Config{SyncEvery: time.Nanosecond, ReindexEvery: time.Minute,
		Now: func() time.Time { return now }})
	corpus := correctionCorpus()
	if _, err := e.Ingest(ctx, corpus); err != nil {
		t.Fatal(err)
	}
	correct := func(i int, words string) int64 {
		t.Helper()
		a := corpus[i]
		a.Text = "The council heard about " + words + " on Tuesday."
		r, err := e.Ingest(ctx, []briefing.Article{a})
		if err != nil || len(r.Revised) != 1 {
			t.Fatalf("correction of %d: %+v, %v", i, r, err)
		}
		return r.Revised[0].ID
	}
	first := correct(1, "flood barriers")
	if ids := matchIDs(t, e, "flood barriers"); fmt.Sprint(ids) != fmt.Sprint([]int64{first}) {
		t.Fatalf("the first correction is not indexed at once: %v", ids)
	}
	now = now.Add(10 * time.Second)
	second := correct(2, "tram tunnels")
	if got, err := store.Articles(ctx, []int64{second}); err != nil || !strings.Contains(got[0].Text, "tram tunnels") {
		t.Fatalf("the store lacks the second correction: %+v, %v", got, err)
	}
	if ids := matchIDs(t, e, "tram tunnels"); len(ids) != 0 {
		t.Fatalf("the second correction, 10s after the first, was re-indexed at once: %v", ids)
	}
	var snap bytes.Buffer
	if _, err := e.SaveIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	if ids := matchIDs(t, e, "tram tunnels"); fmt.Sprint(ids) != fmt.Sprint([]int64{second}) {
		t.Fatalf("SaveIndex did not take the waiting correction in: %v", ids)
	}
	fresh := briefing.NewEngine(store, briefing.Config{SyncEvery: time.Nanosecond, Now: func() time.Time { return now }})
	if _, err := fresh.LoadIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	if ids := matchIDs(t, fresh, "tram tunnels"); fmt.Sprint(ids) != fmt.Sprint([]int64{second}) {
		t.Fatalf("loaded snapshot: tram tunnels matches %v", ids)
	}
	third := correct(3, "ferry piers")
	if ids := matchIDs(t, e, "ferry piers"); len(ids) != 0 {
		t.Fatalf("the third correction was re-indexed at once: %v", ids)
	}
	now = now.Add(time.Minute)
	if ids := matchIDs(t, e, "ferry piers"); fmt.Sprint(ids) != fmt.Sprint([]int64{third}) {
		t.Fatalf("a minute later a query's sync did not take the waiting correction in: %v", ids)
	}
}
