package briefing_test

import (
	"context"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// BenchmarkSelfCheckCacheCPU: BenchmarkRequestsCPU's match --limit 10,
// each topic asked twice in a row, once with the self-check cache emptied
// (as a topic's first request after an ingest: the verdict is computed
// and its inputs fingerprinted) and once served from it, in turn first.
// Pairs in one process at one moment, so that the machine's load weighs
// on both alike: process CPU per request of each kind.
func BenchmarkSelfCheckCacheCPU(b *testing.B) {
	eng := benchEngine(b, 100_000)
	ctx := context.Background()
	for _, t := range matchTopics { // warm
		_, _ = eng.Match(ctx, t, briefing.MatchOptions{Limit: 10})
	}
	var miss, hit time.Duration
	b.ResetTimer()
	ask := func(t string, d *time.Duration) {
		c0 := processCPU()
		if _, err := eng.Match(ctx, t, briefing.MatchOptions{Limit: 10}); err != nil {
			b.Fatal(err)
		}
		*d += processCPU() - c0
	}
	for i := range b.N {
		// a topic twice: the miss first, then the miss last (a request
		// right after the same topic's finds its postings in the CPU's
		// caches)
		t := matchTopics[i/2%len(matchTopics)]
		if i%2 == 0 {
			briefing.ForgetSelfChecks(eng)
			ask(t, &miss)
			ask(t, &hit)
		} else {
			ask(t, &hit)
			briefing.ForgetSelfChecks(eng)
			ask(t, &miss)
		}
	}
	b.ReportMetric(float64(miss.Microseconds())/1000/float64(b.N), "miss-cpu-ms/op")
	b.ReportMetric(float64(hit.Microseconds())/1000/float64(b.N), "hit-cpu-ms/op")
}
