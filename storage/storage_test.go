package storage_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// backends runs the contract suite on every supported database.
func backends(t *testing.T, fn func(t *testing.T, url string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, storagetest.SQLiteURL(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, storagetest.PostgresURL(t)) })
}

func article(src, guid, title string) briefing.Article {
	return briefing.Article{Source: src, GUID: guid, Title: title, Text: title + " happened today.",
		Published: time.Date(2019, 8, 23, 0, 0, 0, 0, time.UTC), Fetched: time.Now(), Tags: []string{"a", "b"}}
}

func TestArticles(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		in := []briefing.Article{article("feed1", "g1", "One"), article("feed1", "g2", "Two"), article("feed2", "g1", "Other source")}
		added, err := s.SaveArticles(ctx, in)
		if err != nil || len(added) != 3 {
			t.Fatalf("first save: %d %v", len(added), err)
		}
		for i, a := range added {
			if a.ID == 0 || a.Title != in[i].Title {
				t.Errorf("added[%d] = %+v", i, a)
			}
		}
		again, err := s.SaveArticles(ctx, append(in, article("feed1", "g3", "Three")))
		if err != nil || len(again) != 1 || again[0].Title != "Three" {
			t.Fatalf("second save added %+v, %v; want only Three", again, err)
		}
		got, err := s.Articles(ctx, []int64{added[1].ID, added[0].ID, 99999})
		if err != nil || len(got) != 2 || got[0].Title != "Two" || got[1].Title != "One" {
			t.Fatalf("Articles = %+v, %v", got, err)
		}
		if !got[0].Published.Equal(in[1].Published) || len(got[0].Tags) != 2 || got[0].Source != "feed1" {
			t.Errorf("round trip lost fields: %+v", got[0])
		}
		// more IDs than one statement may bind (SQLite: 32,766), as
		// `match` asks for a broad topic on a large corpus
		many := make([]int64, 0, 40_000)
		for i := range int64(40_000) {
			many = append(many, 1_000_000+i)
		}
		many = append(many, added[2].ID)
		many = append(many[:20_000:20_000], append([]int64{added[0].ID}, many[20_000:]...)...)
		if got, err := s.Articles(ctx, many); err != nil || len(got) != 2 || got[0].Title != "One" || got[1].Title != "Other source" {
			t.Fatalf("Articles of 40,002 IDs = %d articles, %v; want One, Other source", len(got), err)
		}
		var scanned []string
		err = s.ScanArticles(ctx, added[0].ID, 2, func(b []briefing.Article) error {
			for _, a := range b {
				scanned = append(scanned, a.Title)
			}
			return nil
		})
		if err != nil || strings.Join(scanned, ",") != "Two,Other source,Three" {
			t.Fatalf("scan = %v, %v", scanned, err)
		}
		if n, err := s.CountArticles(ctx); err != nil || n != 4 {
			t.Fatalf("count = %d, %v", n, err)
		}
		if n, err := s.CountArticlesThrough(ctx, added[1].ID); err != nil || n != 2 {
			t.Fatalf("count through the second = %d, %v; want 2", n, err)
		}
		if ids, err := s.ArticleIDs(ctx, added[0].ID, added[1].ID); err != nil || len(ids) != 1 || ids[0] != added[1].ID {
			t.Fatalf("ArticleIDs(first, second] = %v, %v; want just the second", ids, err)
		}
	})
}

func TestArticleKeyFallbacks(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		byURL := briefing.Article{Source: "s", URL: "https://example.com/a", Title: "T", Text: "x"}
		byHash := briefing.Article{Source: "s", Title: "T", Text: "same text"}
		long := briefing.Article{Source: "s", URL: "https://example.com/" + strings.Repeat("x", 5000), Title: "L", Text: "y"}
		for round := 0; round < 2; round++ {
			added, err := s.SaveArticles(ctx, []briefing.Article{byURL, byHash, long})
			if err != nil {
				t.Fatal(err)
			}
			if want := []int{3, 0}[round]; len(added) != want {
				t.Fatalf("round %d added %d, want %d", round, len(added), want)
			}
		}
		edited := byURL
		edited.Text = "edited" // same URL: same article
		if added, _ := s.SaveArticles(ctx, []briefing.Article{edited}); len(added) != 0 {
			t.Fatal("same URL stored twice")
		}
	})
}

