package briefing_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"sort"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// BenchmarkIndexMem: where the index's memory goes at each bench size
// (BRIEFBOT_BENCH_SIZES), and what loading it from a snapshot costs: the
// live heap it adds and the process CPU of LoadIndex.
func BenchmarkIndexMem(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			eng := benchEngine(b, n)
			ctx := context.Background()
			mem := briefing.IndexMem(eng)
			keys := make([]string, 0, len(mem))
			for k := range mem {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				b.Logf("%-18s %12d", k, mem[k])
			}
			var snap bytes.Buffer
			if _, err := eng.SaveIndex(ctx, &snap); err != nil {
				b.Fatal(err)
			}
			store := briefing.EngineStore(eng)
			eng = nil
			b.ResetTimer()
			var heap, cpu float64
			for range b.N {
				fresh := briefing.NewEngine(store, briefing.Config{})
				before := liveHeap()
				c0 := processCPU()
				if _, err := fresh.LoadIndex(ctx, bytes.NewReader(snap.Bytes())); err != nil {
					b.Fatal(err)
				}
				cpu += float64((processCPU() - c0).Milliseconds())
				heap += float64(liveHeap()-before) / (1 << 20)
				runtime.KeepAlive(fresh)
			}
			b.ReportMetric(heap/float64(b.N), "index-MB")
			b.ReportMetric(cpu/float64(b.N), "load-cpu-ms")
			b.ReportMetric(float64(snap.Len())/(1<<20), "file-MB")
		})
	}
}

func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
