package bench

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// BenchmarkRetention measures one retention pass that prunes an archive
// of the bench's generated articles (seeded from testdata/tiny.jsonl, or
// the comma-separated JSONL files of BRIEFBOT_BENCH_CORPUS) to its newest
// third, on SQLite (on the test PostgreSQL server with
// BRIEFBOT_BENCH_PRUNE_POSTGRES=1): the database delete, the index drop,
// and the live heap and resident memory before and after (after a GC that
// returns freed memory to the OS). The baseline beside them is an index
// built afresh from the kept articles (what a restart without an index
// file does): its build time and heap. Each iteration builds a fresh
// archive (not timed), so run it once:
//
//	BRIEFBOT_BENCH_PRUNE_SIZE=100000 BRIEFBOT_BENCH_CORPUS=a.jsonl,b.jsonl \
//	    go test ./cmd/briefbot/internal/bench -run '^$' -bench Retention -benchtime 1x
func BenchmarkRetention(b *testing.B) {
	n := 20_000
	if s := os.Getenv("BRIEFBOT_BENCH_PRUNE_SIZE"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 100 {
			b.Fatalf("BRIEFBOT_BENCH_PRUNE_SIZE=%q: want a whole number of at least 100", s)
		}
	}
	corpus := []string{filepath.Join("testdata", "tiny.jsonl")}
	if s := os.Getenv("BRIEFBOT_BENCH_CORPUS"); s != "" {
		corpus = benchList(s)
	}
	seeds, err := loadSeeds(corpus)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		store, eng, cutoff := pruneArchive(ctx, b, seeds, n)
		heap0, rss0 := memNow()
		b.StartTimer()
		start := time.Now()
		deleted, err := store.PruneArticles(ctx, cutoff)
		if err != nil {
			b.Fatal(err)
		}
		dbTime := time.Since(start)
		dropped, err := eng.DropDeleted(ctx)
		if err != nil {
			b.Fatal(err)
		}
		idxTime := time.Since(start) - dbTime
		b.StopTimer()
		heap1, rss1 := memNow()
		if int(deleted) != dropped || eng.Indexed() != n-dropped {
			b.Fatalf("deleted %d, dropped %d, %d left indexed of %d", deleted, dropped, eng.Indexed(), n)
		}
		b.ReportMetric(float64(n), "articles")
		b.ReportMetric(float64(eng.Indexed()), "kept")
		b.ReportMetric(dbTime.Seconds(), "db-delete-s")
		b.ReportMetric(idxTime.Seconds(), "index-drop-s")
		b.ReportMetric(heap0, "heap-before-MB")
		b.ReportMetric(heap1, "heap-after-MB")
		b.ReportMetric(rss0, "rss-before-MB")
		b.ReportMetric(rss1, "rss-after-MB")
		eng = nil
		heapBase, _ := memNow()
		start = time.Now()
		fresh := briefing.NewEngine(store, briefing.Config{})
		if err := fresh.Sync(ctx); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "rebuild-s")
		heapFresh, _ := memNow()
		b.ReportMetric(heapFresh-heapBase, "rebuilt-index-heap-MB")
		b.ReportMetric(heap1-heapBase, "pruned-index-heap-MB")
		runtime.KeepAlive(fresh)
		store.Close()
	}
}

// pruneArchive stores and indexes n bench articles in a fresh SQLite
// database and returns the cutoff that keeps the newest third.
func pruneArchive(ctx context.Context, b *testing.B, seeds []seedDoc, n int) (*storage.Store, *briefing.Engine, time.Time) {
	b.Helper()
	url := filepath.Join(b.TempDir(), "prune.db")
	if os.Getenv("BRIEFBOT_BENCH_PRUNE_POSTGRES") == "1" {
		url = storagetest.PostgresURL(b)
	}
	store, err := storage.Open(ctx, url, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	eng := briefing.NewEngine(store, briefing.Config{})
	c := newBenchCorpus(seeds, 1)
	dates := make([]time.Time, 0, n)
	for from := 0; from < n; from += 1000 {
		batch := make([]briefing.Article, 0, 1000)
		for i := from; i < min(from+1000, n); i++ {
			a := c.article(i)
			dates = append(dates, a.Published)
			batch = append(batch, a)
		}
		if _, err := eng.Ingest(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	if eng.Indexed() != n {
		b.Fatalf("indexed %d of %d generated articles", eng.Indexed(), n)
	}
	slices.SortFunc(dates, func(x, y time.Time) int { return x.Compare(y) })
	return store, eng, dates[n-n/3]
}
