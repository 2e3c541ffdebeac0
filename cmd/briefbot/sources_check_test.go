package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const ferryPage = `<!doctype html><html><head><title>Ferry timetable</title></head><body><article>
<h1>Ferry adds an early sailing</h1>
<p>The island ferry adds an early sailing at 06:15 on weekdays from 21 March, the operator said on Monday.</p>
<p>The last evening crossing will leave half an hour later than in winter, at 21:30, to suit commuters.</p>
<p>Tickets bought for the winter timetable remain valid on every sailing until the end of April.</p>
</article></body></html>`

// Issue 18 item 8: `sources add` and `import` fetch each URL first, skip
// what does not fetch or parse (a 404) and add the rest; type="link"
// outlines add web pages, which export marks as type="link" inside their
// folder; `sources remove` deletes by id or URL.
func TestSourcesCheckLinkPagesAndRemove(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(harbourFeed(3))
	})
	mux.HandleFunc("/ferry.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(ferryPage))
	})
	srv := httptest.NewServer(mux) // anything else: 404
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")

	r := briefbot(t, dir, db, "sources", "add", srv.URL+"/missing.xml", srv.URL+"/feed.xml")
	if r.code != 1 || !strings.Contains(r.stderr, "missing.xml") || !strings.Contains(r.stderr, "404") ||
		!strings.Contains(r.stdout, "1 added, 0 already present, 1 failed") {
		t.Fatalf("add with a 404: %+v", r)
	}

	opml := fmt.Sprintf(`<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="Local"><outline text="Ports">
  <outline type="link" text="Ferry page" url="%[1]s/ferry.html"/>
  <outline type="rss" text="Gone" xmlUrl="%[1]s/gone.xml"/>
</outline></outline>
<outline type="rss" text="Harbour" xmlUrl="%[1]s/feed.xml"/>
</body></opml>`, srv.URL)
	file := filepath.Join(dir, "in.opml")
	if err := os.WriteFile(file, []byte(opml), 0o600); err != nil {
		t.Fatal(err)
	}
	r = briefbot(t, dir, db, "sources", "import", file)
	if r.code != 1 || !strings.Contains(r.stderr, "gone.xml") || !strings.Contains(r.stdout, "1 added, 1 already present, 1 failed") {
		t.Fatalf("import: %+v", r)
	}
	out := briefbot(t, dir, db, "sources", "export")
	for _, want := range []string{`<outline text="Local" title="Local">`, `<outline text="Ports" title="Ports">`,
		`type="link"`, `url="` + srv.URL + `/ferry.html"`, `type="rss"`, `xmlUrl="` + srv.URL + `/feed.xml"`} {
		if !strings.Contains(out.stdout, want) {
			t.Errorf("export lacks %s:\n%s", want, out.stdout)
		}
	}
	if strings.Contains(out.stdout, `xmlUrl="`+srv.URL+`/ferry.html"`) {
		t.Errorf("the web page is exported as a feed:\n%s", out.stdout)
	}

	if r := briefbot(t, dir, db, "sources", "remove", "#1", srv.URL+"/ferry.html"); r.code != 0 || strings.Count(r.stdout, "removed") != 2 {
		t.Fatalf("remove: %+v", r)
	}
	if r := briefbot(t, dir, db, "sources", "remove", "42"); r.code != 1 || !strings.Contains(r.stderr, "no source #42") {
		t.Fatalf("remove of an unknown id: %+v", r)
	}
	if r := briefbot(t, dir, db, "sources", "list"); !strings.Contains(r.stdout, "No sources yet") {
		t.Fatalf("after removing both: %+v", r)
	}
}
