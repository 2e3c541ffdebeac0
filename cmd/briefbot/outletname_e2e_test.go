package main

import (
	"encoding/json"
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

// hostileTitleFeed is a JSON Feed of n stories whose title is escape
// sequences (a hidden terminal hyperlink, a colour, a bell) followed by
// about size bytes of words.
func hostileTitleFeed(n, size int) string {
	type item struct {
		ID    string `json:"id"`
		URL   string `json:"url"`
		Title string `json:"title"`
		Text  string `json:"content_text"`
	}
	feed := struct {
		Version string `json:"version"`
		Title   string `json:"title"`
		Home    string `json:"home_page_url"`
		Items   []item `json:"items"`
	}{Version: "https://jsonfeed.org/version/1.1", Home: "https://quay.example/",
		Title: "Quay \x1b]8;;https://evil.example\x07Wire\x1b]8;;\x07 \x1b[31mNews " + strings.Repeat("Harbour ", size/8)}
	for i := range n {
		feed.Items = append(feed.Items, item{ID: fmt.Sprint("q", i), URL: fmt.Sprint("https://quay.example/", i),
			Title: fmt.Sprintf("Ferry tariffs, report %d", i),
			Text:  fmt.Sprintf("Ferry tariffs rose on pier %d. Commuters on route %d said the tariffs were too high.", i, i)})
	}
	b, _ := json.Marshal(feed)
	return string(b)
}

// A feed whose title is 2 MB of text after escape sequences, from a real
// feed server: the outlet name briefings and /source list show is one
// clean line of at most briefing.MaxSourceNameRunes. Every story carries
// its outlet's name, so a 20-story /brief answer was 80 MB of JSON (and
// each stored web page as large), and the operator's terminal got the
// escape sequences.
func TestHostileFeedTitleIsBoundedAndClean(t *testing.T) {
	feed := hostileTitleFeed(20, 2<<20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/feed+json")
		io.WriteString(w, feed)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	db := filepath.Join(dir, "quay.db")
	env := []string{"BRIEFBOT_ALLOW_PRIVATE_SOURCES=true"}
	if r := briefbotWith(t, dir, db, env, "sources", "add", srv.URL+"/quay.xml"); r.code != 0 {
		t.Fatalf("sources add: %+v", r)
	}
	list := briefbotWith(t, dir, db, env, "sources", "list")
	if list.code != 0 || strings.ContainsAny(list.stdout, "\x1b\x07") || len(list.stdout) > 2000 ||
		!strings.Contains(list.stdout, "Quay ]8;;https://evil.example Wire ]8;; [31mNews Harbour Harbour") {
		t.Errorf("sources list: want the title as one clean, bounded line; got %d bytes:\n%.600q", len(list.stdout), list.stdout)
	}

	if r := briefbot(t, dir, db, "ingest", srv.URL+"/quay.xml"); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	r := briefbot(t, dir, db, "ask", "--json", "/brief ferry tariffs limit 20")
	if r.code != 0 {
		t.Fatalf("ask: %.500s", r.stderr)
	}
	var b briefing.Briefing
	if err := json.Unmarshal([]byte(r.stdout), &b); err != nil || len(b.Items) == 0 {
		t.Fatalf("ask --json: %v, %d stories (%d bytes)", err, len(b.Items), len(r.stdout))
	}
	for _, it := range b.Items {
		if n := utf8.RuneCountInString(it.SourceName); n > briefing.MaxSourceNameRunes || n == 0 || strings.ContainsAny(it.SourceName, "\x1b\x07") {
			t.Fatalf("story %q: outlet name of %d characters (want 1 to %d, no control characters): %.100q",
				it.Title, n, briefing.MaxSourceNameRunes, it.SourceName)
		}
	}
	if limit := 200 << 10; len(r.stdout) > limit {
		t.Errorf("the /brief answer is %d KB, want under %d KB", len(r.stdout)>>10, limit>>10)
	}
}
