package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// spanArticles are articles from to to-1; article i says "velvetfern"
// when i is in marked.
func spanArticles(from, to int, marked ...int) []briefing.Article {
	var arts []briefing.Article
	for i := from; i < to; i++ {
		a := briefing.Article{Source: "wire", GUID: fmt.Sprintf("g%d", i), Title: fmt.Sprintf("Harbour report %d", i),
			Text:      fmt.Sprintf("The harbour master filed report %d on berth %d and crane %d today.", i, i%40, i%17),
			Published: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute), Fetched: time.Now()}
		for _, m := range marked {
			if i == m {
				a.Text = "Walkers found velvetfern growing beside the harbour wall."
			}
		}
		arts = append(arts, a)
	}
	return arts
}

// rawDB opens the test database with database/sql, as an operator's
// sqlite3 or psql session would reach it: no briefbot code in between.
func rawDB(t *testing.T, url string) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", url+"?_pragma=busy_timeout(10000)"
	if strings.HasPrefix(url, "postgres") {
		driver, dsn = "pgx", url
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustSave(t *testing.T, s *storage.Store, arts []briefing.Article) {
	t.Helper()
	added, err := s.SaveArticles(context.Background(), arts)
	if err != nil || len(added) != len(arts) {
		t.Fatalf("save: %d of %d added, %v", len(added), len(arts), err)
	}
}

// syncedIndex builds an engine's index from the store and saves it.
func syncedIndex(t *testing.T, s *storage.Store) (*briefing.Engine, []byte) {
	t.Helper()
	eng := briefing.NewEngine(s, briefing.Config{})
	if err := eng.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	var snap bytes.Buffer
	if _, err := eng.SaveIndex(context.Background(), &snap); err != nil {
		t.Fatal(err)
	}
	return eng, snap.Bytes()
}

func checksum(t *testing.T, s *storage.Store, through int64) string {
	t.Helper()
	sum, err := s.ContentChecksum(context.Background(), through)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// matches returns the IDs /match finds for query.
func matches(t *testing.T, eng *briefing.Engine, query string) []int64 {
	t.Helper()
	ms, err := eng.Match(context.Background(), query, briefing.MatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.ArticleID)
	}
	return ids
}

// Issue 20: the index file's identity comes from span counters the
// database's triggers keep, not from reading every article. An edit made
// outside briefbot (raw SQL, as from sqlite3 or psql), in a whole span
// below the newest or in the newest, changes it, so the index file is
// refused and a rebuild answers from the edited articles; an article
// appended after the index file leaves it as it was, and the loaded index
// catches up without a rebuild.
func TestIndexFileRefusedAfterEditsOutsideBriefbot(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		raw := rawDB(t, url)
		// IDs 1-1500: span 0 (IDs below 1,024) is whole, span 1 holds
		// the newest.
		mustSave(t, s, spanArticles(0, 1500))
		eng, snap := syncedIndex(t, s)
		through := eng.IndexedThrough()
		if through != 1500 {
			t.Fatalf("through %d, want 1500", through)
		}
		before := checksum(t, s, through)

		// Appended: the same identity; loaded, then synced on.
		mustSave(t, s, spanArticles(1500, 1510, 1505))
		if checksum(t, s, through) != before {
			t.Fatal("an article appended after through changed the checksum")
		}
		loaded := briefing.NewEngine(s, briefing.Config{})
		if n, err := loaded.LoadIndex(ctx, bytes.NewReader(snap)); err != nil || n != 1500 {
			t.Fatalf("LoadIndex after an append = %d, %v", n, err)
		}
		if got := matches(t, loaded, "velvetfern"); len(got) != 1 || got[0] != 1506 {
			t.Fatalf("velvetfern after catching up: %v, want [1506]", got)
		}
		_, snap = syncedIndex(t, s)
		through = 1510

		edits := []struct {
			name, sql string
			want      []int64 // what /match velvetfern finds after the rebuild
		}{
			{"content of a whole span", "UPDATE articles SET body = 'Velvetfern covers the old quay.', content_hash = 'edited' WHERE id = 10", []int64{10, 1506}},
			{"title only, newest span", "UPDATE articles SET title = 'Velvetfern notes' WHERE id = 1200", []int64{10, 1200, 1506}},
			{"deleted, whole span", "DELETE FROM articles WHERE id = 10", []int64{1200, 1506}},
			{"deleted, newest span", "DELETE FROM articles WHERE id = 1506", []int64{1200}},
		}
		for _, e := range edits {
			was := checksum(t, s, through)
			if _, err := raw.ExecContext(ctx, e.sql); err != nil {
				t.Fatalf("%s: %v", e.name, err)
			}
			if checksum(t, s, through) == was {
				t.Errorf("%s: the checksum did not change", e.name)
			}
			if _, err := briefing.NewEngine(s, briefing.Config{}).LoadIndex(ctx, bytes.NewReader(snap)); err == nil {
				t.Errorf("%s: the index file from before was loaded", e.name)
			}
			var rebuilt *briefing.Engine
			rebuilt, snap = syncedIndex(t, s)
			got := matches(t, rebuilt, "velvetfern")
			if fmt.Sprint(slices.Sorted(slices.Values(got))) != fmt.Sprint(e.want) {
				t.Errorf("%s: velvetfern after the rebuild: %v, want %v", e.name, got, e.want)
			}
			if n, err := briefing.NewEngine(s, briefing.Config{}).LoadIndex(ctx, bytes.NewReader(snap)); err != nil || n != rebuilt.Indexed() {
				t.Errorf("%s: the rebuilt index file = %d, %v", e.name, n, err)
			}
		}

		// A foreign database with the same articles up to there.
		other := storagetest.Open(t, strings.Replace(url, ".db", "-other.db", 1))
		if strings.HasPrefix(url, "postgres") {
			other = storagetest.Open(t, storagetest.PostgresURL(t))
		}
		mustSave(t, other, spanArticles(0, 1510, 1505))
		if _, err := briefing.NewEngine(other, briefing.Config{}).LoadIndex(ctx, bytes.NewReader(snap)); err == nil {
			t.Error("another database's index file was loaded")
		}
	})
}

