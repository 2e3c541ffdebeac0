package retention_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/retention"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// Two replicas on one PostgreSQL database: one prunes, and the other's
// pass, which finds nothing left to delete, still drops the pruned
// articles from its index; until then its briefings already leave them
// out (they are loaded from the database).
func TestReplicasDropWhatAnotherPruned(t *testing.T) {
	ctx := context.Background()
	url := storagetest.PostgresURL(t)
	storeA, storeB := storagetest.Open(t, url), storagetest.Open(t, url)
	now := time.Now().UTC()
	clock := func() time.Time { return now }
	a := briefing.NewEngine(storeA, briefing.Config{Now: clock})
	b := briefing.NewEngine(storeB, briefing.Config{Now: clock, SyncEvery: time.Hour})
	var arts []briefing.Article
	for day := range 90 {
		arts = append(arts, briefing.Article{Source: "wire", GUID: fmt.Sprint(day), Title: fmt.Sprintf("Ferry timetable note %d", day),
			Text: "The ferry operator changed the harbour timetable for the island route.", Published: now.AddDate(0, 0, -day).Add(-time.Hour)})
	}
	if _, err := a.Ingest(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if err := b.Sync(ctx); err != nil || b.Indexed() != 90 {
		t.Fatalf("replica B synced %d, %v", b.Indexed(), err)
	}
	keep := retention.Config{MaxAge: 30 * 24 * time.Hour, Now: clock}
	if r, err := retention.NewPruner(storeA, a, keep).Pass(ctx); err != nil || r.Deleted != 60 || r.Dropped != 60 {
		t.Fatalf("replica A's pass: %+v, %v", r, err)
	}
	br, err := b.Brief(ctx, "ferry timetable", briefing.BriefOptions{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range br.Items {
		if it.Published.Before(now.AddDate(0, 0, -30)) {
			t.Fatalf("replica B briefs a pruned article before its pass: %s", it.Title)
		}
	}
	r, err := retention.NewPruner(storeB, b, keep).Pass(ctx)
	if err != nil || r.Deleted != 0 || r.Dropped != 60 || b.Indexed() != 30 {
		t.Fatalf("replica B's pass: %+v, %v; %d indexed, want nothing deleted, 60 dropped, 30 left", r, err, b.Indexed())
	}
	ms, err := b.Match(ctx, "ferry", briefing.MatchOptions{})
	if err != nil || len(ms) != 30 {
		t.Fatalf("replica B matches %d, %v; want the 30 kept", len(ms), err)
	}
}
