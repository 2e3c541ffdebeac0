package briefing_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// BenchmarkBrief measures Engine.Brief (select, fold into event stories,
// summarise, name the sources) over 10k stored articles.
func BenchmarkBrief(b *testing.B) { benchBrief(b, briefing.BriefOptions{}) }

// BenchmarkBriefScoped is BenchmarkBrief for a channel that may not read
// another channel's private source (one that holds none of these
// articles): the cost of the scoped path, which loads up to sourceScan
// candidates to check their sources.
func BenchmarkBriefScoped(b *testing.B) {
	benchBrief(b, briefing.BriefOptions{Hidden: map[string]bool{"https://private.example/feed": true}})
}

func benchBrief(b *testing.B, opt briefing.BriefOptions) {
	eng := benchEngine(b, 10_000)
	ctx := context.Background()
	var lat []time.Duration
	cpu0 := processCPU()
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if _, err := eng.Brief(ctx, matchTopics[i%len(matchTopics)], opt); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
