package fts_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/bench/fts"
)

func TestQueryQuotesEveryWord(t *testing.T) {
	for in, want := range map[string]string{
		"crude oil":         `"crude" AND "oil"`,
		`NEAR(a b) OR "x"*`: `"near" AND "a" AND "b" AND "or" AND "x"`,
		"  ":                "",
	} {
		if got := fts.Query(in); got != want {
			t.Errorf("Query(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTopRanksByBM25WithANDSemantics(t *testing.T) {
	ctx := context.Background()
	ix, err := fts.Open(ctx, filepath.Join(t.TempDir(), "fts.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := []fts.Doc{
		{ID: 3, Title: "Crude oil prices", Body: "Crude oil rose as refiners bought more crude."},
		{ID: 7, Title: "Olive oil", Body: "Olive oil harvests fell."},
		{ID: 9, Title: "Markets", Body: "Stocks and crude oil futures moved little among many other things that happened."},
	}
	if err := ix.Add(ctx, docs); err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Top(ctx, fts.Query("crude oils"), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || hits[0].ID != 3 || hits[1].ID != 9 {
		t.Errorf("Top = %+v, want 3 then 9 (7 lacks \"crude\"; porter stems oils to oil)", hits)
	}
	if n, err := ix.Count(ctx, fts.Query("oil")); err != nil || n != 3 {
		t.Errorf("Count(oil) = %d, %v", n, err)
	}
	if last, err := ix.LastID(ctx); err != nil || last != 9 {
		t.Errorf("LastID = %d, %v", last, err)
	}
}

func TestOpenWithSetsTheMemoryBudget(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "fts.db")
	def, err := fts.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	cache, mmap, err := def.Memory(ctx)
	def.Close()
	if err != nil || cache != 2000*1024 || mmap != 0 {
		t.Errorf("defaults: cache %d, mmap %d, %v; want SQLite's 2,000 KiB and no mmap", cache, mmap, err)
	}
	ix, err := fts.OpenWith(ctx, path, fts.Options{CacheBytes: 64 << 20, MmapBytes: 32 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	cache, mmap, err = ix.Memory(ctx)
	if err != nil || cache != 64<<20 || mmap != 32<<20 {
		t.Errorf("budget: cache %d, mmap %d, %v; want 64 MiB and 32 MiB", cache, mmap, err)
	}
}
