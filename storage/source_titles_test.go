package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// A source read once keeps the title its last read gave; a polled
// source's own title comes first.
func TestSourceTitles(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		if _, _, err := s.SourceTitle(ctx, "quay.xml"); !errors.Is(err, briefing.ErrNotFound) {
			t.Fatalf("unknown source: %v", err)
		}
		if err := s.SetSourceTitle(ctx, "quay.xml", "Quay Times", "https://quay.example/", now); err != nil {
			t.Fatal(err)
		}
		// A later read without a home page renames and keeps the home page.
		if err := s.SetSourceTitle(ctx, "quay.xml", "The Quay Times", "", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if title, site, err := s.SourceTitle(ctx, "quay.xml"); err != nil || title != "The Quay Times" || site != "https://quay.example/" {
			t.Fatalf("got %q %q %v", title, site, err)
		}
		feed := "https://wire.example/rss"
		if err := s.SetSourceTitle(ctx, feed, "Read once", "", now); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.AddSource(ctx, sources.Source{URL: feed, Title: "Global Wire", SiteURL: "https://wire.example/"}); err != nil {
			t.Fatal(err)
		}
		if title, site, err := s.SourceTitle(ctx, feed); err != nil || title != "Global Wire" || site != "https://wire.example/" {
			t.Fatalf("polled: got %q %q %v", title, site, err)
		}
	})
}
