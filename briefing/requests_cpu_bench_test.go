package briefing_test

import (
	"context"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// BenchmarkRequestsCPU: /brief and match --limit 10 over benchEngine's corpus
// (100k articles), process CPU per request: the figure compared old vs new
// in BENCHMARKS.md (copy this file into the old tree to compare).
func BenchmarkRequestsCPU(b *testing.B) {
	eng := benchEngine(b, 100_000)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		run  func(string) error
	}{
		{"brief", func(t string) error { _, err := eng.Brief(ctx, t, briefing.BriefOptions{}); return err }},
		{"match10", func(t string) error { _, err := eng.Match(ctx, t, briefing.MatchOptions{Limit: 10}); return err }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for _, t := range matchTopics { // warm
				_ = tc.run(t)
			}
			c0 := processCPU()
			b.ResetTimer()
			for i := range b.N {
				if err := tc.run(matchTopics[i%len(matchTopics)]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((processCPU()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}
