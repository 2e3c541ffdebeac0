package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefing"
)

// runOnFeed is an RSS feed of n articles whose text is one run-on of
// about size bytes: words and commas, never a full stop.
func runOnFeed(n, size int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Dredge Log</title><link>https://dredge.example/</link>`)
	crafts := []string{"barge", "tugboat", "crane", "pilot launch", "hopper", "survey skiff"}
	cargo := []string{"silt", "gravel", "clay", "sand", "shingle", "mud"}
	for i := range n {
		fmt.Fprintf(&b, `<item><guid>run-%d</guid><title>Harbour dredging log %d</title><link>https://dredge.example/log/%d</link>`+
			`<pubDate>Mon, %02d Nov 2026 08:00:00 +0000</pubDate><description>`, i, i, i, i+2)
		for w := 0; b.Len() < (i+1)*(size+400); w++ {
			fmt.Fprintf(&b, "the dredging %s %d moved %s from berth %d, ", crafts[i%len(crafts)], w, cargo[i%len(cargo)], w%40+40*i)
		}
		b.WriteString(`</description></item>`)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// Articles whose text never ends a sentence, served by a real feed
// server: every summary line a briefing shows is cut to
// briefing.MaxSummaryRunes, in the JSON API and on the stored web page.
// Each line was the whole 200 KB text, and each /brief stored a page of
// them (any user can ask one; pages are kept for weeks).
func TestRunOnArticleSummariesAreBounded(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "runon.db")
	feed := runOnFeed(4, 150<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, feed)
	}))
	t.Cleanup(srv.Close)
	if r := briefbot(t, dir, db, "ingest", srv.URL+"/dredge.xml"); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	s := startWebServe(t, dir, db)

	b := apiBrief(t, s.base, "dredging")
	if len(b.Items) != 4 {
		t.Fatalf("API brief has %d stories, want 4", len(b.Items))
	}
	for _, it := range b.Items {
		if len(it.Summary) == 0 {
			t.Errorf("story %q has no summary", it.Title)
		}
		for _, line := range it.Summary {
			if n := utf8.RuneCountInString(line); n > briefing.MaxSummaryRunes || !strings.HasSuffix(line, "…") {
				t.Errorf("story %q: a summary line of %d characters (want at most %d, ending in …)", it.Title, n, briefing.MaxSummaryRunes)
			}
		}
	}

	resp, err := http.Get(s.permalink(t, "dredging"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("page: %d %v", resp.StatusCode, err)
	}
	if !strings.Contains(string(page), "the dredging barge 0 moved silt") {
		t.Errorf("the page lacks the stories' summaries:\n%.2000s", page)
	}
	if limit := 64 << 10; len(page) > limit {
		t.Errorf("the page of 4 stories is %d KB, want under %d KB", len(page)>>10, limit>>10)
	}
}
