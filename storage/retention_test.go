package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// Retention deletes exactly the articles whose publication time (stored
// time when undated) is before the cutoff, with their carried rows; it
// keeps the delivery ledger and judgments, remembers the keys of articles
// dated by their fetch, and never gives a deleted ID out again.
func TestPruneArticles(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
		cutoff := now.AddDate(0, 0, -30)
		mk := func(guid string, published, fetched time.Time, clamped bool) briefing.Article {
			return briefing.Article{Source: "wire", GUID: guid, Title: "Story " + guid, Text: "Text of " + guid + ".",
				Published: published, Fetched: fetched, DateClamped: clamped}
		}
		old, recent := now.AddDate(0, 0, -45), now.AddDate(0, 0, -3)
		in := []briefing.Article{
			mk("old-dated", old, now, false),           // dated long ago, fetched today: pruned by its date
			mk("recent-dated", recent, old, false),     // fetched long ago, dated recently: kept
			mk("old-undated", time.Time{}, old, false), // undated, stored long ago: pruned
			mk("new-undated", time.Time{}, recent, false),
			mk("old-clamped", old, old, true), // dated by its fetch: pruned, key remembered
			mk("edge", cutoff, now, false),    // exactly at the cutoff: kept
		}
		added, err := s.SaveArticles(ctx, in)
		if err != nil || len(added) != len(in) {
			t.Fatalf("save: %d %v", len(added), err)
		}
		id := map[string]int64{}
		for _, a := range added {
			id[a.GUID] = a.ID
		}
		ch := briefing.Channel{Platform: "slack", ID: "C1"}
		d, _, err := s.ClaimDelivery(ctx, digest.Delivery{Channel: ch, Period: "2026-12-01", Owner: "A", LeaseUntil: now.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.BeginSend(ctx, d.ID, "A", []int64{id["old-dated"], id["recent-dated"]}, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.CarryArticles(ctx, d.ID, ch, []int64{id["old-undated"], id["new-undated"]}); err != nil {
			t.Fatal(err)
		}
		if err := s.Judge(ctx, ch, "story", briefing.Judgment{ArticleID: id["old-dated"], Up: true}, "U1"); err != nil {
			t.Fatal(err)
		}

		if n, err := s.CountArticlesBefore(ctx, cutoff); err != nil || n != 3 {
			t.Fatalf("CountArticlesBefore = %d, %v; want 3", n, err)
		}
		if n, err := s.PruneArticles(ctx, cutoff); err != nil || n != 3 {
			t.Fatalf("PruneArticles = %d, %v; want 3", n, err)
		}
		left, err := s.Articles(ctx, []int64{id["old-dated"], id["recent-dated"], id["old-undated"], id["new-undated"], id["old-clamped"], id["edge"]})
		if err != nil {
			t.Fatal(err)
		}
		var kept []string
		for _, a := range left {
			kept = append(kept, a.GUID)
		}
		if len(kept) != 3 || kept[0] != "recent-dated" || kept[1] != "new-undated" || kept[2] != "edge" {
			t.Fatalf("kept %v; want recent-dated, new-undated, edge", kept)
		}
		if n, err := s.PruneArticles(ctx, cutoff); err != nil || n != 0 {
			t.Fatalf("second PruneArticles = %d, %v; want 0", n, err)
		}

		// The ledger still says the pruned article was delivered;
		// the carried row of the pruned one is gone, the other stays.
		sent, err := s.DeliveredArticles(ctx, ch, []int64{id["old-dated"], id["recent-dated"]})
		if err != nil || !sent[id["old-dated"]] || !sent[id["recent-dated"]] {
			t.Errorf("delivered after prune = %v, %v; want both", sent, err)
		}
		carried, err := s.CarriedArticles(ctx, ch, []int64{id["old-undated"], id["new-undated"]})
		if err != nil || carried[id["old-undated"]] || !carried[id["new-undated"]] {
			t.Errorf("carried after prune = %v, %v; want only new-undated", carried, err)
		}
		if js, err := s.Judgments(ctx, ch, "story"); err != nil || len(js) != 1 {
			t.Errorf("judgments after prune = %v, %v", js, err)
		}

		// Keys of articles dated by their fetch are remembered; a dated
		// one is not (its date keeps it out).
		pruned, err := s.Pruned(ctx, []briefing.Article{in[0], in[1], in[2], in[4], mk("never-seen", time.Time{}, now, false)})
		if err != nil {
			t.Fatal(err)
		}
		if want := []bool{false, false, true, true, false}; !equalBools(pruned, want) {
			t.Errorf("Pruned = %v, want %v", pruned, want)
		}
		// A deleted ID is never reused.
		again, err := s.SaveArticles(ctx, []briefing.Article{mk("old-dated", old, now, false)})
		if err != nil || len(again) != 1 || again[0].ID <= id["edge"] {
			t.Fatalf("re-save = %+v, %v; want a new, higher ID", again, err)
		}
	})
}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
