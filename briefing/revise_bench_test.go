package briefing_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// BenchmarkIngestOneCorrection is a poll that corrects one stored article
// of an index of n, re-indexed at once (ReindexEvery < 0): the index drops
// the article's document (a compaction) and adds it again.
func BenchmarkIngestOneCorrection(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ctx := context.Background()
			e := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{SyncEvery: time.Hour, ReindexEvery: -1})
			day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
			for from := 0; from < n; from += 5000 {
				batch := make([]briefing.Article, 5000)
				for i := range batch {
					k := from + i
					batch[i] = briefing.Article{Source: "wire", GUID: fmt.Sprint(k), Title: fmt.Sprintf("Council report %d on harbour budget", k),
						Text:      fmt.Sprintf("The council published report %d on the harbour budget, berth %d and crane %d. Members asked questions.", k, k%97, k%89),
						Published: day.Add(time.Duration(k) * time.Minute)}
				}
				if _, err := e.Ingest(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			a := briefing.Article{Source: "wire", GUID: "7", Title: "Council report 7 on harbour budget", Published: day}
			v := 0
			for b.Loop() {
				v++
				a.Text = fmt.Sprintf("Correction number %d: the council withdrew report 7.", v)
				res, err := e.Ingest(ctx, []briefing.Article{a})
				if err != nil || len(res.Revised) != 1 {
					b.Fatalf("%+v, %v", res, err)
				}
			}
		})
	}
}
