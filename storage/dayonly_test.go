package storage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// An article keeps whether its date is a day without a time of day
// (briefing.Article.DayOnly), so that a source's real 00:00 UTC reads
// back as a time. Rows stored before migration 00020 recorded it (NULL)
// read as they always did: a day when the time is midnight UTC.
func TestArticleDayOnlyStoredAndOlderRowsReadAsBefore(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		if err := storage.MigrateTo(ctx, s, 18); err != nil {
			t.Fatal(err)
		}
		midnight, morning := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)
		db := rawDB(t, url)
		q := "INSERT INTO articles (source, item_key, title, body, published_at, fetched_at, content_hash) VALUES (?, ?, ?, 'x', ?, ?, ?)"
		if strings.HasPrefix(url, "postgres") {
			q = "INSERT INTO articles (source, item_key, title, body, published_at, fetched_at, content_hash) VALUES ($1, $2, $3, 'x', $4, $5, $6)"
		}
		for key, at := range map[string]time.Time{"old-midnight": midnight, "old-morning": morning} {
			if _, err := db.ExecContext(ctx, q, "feed", key, key, at, morning, key); err != nil {
				t.Fatal(err)
			}
		}
		if err := storage.MigrateTo(ctx, s, 20); err != nil {
			t.Fatal(err)
		}
		arts := []briefing.Article{
			{Source: "feed", GUID: "new-day", Title: "new-day", Text: "x", Published: midnight, DayOnly: true, Fetched: morning},
			{Source: "feed", GUID: "new-midnight", Title: "new-midnight", Text: "x", Published: midnight, Fetched: morning},
			{Source: "feed", GUID: "new-morning", Title: "new-morning", Text: "x", Published: morning, Fetched: morning},
			{Source: "feed", GUID: "new-undated", Title: "new-undated", Text: "x", Fetched: morning},
		}
		if _, err := s.SaveArticles(ctx, arts); err != nil {
			t.Fatal(err)
		}
		ids := make([]int64, 6)
		for i := range ids {
			ids[i] = int64(i + 1)
		}
		got, err := s.Articles(ctx, ids)
		if err != nil || len(got) != 6 {
			t.Fatalf("articles: %d, %v", len(got), err)
		}
		want := map[string]bool{"old-midnight": true, "old-morning": false, "new-day": true, "new-midnight": false,
			"new-morning": false, "new-undated": false}
		for _, a := range got {
			if a.DayOnly != want[a.Title] {
				t.Errorf("%s (%v): day only %v, want %v", a.Title, a.Published, a.DayOnly, want[a.Title])
			}
		}
	})
}
