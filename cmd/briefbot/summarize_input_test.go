package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 18 item 9: summarize refuses what ingest refuses, with the same
// message and exit 1, and summarises a page's article text, never its
// markup.
func TestSummarizeRefusesWhatIngestRefuses(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	for _, in := range []string{abs("testdata/binary.png"), abs("testdata/empty.txt"), abs("testdata/malformed.xml")} {
		ing := briefbot(t, dir, db, "ingest", in)
		sum := briefbot(t, dir, db, "summarize", in)
		msg := strings.TrimPrefix(strings.TrimSpace(ing.stderr), "briefbot ingest: ")
		msg = strings.SplitN(msg, "\n", 2)[0]
		if ing.code == 0 || sum.code != 1 || sum.stdout != "" || !strings.Contains(sum.stderr, msg) {
			t.Errorf("%s: ingest %d %q; summarize %d %q %q", filepath.Base(in), ing.code, ing.stderr, sum.code, sum.stdout, sum.stderr)
		}
	}
	feed := briefbot(t, dir, db, "summarize", abs("../../examples/feeds/harbour-gazette.xml"))
	if feed.code != 1 || !strings.Contains(feed.stderr, "a feed of 4 items") || strings.Contains(feed.stdout, "<") {
		t.Errorf("summarize of a feed: %+v", feed)
	}
	page := filepath.Join(dir, "page.html")
	html := `<!doctype html><html><head><title>Ferry news</title><style>p{color:red}</style></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Ferry adds an early sailing</h1>
<p>The island ferry adds an early sailing at 06:15 on weekdays from 21 March, the operator said on Monday.</p>
<p>The last evening crossing will leave half an hour later than in winter, at 21:30, to suit commuters.</p>
<p>Tickets bought for the winter timetable remain valid on every sailing until the end of April.</p>
</article><footer>© Gazette</footer></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o600); err != nil {
		t.Fatal(err)
	}
	r := briefbot(t, dir, db, "summarize", "--sentences", "2", page)
	if r.code != 0 || strings.ContainsAny(r.stdout, "<>") || !strings.Contains(r.stdout, "sailing") || strings.Contains(r.stdout, "color:red") {
		t.Errorf("summarize of a page: %+v", r)
	}
}
