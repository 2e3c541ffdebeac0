package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 17 finding 10, end to end with the binary: article links that are
// not http or https (script, data, local files) never come back from
// ask --json (the API's JSON) or the chat text; the stories still do.
func TestOnlyHTTPLinksLeaveTheProcess(t *testing.T) {
	dir := t.TempDir()
	links := []string{"javascript:alert(document.cookie)", " JavaScript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
		"vbscript:msgbox(1)", "file:///etc/passwd", "https://ok.example/lighthouse-5"}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Watch</title><link>https://ok.example/</link>`)
	for i, l := range links {
		b.WriteString(`<item><guid>urn:coast:` + string(rune('a'+i)) + `</guid><title>Lighthouse keeper log ` + string(rune('0'+i)) +
			`</title><link>` + strings.ReplaceAll(l, "&", "&amp;") + `</link><pubDate>Mon, 02 Nov 2026 0` + string(rune('0'+i)) +
			`:00:00 +0000</pubDate><description>The lighthouse keeper wrote entry ` + string(rune('0'+i)) +
			` about fog over the northern reef and a late ferry.</description></item>`)
	}
	b.WriteString(`</channel></rss>`)
	feed := filepath.Join(dir, "coast.xml")
	if err := os.WriteFile(feed, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "l.db")
	if r := briefbot(t, dir, db, "ingest", feed); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	r := briefbot(t, dir, db, "ask", "--json", "/brief lighthouse keeper")
	var out struct {
		Articles []struct {
			Title, URL string
			Sources    []struct{ URL string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out.Articles) == 0 {
		t.Fatalf("ask --json: %v\n%+v", err, r)
	}
	var good int
	for _, a := range out.Articles {
		urls := []string{a.URL}
		for _, s := range a.Sources {
			urls = append(urls, s.URL)
		}
		for _, u := range urls {
			if u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
				t.Errorf("%q links to %q", a.Title, u)
			}
			if u == "https://ok.example/lighthouse-5" {
				good++
			}
		}
	}
	if good == 0 {
		t.Errorf("the https link was lost:\n%s", r.stdout)
	}
	text := briefbot(t, dir, db, "ask", "/brief lighthouse keeper")
	for _, bad := range []string{"javascript:", "JavaScript:", "data:text", "vbscript:", "file:"} {
		if strings.Contains(text.stdout, bad) {
			t.Errorf("/brief shows %q:\n%s", bad, text.stdout)
		}
	}
}
