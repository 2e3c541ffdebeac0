package storage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// Issue 17 finding 6: a PostgreSQL transaction held open while more than
// 2,048 newer articles are stored and synced commits late; the running
// engine still finds its article, whatever the ID gap.
func TestSyncFindsLateCommitWhateverTheIDGap(t *testing.T) {
	ctx := context.Background()
	s, eng, slow, slowID := beginLateArticle(t, "late-gap", "Axolotl census counts record numbers",
		"Volunteers counted a record number of axolotls in the canals.")
	const newer = 2600
	var arts []briefing.Article
	for i := range newer {
		arts = append(arts, briefing.Article{Source: "wire-b", GUID: fmt.Sprintf("b-%d", i), Title: fmt.Sprintf("Harbour notice %d", i),
			Text: fmt.Sprintf("The harbour office posted notice %d about berth %d.", i, i%50)})
	}
	added, err := s.SaveArticles(ctx, arts)
	if err != nil || len(added) != newer || added[len(added)-1].ID-slowID <= 2048 {
		t.Fatalf("save: %d added, %v (slow ID %d)", len(added), err, slowID)
	}
	if ms, err := eng.Match(ctx, "harbour notice", briefing.MatchOptions{}); err != nil || len(ms) == 0 {
		t.Fatalf("before the late commit: %d matches, %v", len(ms), err)
	}
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	ms, err := eng.Match(ctx, "axolotl", briefing.MatchOptions{})
	if err != nil || len(ms) != 1 || ms[0].ArticleID != slowID {
		t.Fatalf("the article committed %d IDs late is missing: %v, %v", added[len(added)-1].ID-slowID, ms, err)
	}
	if eng.Indexed() != newer+1 {
		t.Errorf("indexed %d articles, want %d", eng.Indexed(), newer+1)
	}
}
