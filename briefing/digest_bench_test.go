package briefing_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// BenchmarkDigestOwnTopics measures digests of channels that each watch
// their own 5 topics, none shared with another channel, over 10k stored
// articles: every watch then selects, loads and folds its newest
// candidates (up to 300) itself, with no per-topic cache to help. Each
// iteration is one channel. Reported per watch in CPU time (user +
// system, the whole process), which a loaded machine inflates less than
// wall time.
func BenchmarkDigestOwnTopics(b *testing.B) {
	const watches = 5
	eng := benchEngine(b, 10_000)
	g := newCorpusGen(b, 3)
	ctx := context.Background()
	seen := func(context.Context, []int64) (map[int64]bool, error) { return map[int64]bool{}, nil }
	topic := 0
	nextTopic := func() string {
		// words of middling frequency, paired so no two watches share a
		// topic: each selects a few hundred of the 10k articles
		topic++
		return fmt.Sprintf("%s OR %s", g.words[100+topic%997], g.words[1100+topic*7%5003])
	}
	cpu0 := processCPU()
	b.ResetTimer()
	for range b.N {
		ts := make([]string, watches)
		for i := range ts {
			ts[i] = nextTopic()
		}
		if _, err := eng.Digest(ctx, briefing.DigestOptions{Topics: ts, Seen: seen}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/1000/float64(b.N*watches), "cpu-ms/watch")
}
