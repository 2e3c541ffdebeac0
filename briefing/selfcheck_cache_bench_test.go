package briefing_test

import (
	"context"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// BenchmarkSelfCheckMissCPU is BenchmarkRequestsCPU's match --limit 10
// with the self-check cache emptied before every request: the cost of a
// topic's first request after the index changed (an ingest), when the
// verdict is computed (and its inputs fingerprinted) afresh.
func BenchmarkSelfCheckMissCPU(b *testing.B) {
	eng := benchEngine(b, 100_000)
	ctx := context.Background()
	for _, t := range matchTopics { // warm
		_, _ = eng.Match(ctx, t, briefing.MatchOptions{Limit: 10})
	}
	c0 := processCPU()
	b.ResetTimer()
	for i := range b.N {
		briefing.ForgetSelfChecks(eng)
		if _, err := eng.Match(ctx, matchTopics[i%len(matchTopics)], briefing.MatchOptions{Limit: 10}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((processCPU()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
