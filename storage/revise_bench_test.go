package storage_test

import (
	"context"
	"testing"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// BenchmarkIngestUnchangedFeed is a poll of a 50-item feed whose items
// are all stored already and unchanged (the common poll), over 10,000
// stored articles on SQLite: what looking for corrections adds to it.
func BenchmarkIngestUnchangedFeed(b *testing.B) {
	ctx := context.Background()
	s := storagetest.Open(b, storagetest.SQLiteURL(b))
	eng := briefing.NewEngine(s, briefing.Config{})
	for from := 0; from < 10_000; from += 500 {
		if _, err := eng.Ingest(ctx, ingestArticles("wire", from, 500)); err != nil {
			b.Fatal(err)
		}
	}
	feed := ingestArticles("wire", 9_950, 50)
	b.ResetTimer()
	for b.Loop() {
		res, err := eng.Ingest(ctx, feed)
		if err != nil || len(res.Added) != 0 {
			b.Fatalf("%+v, %v", res, err)
		}
	}
}