func TestConcurrentSaveStoresOnce(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				added, err := s.SaveArticles(ctx, []briefing.Article{article("f", "same", "Same"), article("f", "same2", "Same2")})
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				total += len(added)
				mu.Unlock()
			}()
		}
		wg.Wait()
		if total != 2 {
			t.Fatalf("concurrent writers added %d, want 2", total)
		}
	})
}

func TestWatches(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := briefing.Channel{Platform: "console", ID: "A"}
		b := briefing.Channel{Platform: "console", ID: "B"}
		s := storagetest.Open(t, url)
		if ok, err := s.AddWatch(ctx, briefing.Watch{Channel: a, Topic: "  GSOMIA "}); !ok || err != nil {
			t.Fatalf("add: %v %v", ok, err)
		}
		if ok, _ := s.AddWatch(ctx, briefing.Watch{Channel: a, Topic: "gsomia"}); ok {
			t.Fatal("duplicate watch added")
		}
		s.Close()

		s = storagetest.Open(t, url) // a new process sees the same watches
		ws, err := s.Watches(ctx, a)
		if err != nil || len(ws) != 1 || ws[0].Topic != "gsomia" {
			t.Fatalf("watches A = %+v, %v", ws, err)
		}
		if ws, _ := s.Watches(ctx, b); len(ws) != 0 {
			t.Fatalf("channel B sees A's watches: %+v", ws)
		}
		if ok, _ := s.RemoveWatch(ctx, a, "Gsomia"); !ok {
			t.Fatal("remove failed")
		}
		if ok, _ := s.RemoveWatch(ctx, a, "gsomia"); ok {
			t.Fatal("removed twice")
		}
	})
}

func TestOpenErrorsRedactPassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := storage.Open(ctx, "postgres://bob:s3cretpw@127.0.0.1:1/db?sslmode=disable&connect_timeout=2", storage.Options{})
	if err == nil {
		t.Fatal("expected an error for an unreachable database")
	}
	if strings.Contains(err.Error(), "s3cretpw") {
		t.Fatalf("password leaked: %v", err)
	}
	if !strings.Contains(err.Error(), "cannot reach database") && !errors.Is(err, context.DeadlineExceeded) {
		t.Logf("error: %v", err)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:pw@h/db":               "postgres://u:xxxxx@h/db",
		"host=h user=u password=pw dbname=d": "host=h user=u password=xxxxx dbname=d",
		"briefbot.db":                        "briefbot.db",
	} {
		if got := storage.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJudgments(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		a := briefing.Channel{Platform: "slack", ID: "C1"}
		b := briefing.Channel{Platform: "slack", ID: "C2"}
		for _, j := range []briefing.Judgment{{ArticleID: 7, Up: true}, {ArticleID: 9, Up: false}} {
			if err := s.Judge(ctx, a, "Crude  Oil", j, "U1"); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Judge(ctx, a, "crude oil", briefing.Judgment{ArticleID: 7, Up: false}, "U2"); err != nil {
			t.Fatal(err) // a later verdict replaces the earlier one
		}
		got, err := s.Judgments(ctx, a, "CRUDE OIL")
		if err != nil || len(got) != 2 {
			t.Fatalf("judgments: %+v %v", got, err)
		}
		for _, j := range got {
			if j.Up {
				t.Errorf("article %d still up after being judged down", j.ArticleID)
			}
		}
		if other, err := s.Judgments(ctx, b, "crude oil"); err != nil || len(other) != 0 {
			t.Errorf("another channel sees %+v, %v", other, err)
		}
		if other, err := s.Judgments(ctx, a, "wheat"); err != nil || len(other) != 0 {
			t.Errorf("another topic sees %+v, %v", other, err)
		}
	})
}
