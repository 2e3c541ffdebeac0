package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// A feed over the per-feed item limit is ingested, not refused: its
// newest items are stored, and the summary says how many were left out
// and why. The oldest items come first in this feed, so keeping the
// first items would keep the wrong ones.
func TestIngestKeepsTheNewestItemsOfALongFeed(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	const extra = 5
	n := ingest.DefaultMaxItems + extra
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Long Wire</title>`)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		word := "current"
		if i < extra {
			word = "archived"
		}
		fmt.Fprintf(&b, "<item><guid>g%d</guid><title>Harbour %s notice %d</title><pubDate>%s</pubDate>"+
			"<description>The harbour %s notice number %d was issued by the port.</description></item>",
			i, word, i, start.Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z), word, i)
	}
	b.WriteString(`</channel></rss>`)
	feed := filepath.Join(dir, "long.xml")
	if err := os.WriteFile(feed, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	r := briefbot(t, dir, db, "ingest", feed)
	want := fmt.Sprintf("added %d, skipped 0 already stored (feed); left out its %d oldest items: the feed has %d, and briefbot keeps a feed's newest %d",
		ingest.DefaultMaxItems, extra, n, ingest.DefaultMaxItems)
	if r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Fatalf("ingest: %d\n%s%s\nwant %q", r.code, r.stdout, r.stderr, want)
	}
	if m := briefbot(t, dir, db, "match", "--json", "archived"); m.code != 0 || strings.Contains(m.stdout, `"id"`) {
		t.Fatalf("the oldest items were stored: %d\n%s%s", m.code, m.stdout, m.stderr)
	}
	if m := briefbot(t, dir, db, "match", "--json", "--limit", "1", fmt.Sprintf(`"notice %d"`, n-1)); m.code != 0 || !strings.Contains(m.stdout, fmt.Sprintf("notice %d", n-1)) {
		t.Fatalf("the newest item is missing: %d\n%s%s", m.code, m.stdout, m.stderr)
	}
}
