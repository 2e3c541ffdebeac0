package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A feed that gives two items one GUID stores the first: the second is
// the same article to briefbot. ingest used to count it as "already
// stored" on a first run, hiding that an item of the input was left out.
func TestIngestSaysWhenAnInputRepeatsAGUID(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	feed := filepath.Join(dir, "repeats.xml")
	item := func(guid, title string) string {
		return "<item><guid>" + guid + "</guid><title>" + title + "</title><description>" + title +
			" at the harbour, the port said on Monday.</description></item>"
	}
	doc := `<rss version="2.0"><channel><title>Courier</title>` + item("a", "Pilot boats get new engines") +
		item("b", "Dredging starts") + item("a", "Ferry timetable changes") + `</channel></rss>`
	if err := os.WriteFile(feed, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	first := briefbot(t, dir, db, "ingest", feed)
	if first.code != 0 || !strings.Contains(first.stdout, "added 2, skipped 0 already stored and 1 repeated in the input (feed)") {
		t.Fatalf("first ingest: %d\n%s%s", first.code, first.stdout, first.stderr)
	}
	again := briefbot(t, dir, db, "ingest", feed)
	if again.code != 0 || !strings.Contains(again.stdout, "added 0, skipped 2 already stored and 1 repeated in the input (feed)") {
		t.Fatalf("second ingest: %d\n%s%s", again.code, again.stdout, again.stderr)
	}
}
