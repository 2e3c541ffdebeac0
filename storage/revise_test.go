package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// TestReviseArticles: a stored key sent with another title or text is
// updated in place (same ID, first version's dates, Updated set); the
// same content (whitespace aside), an unknown key or a repeat of a key
// changes nothing; the content checksum an index snapshot records moves
// with a correction and not with an unchanged re-send.
func TestReviseArticles(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		in := []briefing.Article{article("feed1", "g1", "One"), article("feed1", "g2", "Two"), article("feed1", "g3", "Three")}
		added, err := s.SaveArticles(ctx, in)
		if err != nil || len(added) != 3 {
			t.Fatalf("save: %d %v", len(added), err)
		}
		first, err := s.Articles(ctx, []int64{added[1].ID})
		if err != nil || len(first) != 1 {
			t.Fatal(err)
		}
		before := checksum(t, s, added[2].ID)

		same := in[0]
		spaced := in[2]
		spaced.Text = "  Three   happened\ttoday. "
		if got, more, err := s.ReviseArticles(ctx, []briefing.Article{same, spaced, article("feed1", "g9", "Unknown")}, 10); err != nil || len(got) != 0 || more != 0 {
			t.Fatalf("unchanged re-send revised %+v (more %d), %v", got, more, err)
		}
		if after := checksum(t, s, added[2].ID); after != before {
			t.Fatalf("an unchanged re-send moved the checksum: %s -> %s", before, after)
		}

		at := time.Date(2026, 12, 2, 15, 20, 0, 0, time.UTC)
		fixed := in[1]
		fixed.Title, fixed.Text, fixed.Fetched = "Two, corrected", "Two happened yesterday, not today.", at
		fixed.Published = fixed.Published.Add(72 * time.Hour)
		later := fixed
		later.Title = "Two, corrected twice"
		got, more, err := s.ReviseArticles(ctx, []briefing.Article{same, fixed, later}, 10)
		if err != nil || len(got) != 1 || more != 0 {
			t.Fatalf("revise = %+v, more %d, %v; want one", got, more, err)
		}
		r := got[0]
		if r.ID != added[1].ID || r.Title != "Two, corrected" || r.Text != fixed.Text || !r.Updated.Equal(at) ||
			!r.Published.Equal(first[0].Published) || !r.Fetched.Equal(first[0].Fetched) {
			t.Fatalf("revised = %+v; want ID %d, the first occurrence's title, Updated %v, the first version's dates %+v", r, added[1].ID, at, first[0])
		}
		if back, err := s.Articles(ctx, []int64{r.ID}); err != nil || back[0].Title != r.Title || !back[0].Updated.Equal(at) {
			t.Fatalf("stored = %+v, %v", back, err)
		}
		if after := checksum(t, s, added[2].ID); after == before {
			t.Fatal("a correction left the content checksum as it was: a snapshot of the old text would load")
		}
		if n, err := s.CountArticles(ctx); err != nil || n != 3 {
			t.Fatalf("count = %d, %v; want 3 (updated in place)", n, err)
		}
		var order []int64
		if err := s.ScanArticles(ctx, 0, 10, func(b []briefing.Article) error {
			for _, a := range b {
				order = append(order, a.ID)
			}
			return nil
		}); err != nil || len(order) != 3 || order[0] != added[0].ID || order[2] != added[2].ID {
			t.Fatalf("scan order = %v, %v", order, err)
		}
		if revs, err := s.RevisedSince(ctx, at, 10); err != nil || len(revs) != 1 || revs[0].ID != r.ID || !revs[0].Updated.Equal(at) {
			t.Fatalf("RevisedSince(the correction) = %+v, %v", revs, err)
		}
		if revs, err := s.RevisedSince(ctx, at.Add(time.Second), 10); err != nil || len(revs) != 0 {
			t.Fatalf("RevisedSince(after the correction) = %+v, %v", revs, err)
		}
		if again, _, err := s.ReviseArticles(ctx, []briefing.Article{fixed}, 10); err != nil || len(again) != 0 {
			t.Fatalf("the same correction again revised %+v, %v", again, err)
		}
	})
}

// TestReviseArticlesBound: at most limit rows change per call, in input
// order; the rest are counted and stay as they were until a later call.
func TestReviseArticlesBound(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		var in []briefing.Article
		for _, g := range []string{"g1", "g2", "g3", "g4", "g5"} {
			in = append(in, article("feed", g, "Story "+g))
		}
		if _, err := s.SaveArticles(ctx, in); err != nil {
			t.Fatal(err)
		}
		for i := range in {
			in[i].Text += " It was corrected."
		}
		for call, want := range []struct{ revised, more int }{{2, 3}, {2, 1}, {1, 0}, {0, 0}} {
			got, more, err := s.ReviseArticles(ctx, in, 2)
			if err != nil || len(got) != want.revised || more != want.more {
				t.Fatalf("call %d: %d revised, %d more, %v; want %+v", call, len(got), more, err, want)
			}
			if call == 0 && (got[0].Title != "Story g1" || got[1].Title != "Story g2") {
				t.Fatalf("first call revised %q and %q, want the first two in input order", got[0].Title, got[1].Title)
			}
		}
	})
}
