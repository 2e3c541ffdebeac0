package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// Issue 17 finding 6: a PostgreSQL transaction held open while more than
// 2,048 newer articles are stored and synced commits late; the running
// engine still finds its article, whatever the ID gap.
func TestSyncFindsLateCommitWhateverTheIDGap(t *testing.T) {
	ctx := context.Background()
	url := storagetest.PostgresURL(t)
	s := storagetest.Open(t, url)
	eng := briefing.NewEngine(s, briefing.Config{SyncEvery: time.Nanosecond})
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	slow, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Rollback()
	var slowID int64
	err = slow.QueryRowContext(ctx, `INSERT INTO articles (source, item_key, guid, url, title, author, fetched_at, tags, body,
		fragment, content_hash, backfill) VALUES ('wire-a', 'late-gap', 'late-gap', '', 'Axolotl census counts record numbers', '',
		$1, '[]', 'Volunteers counted a record number of axolotls in the canals.', false, 'h-late-gap', false) RETURNING id`,
		time.Now().UTC()).Scan(&slowID)
	if err != nil {
		t.Fatal(err)
	}
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
