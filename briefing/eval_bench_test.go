package briefing_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// BenchmarkMatchReuters measures Match on real news when
// BRIEFBOT_EVAL_DIR points at the evaluation data (never committed): the
// Reuters-21578 training articles, copied as often as needed to reach
// BRIEFBOT_BENCH_SIZES articles (default 100000), and the ten chat-style
// queries of reuters-queries.tsv.
func BenchmarkMatchReuters(b *testing.B) {
	dir := os.Getenv("BRIEFBOT_EVAL_DIR")
	if dir == "" {
		b.Skip("set BRIEFBOT_EVAL_DIR to the evaluation data directory to run")
	}
	base := readReuters(b, filepath.Join(dir, "reuters-train.jsonl"))
	queries := []string{"earnings", "acquisitions", "foreign exchange", "grain", "crude oil", "trade", "interest rates", "shipping", "wheat", "corn"}
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{SyncEvery: time.Hour})
			start := time.Now()
			for i := 0; i < n; i += 1000 {
				batch := make([]briefing.Article, 0, 1000)
				for j := i; j < min(i+1000, n); j++ {
					a := base[j%len(base)]
					a.GUID = fmt.Sprint(j)
					batch = append(batch, a)
				}
				if _, err := eng.Ingest(context.Background(), batch); err != nil {
					b.Fatal(err)
				}
			}
			ingest := time.Since(start)
			var lat []time.Duration
			b.ResetTimer()
			for i := range b.N {
				t := time.Now()
				if _, err := eng.Match(context.Background(), queries[i%len(queries)], briefing.MatchOptions{}); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t))
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(n)/ingest.Seconds(), "ingest-articles/s")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

func readReuters(b *testing.B, path string) []briefing.Article {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []briefing.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var d struct{ ID, Date, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			b.Fatal(err)
		}
		pub, _ := time.Parse(time.RFC3339, d.Date)
		out = append(out, briefing.Article{Source: "reuters", GUID: d.ID, Title: d.Title, Text: d.Text, Published: pub})
	}
	return out
}
