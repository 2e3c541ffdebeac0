package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `briefbot match` prints stored titles into a terminal table: a
// right-to-left override in an article's title (kept in storage; chat
// replies turn it into a space) would reorder the rest of its row.
func TestMatchTableHasNoBidiControls(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "bidi.db")
	feed := filepath.Join(dir, "lamp.json")
	if err := os.WriteFile(feed, []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"Lamp Weekly","items":[`+
		`{"id":"1","url":"https://lamp.example/1","title":"Lighthouse keeper retires \u202egnp.exe\u202c after forty years",`+
		`"content_text":"The lighthouse keeper retired on Friday after forty years. The light will be run remotely."}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := briefbot(t, dir, db, "ingest", feed); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	r := briefbot(t, dir, db, "match", "lighthouse")
	if r.code != 0 || !strings.Contains(r.stdout, "Lighthouse keeper retires  gnp.exe  after forty years") ||
		strings.ContainsAny(r.stdout, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
		t.Errorf("match: want the title with spaces for its bidirectional controls:\n%q", r.stdout)
	}
}
