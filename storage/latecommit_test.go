package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// TestSyncFindsArticlesCommittedOutOfIDOrder: on PostgreSQL a transaction
// that drew ID n can commit after one that drew n+1 (two replicas
// ingesting at once). An engine that synced in between has seen n+1; it
// must still find n once n commits, or that article would be missing from
// every answer until a restart.
func TestSyncFindsArticlesCommittedOutOfIDOrder(t *testing.T) {
	ctx := context.Background()
	url := storagetest.PostgresURL(t)
	s := storagetest.Open(t, url)
	eng := briefing.NewEngine(s, briefing.Config{SyncEvery: time.Nanosecond})
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	// Replica A draws an ID and is slow to commit.
	slow, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Rollback()
	var slowID int64
	err = slow.QueryRowContext(ctx, `INSERT INTO articles (source, item_key, guid, url, title, author, fetched_at, tags, body,
		fragment, content_hash, backfill) VALUES ('wire-a', 'late-1', 'late-1', '', 'Tardigrade survey finds record colony', '',
		$1, '[]', 'Researchers counted a record tardigrade colony on the ridge.', false, 'h-late-1', false) RETURNING id`,
		time.Now().UTC()).Scan(&slowID)
	if err != nil {
		t.Fatal(err)
	}
	// Replica B stores a later article and commits first.
	added, err := s.SaveArticles(ctx, []briefing.Article{{Source: "wire-b", GUID: "b-1", Title: "Harbour bridge reopens",
		Text: "The harbour bridge reopened on Monday after repairs."}})
	if err != nil || len(added) != 1 || added[0].ID <= slowID {
		t.Fatalf("save = %+v, %v (slow ID %d)", added, err, slowID)
	}
	if ms, err := eng.Match(ctx, "harbour bridge", briefing.MatchOptions{}); err != nil || len(ms) != 1 {
		t.Fatalf("before the late commit: %v, %v", ms, err)
	}
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	ms, err := eng.Match(ctx, "tardigrade", briefing.MatchOptions{})
	if err != nil || len(ms) != 1 || ms[0].ArticleID != slowID {
		t.Fatalf("the article committed late is missing: %v, %v", ms, err)
	}
	if eng.Indexed() != 2 {
		t.Errorf("indexed %d articles, want 2", eng.Indexed())
	}
	// Its snapshot holds the late article after a higher ID and is
	// accepted as it is.
	var snap bytes.Buffer
	if _, err := eng.SaveIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	again := briefing.NewEngine(s, briefing.Config{})
	if n, err := again.LoadIndex(ctx, &snap); err != nil || n != 2 {
		t.Fatalf("LoadIndex = %d, %v", n, err)
	}
	if ms, err := again.Match(ctx, "tardigrade", briefing.MatchOptions{}); err != nil || len(ms) != 1 {
		t.Fatalf("after reload: %v, %v", ms, err)
	}
}
