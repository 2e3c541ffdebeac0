package storage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// TestSaveArticlesInBatches saves more articles than one INSERT carries,
// with a key repeated inside the input (also across statements) and some
// already stored: each new key is added once, in input order, with its ID.
func TestSaveArticlesInBatches(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		if _, err := s.SaveArticles(ctx, []briefing.Article{article("f", "g7", "Seven"), article("f", "g300", "Three hundred")}); err != nil {
			t.Fatal(err)
		}
		var in []briefing.Article
		for i := range 450 {
			in = append(in, article("f", fmt.Sprintf("g%d", i), fmt.Sprintf("Title %d", i)))
		}
		in = append(in, article("f", "g5", "Repeat of 5 in the same statement"))
		in = append(in[:10], append([]briefing.Article{article("f", "g420", "Repeat of 420 in a later statement")}, in[10:]...)...)
		added, err := s.SaveArticles(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(added) != 448 {
			t.Fatalf("added %d articles, want 448 (450 keys, 2 already stored)", len(added))
		}
		seen := map[int64]bool{}
		for i, a := range added {
			if a.ID == 0 || seen[a.ID] || a.Title == "Seven" || a.Title == "Three hundred" {
				t.Fatalf("added[%d] = %+v (duplicate or zero ID, or an already stored article)", i, a)
			}
			seen[a.ID] = true
		}
		if added[9].Title != "Repeat of 420 in a later statement" || added[len(added)-1].Title != "Title 449" {
			t.Errorf("input order lost: added[9] (g7 was stored) = %q, last = %q", added[9].Title, added[len(added)-1].Title)
		}
		got, err := s.Articles(ctx, []int64{added[9].ID})
		if err != nil || len(got) != 1 || got[0].Title != "Repeat of 420 in a later statement" {
			t.Errorf("the returned ID does not name the stored row: %+v, %v", got, err)
		}
	})
}

// TestSaveArticlesOfManySizes saves batches of more row counts than the
// store keeps prepared, each twice (the second time all known, through
// the kept statement or a compiled one): every article stored once, with
// the ID the store reads back.
func TestSaveArticlesOfManySizes(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		total := 0
		for n := 1; n <= 7; n++ {
			var in []briefing.Article
			for i := range n {
				in = append(in, article("f", fmt.Sprintf("n%d-%d", n, i), fmt.Sprintf("Size %d, %d", n, i)))
			}
			for round := range 2 {
				added, err := s.SaveArticles(ctx, in)
				if err != nil {
					t.Fatal(err)
				}
				if want := n * (1 - round); len(added) != want {
					t.Fatalf("size %d, round %d: added %d, want %d", n, round, len(added), want)
				}
				for _, a := range added {
					got, err := s.Articles(ctx, []int64{a.ID})
					if err != nil || len(got) != 1 || got[0].Title != a.Title {
						t.Fatalf("ID %d of %q reads back as %+v, %v", a.ID, a.Title, got, err)
					}
				}
			}
			total += n
		}
		if got, err := s.CountArticles(ctx); err != nil || got != int64(total) {
			t.Errorf("%d articles stored, want %d (%v)", got, total, err)
		}
	})
}
