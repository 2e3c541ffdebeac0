package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// ingestArticles writes n hand-made articles of source src: a few themes
// so that topics match some and not others.
func ingestArticles(src string, from, n int) []briefing.Article {
	themes := []struct{ title, text string }{
		{"Harbour bridge reopens after repairs", "The harbour bridge reopened on Monday after repairs to its cables (HBR)."},
		{"Wheat prices climb on dry weather", "Wheat futures rose as dry weather hurt the crop in the plains.\n\nTraders expect counter-offers."},
		{"Council approves new cycling lanes", "The city council approved cycling lanes on three avenues; work starts in spring."},
		{"Central bank holds interest rates", "The central bank held interest rates steady and said inflation was easing."},
	}
	out := make([]briefing.Article, n)
	for i := range n {
		th := themes[(from+i)%len(themes)]
		out[i] = briefing.Article{Source: src, GUID: fmt.Sprintf("%s-%d", src, from+i),
			Title:     fmt.Sprintf("%s (%d)", th.title, from+i),
			Text:      fmt.Sprintf("%s Report number %d.", th.text, from+i),
			Published: time.Date(2026, 11, 1+(from+i)%28, 9, 0, 0, 0, time.UTC), Tags: []string{"news"}}
	}
	return out
}

// Issue 20: Ingest indexes the articles it stored without reading them
// back, and reads back only when another writer stored articles in
// between. Either way its index answers exactly as one built by reading
// the store (a fresh engine's Sync), on both dialects.
func TestIngestIndexesAsASyncFromTheStoreWould(t *testing.T) {
	for name, url := range map[string]string{"sqlite": storagetest.SQLiteURL(t), "postgres": storagetest.PostgresURL(t)} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := storagetest.Open(t, url)
			eng := briefing.NewEngine(s, briefing.Config{})
			next := 0
			for round := range 6 {
				if _, err := eng.Ingest(ctx, ingestArticles("wire-a", next, 25)); err != nil {
					t.Fatal(err)
				}
				next += 25
				if round%2 == 1 { // another writer, between this engine's batches
					if _, err := s.SaveArticles(ctx, ingestArticles("wire-b", next, 10)); err != nil {
						t.Fatal(err)
					}
					next += 10
				}
			}
			// A batch repeating stored articles adds only the new ones.
			repeat := append(ingestArticles("wire-a", 0, 25), ingestArticles("wire-d", 0, 5)...)
			if r, err := eng.Ingest(ctx, repeat); err != nil || r.Skipped != 25 || len(r.Added) != 5 {
				t.Fatalf("repeat batch: %+v, %v", r, err)
			}
			fresh := briefing.NewEngine(s, briefing.Config{})
			if err := fresh.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			if want := 6*25 + 3*10 + 5; eng.Indexed() != want || fresh.Indexed() != want {
				t.Fatalf("indexed %d by Ingest, %d by Sync, want %d", eng.Indexed(), fresh.Indexed(), want)
			}
			for _, topic := range []string{"harbour bridge", "wheat", "cycling lanes", "interest rates", "HBR", "offers", "report"} {
				got, err := eng.Match(ctx, topic, briefing.MatchOptions{})
				if err != nil {
					t.Fatal(err)
				}
				want, err := fresh.Match(ctx, topic, briefing.MatchOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if len(want) == 0 || !slices.EqualFunc(got, want, func(a, b briefing.Match) bool {
					return a.ArticleID == b.ArticleID && a.Score == b.Score
				}) {
					t.Errorf("%q: Ingest's index answers %v, Sync's %v", topic, got, want)
				}
			}
		})
	}
}

// Issue 20: Ingest looks for articles other writers committed late at most
// every SyncEvery, not on every call; once that much time has passed since
// it last looked, the next Ingest finds them.
func TestIngestFindsLateCommitOnceSyncEveryHasPassed(t *testing.T) {
	ctx := context.Background()
	url := storagetest.PostgresURL(t)
	s := storagetest.Open(t, url)
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	eng := briefing.NewEngine(s, briefing.Config{SyncEvery: time.Minute, Now: func() time.Time { return now }})
	if _, err := eng.Ingest(ctx, ingestArticles("wire-a", 0, 4)); err != nil {
		t.Fatal(err)
	}
	slowID, commit := beginSlowArticle(t, url, "late-ingest", "Axolotl census counts record numbers")
	if _, err := eng.Ingest(ctx, ingestArticles("wire-a", 4, 4)); err != nil {
		t.Fatal(err)
	}
	commit()
	now = now.Add(time.Minute)
	if _, err := eng.Ingest(ctx, ingestArticles("wire-a", 8, 4)); err != nil {
		t.Fatal(err)
	}
	if eng.Indexed() != 13 {
		t.Fatalf("indexed %d, want 13 (the late article included)", eng.Indexed())
	}
	ms, err := eng.Match(ctx, "axolotl", briefing.MatchOptions{})
	if err != nil || len(ms) != 1 || ms[0].ArticleID != slowID {
		t.Fatalf("the late article is missing: %v, %v", ms, err)
	}
}

// beginSlowArticle inserts an article in a PostgreSQL transaction left
// open: it has drawn its ID, and commits when commit is called.
func beginSlowArticle(t *testing.T, url, key, title string) (int64, func()) {
	t.Helper()
	ctx := context.Background()
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
	var id int64
	err = slow.QueryRowContext(ctx, `INSERT INTO articles (source, item_key, guid, url, title, author, fetched_at, tags, body,
		fragment, content_hash, backfill) VALUES ('wire-c', $1, $1, '', $2, '', $3, '[]', $2, false, 'h-' || $1, false) RETURNING id`,
		key, title, time.Now().UTC()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id, func() {
		if err := slow.Commit(); err != nil {
			t.Fatal(err)
		}
	}
}
