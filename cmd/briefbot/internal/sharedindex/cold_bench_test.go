package sharedindex

import (
	"context"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// BenchmarkColdReplica is the cold replica row of BENCHMARKS.md: a new
// replica on PostgreSQL, from opening the database to its first /brief
// answer, with the shared snapshot ("warm") and without it (rebuilding
// the index from the articles, "cold"), alternated in the same run on the
// same database. Size: BRIEFBOT_BENCH_COLD_ARTICLES (default 20000);
// each iteration starts BRIEFBOT_BENCH_COLD_ROUNDS (default 2) replicas
// of each kind, so run it with -benchtime 1x (the set-up, storing the
// articles and publishing, is not repeated then):
//
//	BRIEFBOT_BENCH_COLD_ARTICLES=50000 nice go test ./cmd/briefbot/internal/sharedindex \
//	    -run '^$' -bench ColdReplica -benchtime 1x -timeout 20m
func BenchmarkColdReplica(b *testing.B) {
	n, rounds := 20000, 2
	if v, err := strconv.Atoi(os.Getenv("BRIEFBOT_BENCH_COLD_ARTICLES")); err == nil && v > 0 {
		n = v
	}
	if v, err := strconv.Atoi(os.Getenv("BRIEFBOT_BENCH_COLD_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	ctx := context.Background()
	url := storagetest.PostgresURL(b)
	storeArticles(b, storagetest.Open(b, url), corpusSeed, 0, n)
	a := coldStart(b, url, false)
	publishStart := time.Now()
	if ok, err := a.shared.Publish(ctx); err != nil || !ok {
		b.Fatalf("publish: %v %v", ok, err)
	}
	publish := time.Since(publishStart)
	snap, err := a.store.CurrentIndexSnapshot(ctx)
	if err != nil {
		b.Fatal(err)
	}
	a.store.Close()

	var warm, cold, warmCPU, coldCPU time.Duration
	b.ResetTimer()
	for i := 0; i < b.N*rounds; i++ {
		for k := range 2 {
			useSnapshot := (i+k)%2 == 0 // alternate which goes first
			runtime.GC()
			cpu0, t0 := cpuTime(), time.Now()
			r := coldStart(b, url, useSnapshot)
			took, cpu := time.Since(t0), cpuTime()-cpu0
			if (r.loaded == n) != useSnapshot || r.eng.Indexed() != n {
				b.Fatalf("snapshot %v: loaded %d, indexed %d of %d", useSnapshot, r.loaded, r.eng.Indexed(), n)
			}
			r.store.Close()
			if useSnapshot {
				warm, warmCPU = warm+took, warmCPU+cpu
			} else {
				cold, coldCPU = cold+took, coldCPU+cpu
			}
		}
	}
	per := func(d time.Duration) float64 { return d.Seconds() / float64(b.N*rounds) }
	b.ReportMetric(float64(n), "articles")
	b.ReportMetric(per(warm), "warm-s")
	b.ReportMetric(per(cold), "cold-s")
	b.ReportMetric(per(warmCPU), "warm-cpu-s")
	b.ReportMetric(per(coldCPU), "cold-cpu-s")
	b.ReportMetric(cold.Seconds()/warm.Seconds(), "cold/warm")
	b.ReportMetric(float64(snap.Bytes)/(1<<20), "snapshot-MB")
	b.ReportMetric(publish.Seconds(), "publish-s")
}

// coldStart is one replica's start as openApp and serve do it, up to
// its first /brief answer.
func coldStart(b *testing.B, url string, share bool) *replica {
	b.Helper()
	ctx := context.Background()
	s, err := storage.Open(ctx, url, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	eng := briefing.NewEngine(s, briefing.Config{})
	r := &replica{store: s, eng: eng, shared: New(slog.New(slog.DiscardHandler), s, eng, true)}
	if share {
		r.loaded = r.shared.Load(ctx)
	}
	if _, err := eng.Brief(ctx, genTopics[0].query, briefing.BriefOptions{}); err != nil {
		b.Fatal(err)
	}
	return r
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