// An article that commits late below the index's highest ID (PostgreSQL
// draws IDs in one order and commits in another) changes the identity,
// whether it lands in a whole span (counted by the trigger) or in the
// newest one (read row by row). The open transaction and the later
// inserts write the same span at once: this also shows that the span
// counters make neither wait for the other.
func TestSpanChecksumSeesLateCommits(t *testing.T) {
	for _, newer := range []int{5, 1100} {
		t.Run(fmt.Sprintf("%d newer", newer), func(t *testing.T) {
			ctx := context.Background()
			s, eng, slow, slowID := beginLateArticle(t, "late-span", "Velvetfern survey", "Walkers found velvetfern by the quay.")
			mustSave(t, s, spanArticles(0, newer))
			if err := eng.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			through := eng.IndexedThrough()
			wholeSpan := newer > 1024 // the late article's span is below through's
			if slowID >= through || (slowID>>10 < through>>10) != wholeSpan {
				t.Fatalf("slow ID %d, through %d: not the case meant", slowID, through)
			}
			var snap bytes.Buffer
			if _, err := eng.SaveIndex(ctx, &snap); err != nil {
				t.Fatal(err)
			}
			before := checksum(t, s, through)
			if err := slow.Commit(); err != nil {
				t.Fatal(err)
			}
			if checksum(t, s, through) == before {
				t.Error("the late commit did not change the checksum")
			}
			loaded := briefing.NewEngine(s, briefing.Config{})
			if _, err := loaded.LoadIndex(ctx, &snap); err == nil {
				t.Error("the index file saved before the late commit was loaded")
			}
			if got := matches(t, loaded, "velvetfern"); len(got) != 1 || got[0] != slowID {
				t.Errorf("velvetfern: %v, want [%d]", got, slowID)
			}
		})
	}
}

// spanState reads the span counters as the identity sums them.
func spanState(t *testing.T, url string) string {
	t.Helper()
	rows, err := rawDB(t, url).Query("SELECT span, SUM(inserted), SUM(changed) FROM article_spans GROUP BY span ORDER BY span")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var span, ins, chg int64
		if err := rows.Scan(&span, &ins, &chg); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d:%d:%d ", span, ins, chg)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Migration 00016 on a database that already holds articles fills the
// span counters as its triggers would have, had they been there when the
// articles were stored; the triggers then keep them.
func TestArticleSpansBackfillMatchesTriggers(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		otherURL := strings.Replace(url, ".db", "-triggers.db", 1)
		if strings.HasPrefix(url, "postgres") {
			otherURL = storagetest.PostgresURL(t)
		}
		upgraded := storagetest.Open(t, url)
		// Saved by this version, then taken back to 15 (today's INSERT
		// names later columns): the articles are there before 16 runs.
		arts := spanArticles(0, 2100)
		mustSave(t, upgraded, arts)
		if err := storage.MigrateTo(ctx, upgraded, 15); err != nil {
			t.Fatal(err)
		}
		if err := storage.MigrateTo(ctx, upgraded, 16); err != nil {
			t.Fatal(err)
		}
		triggered := storagetest.Open(t, otherURL)
		mustSave(t, triggered, arts)

		want := spanState(t, otherURL)
		if got := spanState(t, url); got != want || want != "0:1023:0 1:1024:0 2:53:0 " {
			t.Fatalf("after the backfill: %q, from the triggers: %q", got, want)
		}
		for _, through := range []int64{0, 700, 1023, 1024, 2100} {
			if a, b := checksum(t, upgraded, through), checksum(t, triggered, through); a != b {
				t.Errorf("checksum through %d: %s after the backfill, %s from the triggers", through, a, b)
			}
		}
		for _, db := range []*sql.DB{rawDB(t, url), rawDB(t, otherURL)} {
			if _, err := db.ExecContext(ctx, "DELETE FROM articles WHERE id IN (5, 1500)"); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := spanState(t, url), spanState(t, otherURL); got != want || want != "0:1023:1 1:1024:1 2:53:0 " {
			t.Errorf("after deleting: %q on the upgraded database, %q on the other", got, want)
		}
	})
}
