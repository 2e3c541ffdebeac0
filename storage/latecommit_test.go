package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// beginLateArticle opens a store and a syncing engine on a private
// PostgreSQL schema, and inserts one article in a transaction it leaves
// open: the article has drawn its ID but commits only when the test says.
func beginLateArticle(t *testing.T, key, title, body string) (*storage.Store, *briefing.Engine, *sql.Tx, int64) {
	t.Helper()
	ctx := context.Background()
	url := storagetest.PostgresURL(t)
	s := storagetest.Open(t, url)
	eng := briefing.NewEngine(s, briefing.Config{SyncEvery: time.Nanosecond})
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	slow, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { slow.Rollback() })
	var slowID int64
	err = slow.QueryRowContext(ctx, `INSERT INTO articles (source, item_key, guid, url, title, author, fetched_at, tags, body,
		fragment, content_hash, backfill) VALUES ('wire-a', $1, $1, '', $2, '', $3, '[]', $4, false, 'h-' || $1, false) RETURNING id`,
		key, title, time.Now().UTC(), body).Scan(&slowID)
	if err != nil {
		t.Fatal(err)
	}
	return s, eng, slow, slowID
}

// TestSyncFindsArticlesCommittedOutOfIDOrder: on PostgreSQL a transaction
// that drew ID n can commit after one that drew n+1 (two replicas
// ingesting at once). An engine that synced in between has seen n+1; it
// must still find n once n commits, or that article would be missing from
// every answer until a restart.
func TestSyncFindsArticlesCommittedOutOfIDOrder(t *testing.T) {
	ctx := context.Background()
	// Replica A draws an ID and is slow to commit.
	s, eng, slow, slowID := beginLateArticle(t, "late-1", "Tardigrade survey finds record colony",
		"Researchers counted a record tardigrade colony on the ridge.")
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
