package briefing_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// BenchmarkIndexFootprint: ingest BRIEFBOT_BENCH_SIZES articles of the
// synthetic corpus (default 10k and 100k), then load the index from a
// snapshot into a fresh engine. Reports ingest CPU per article (corpus
// generation not included), the index's heap once loaded (what start-up
// holds), the snapshot's size and the CPU of loading it. Copy this file
// into an old tree to compare layouts in one run.
func BenchmarkIndexFootprint(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for range b.N {
				indexFootprint(b, n)
			}
		})
	}
}

func indexFootprint(b *testing.B, n int) {
	ctx := context.Background()
	g := newCorpusGen(b, 2)
	arts := make([]briefing.Article, n)
	for i := range arts {
		arts[i] = g.article(i)
	}
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	c0 := processCPU()
	for i := 0; i < n; i += 1000 {
		if _, err := eng.Ingest(ctx, arts[i:min(i+1000, n)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((processCPU()-c0).Microseconds())/float64(n), "ingest-cpu-us/article")
	var snap bytes.Buffer
	if _, err := eng.SaveIndex(ctx, &snap); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(snap.Len())/(1<<20), "snapshot-MB")
	eng, arts = nil, nil
	before := heapInUse() // the store and the snapshot
	loaded := briefing.NewEngine(store, briefing.Config{})
	c1 := processCPU()
	if _, err := loaded.LoadIndex(ctx, bytes.NewReader(snap.Bytes())); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64((processCPU()-c1).Microseconds())/1000, "load-cpu-ms")
	held := snap.Cap()
	snap = bytes.Buffer{}
	b.ReportMetric(float64(heapInUse()-before+int64(held))/(1<<20), "index-heap-MB")
	runtime.KeepAlive(loaded)
}

func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
