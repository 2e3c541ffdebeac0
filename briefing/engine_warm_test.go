package briefing_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// TestWarmStartRunsOnceBeforeTheFirstSync: the hook can load a snapshot
// (the engine has not synced yet), runs once however many queries follow,
// and not at all for an engine that is never consulted.
func TestWarmStartRunsOnceBeforeTheFirstSync(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	writer := briefing.NewEngine(store, briefing.Config{})
	ingestAll(t, writer, snapshotCorpus(t, 0, 300))
	var snap bytes.Buffer
	if _, err := writer.SaveIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}

	idle := briefing.NewEngine(store, briefing.Config{})
	idle.SetWarmStart(func(context.Context) { t.Error("the hook ran for an engine nobody asked") })

	eng := briefing.NewEngine(store, briefing.Config{SyncEvery: time.Nanosecond})
	runs, loaded := 0, 0
	cctx, cancel := context.WithCancel(ctx)
	eng.SetWarmStart(func(ctx context.Context) {
		runs++
		cancel() // the first query's deadline passing must not stop the load
		n, err := eng.LoadIndex(ctx, bytes.NewReader(snap.Bytes()))
		if err != nil {
			t.Errorf("LoadIndex from the hook: %v", err)
		}
		loaded = n
	})
	if _, err := eng.Match(cctx, "council", briefing.MatchOptions{}); err == nil {
		t.Log("the cancelled query still answered")
	}
	for range 3 {
		if _, err := eng.Match(ctx, "council", briefing.MatchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if runs != 1 || loaded != 300 || eng.Indexed() != 300 {
		t.Fatalf("hook ran %d times, loaded %d, indexed %d", runs, loaded, eng.Indexed())
	}
}
