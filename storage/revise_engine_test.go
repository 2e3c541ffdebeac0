package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

func idsMatching(t *testing.T, e *briefing.Engine, topic string) string {
	t.Helper()
	ms, err := e.Match(context.Background(), topic, briefing.MatchOptions{})
	if err != nil {
		t.Fatalf("match %q: %v", topic, err)
	}
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.ArticleID)
	}
	return fmt.Sprint(ids)
}

// TestCorrectionReachesOtherEngines, on SQLite and PostgreSQL: engine A
// stores a correction; engine B, over the same database, answers from
// the corrected text at its next sync, and an index B saves right after
// the correction, before any query made it sync, holds the corrected text
// too, so a process starting from that snapshot does not bring the first
// version back.
func TestCorrectionReachesOtherEngines(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		a := briefing.NewEngine(s, briefing.Config{})
		arts := ingestArticles("wire", 0, 30)
		arts[7].Text += " The shipyard signed."
		res, err := a.Ingest(ctx, arts)
		if err != nil || len(res.Added) != 30 {
			t.Fatalf("ingest: %+v, %v", res, err)
		}
		id := res.Added[7].ID

		saver := briefing.NewEngine(s, briefing.Config{SyncEvery: time.Hour}) // syncs only when told
		if err := saver.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		reader := briefing.NewEngine(s, briefing.Config{SyncEvery: time.Nanosecond})
		if got := idsMatching(t, reader, "shipyard"); got != fmt.Sprint([]int64{id}) {
			t.Fatalf("before the correction shipyard matches %s", got)
		}

		fixed := arts[7]
		fixed.Text = "The harbour board delayed the contract after a dispute over dredging costs."
		if res, err := a.Ingest(ctx, []briefing.Article{fixed}); err != nil || len(res.Revised) != 1 {
			t.Fatalf("correction: %+v, %v", res, err)
		}
		want := fmt.Sprint([]int64{id})
		if got := idsMatching(t, reader, "dredging"); got != want {
			t.Fatalf("another engine: dredging matches %s, want %s", got, want)
		}
		if got := idsMatching(t, reader, "shipyard"); got != "[]" {
			t.Fatalf("another engine: the first version's shipyard still matches %s", got)
		}

		var snap bytes.Buffer
		if _, err := saver.SaveIndex(ctx, &snap); err != nil {
			t.Fatal(err)
		}
		// An hour later: the correction is past what the new process
		// looks back for (its own corrections' sync), so only the
		// snapshot tells which version it indexes.
		later := func() time.Time { return time.Now().Add(time.Hour) }
		fresh := briefing.NewEngine(s, briefing.Config{SyncEvery: time.Nanosecond, Now: later})
		if _, err := fresh.LoadIndex(ctx, &snap); err != nil {
			t.Fatalf("the snapshot saved after the correction was refused: %v", err)
		}
		if got := idsMatching(t, fresh, "shipyard"); got != "[]" {
			t.Fatalf("started from the snapshot, the first version's shipyard matches %s", got)
		}
		if got := idsMatching(t, fresh, "dredging"); got != want {
			t.Fatalf("started from the snapshot, dredging matches %s, want %s", got, want)
		}
	})
}
