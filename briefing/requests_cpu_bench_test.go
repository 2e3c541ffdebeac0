package briefing_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// BenchmarkRequestsCPU: /brief, match --limit 10 and a channel's digest
// over benchEngine's corpus (100k articles), process CPU per request: the
// figure compared old vs new in BENCHMARKS.md (copy this file into the old
// tree to compare). With -benchmem, B/op is the transient allocation of
// one request, which sets how often the collector runs (and, under a
// memory limit, what it costs).
func BenchmarkRequestsCPU(b *testing.B) {
	eng := benchEngine(b, 100_000)
	g := newCorpusGen(b, 3)
	ctx := context.Background()
	seen := func(context.Context, []int64) (map[int64]bool, error) { return map[int64]bool{}, nil }
	// digestOwn's topics: word pairs of middling frequency, none repeated
	// within a run, so each digest selects its topics afresh (the
	// per-topic cache does not serve them)
	topic := 0
	nextTopic := func() string {
		topic++
		return fmt.Sprintf("%s OR %s", g.words[100+topic%997], g.words[1100+topic*7%5003])
	}
	judged := benchJudgments(b, eng)
	for _, tc := range []struct {
		name string
		run  func(i int) error
	}{
		{"briefJudged", func(i int) error {
			t := matchTopics[i%len(matchTopics)]
			_, err := eng.Brief(ctx, t, briefing.BriefOptions{Judgments: judged[t]})
			return err
		}},
		{"match10Judged", func(i int) error {
			t := matchTopics[i%len(matchTopics)]
			_, err := eng.Match(ctx, t, briefing.MatchOptions{Limit: 10, Judgments: judged[t]})
			return err
		}},
		{"brief", func(i int) error {
			_, err := eng.Brief(ctx, matchTopics[i%len(matchTopics)], briefing.BriefOptions{})
			return err
		}},
		{"match10", func(i int) error {
			_, err := eng.Match(ctx, matchTopics[i%len(matchTopics)], briefing.MatchOptions{Limit: 10})
			return err
		}},
		{"digestOwn", func(int) error {
			ts := make([]string, 5)
			for k := range ts {
				ts[k] = nextTopic()
			}
			_, err := eng.Digest(ctx, briefing.DigestOptions{Topics: ts, Seen: seen})
			return err
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for i := range matchTopics { // warm
				_ = tc.run(i)
			}
			c0 := processCPU()
			b.ResetTimer()
			for i := range b.N {
				if err := tc.run(i); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((processCPU()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// benchJudgments gives each of matchTopics a channel's verdicts: its ten
// best matches, alternately 👍 and 👎, and 👍 on the two near misses an
// exploring answer shows (articles outside the selection: the band they
// vouch for is read too).
func benchJudgments(b *testing.B, eng *briefing.Engine) map[string][]briefing.Judgment {
	b.Helper()
	out := map[string][]briefing.Judgment{}
	for _, t := range matchTopics {
		ms, err := eng.Match(context.Background(), t, briefing.MatchOptions{Limit: 10, Explore: 2})
		if err != nil {
			b.Fatal(err)
		}
		for i, m := range ms {
			out[t] = append(out[t], briefing.Judgment{ArticleID: m.ArticleID, Up: m.Exploratory || i%2 == 0})
		}
	}
	return out
}
