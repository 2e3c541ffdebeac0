package main

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// titledFeed is an RSS feed whose title names the outlet; its one item is
// about the harbour strike so that /brief harbour finds it.
func titledFeed(title, guid string) string {
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>` + title + `</title>` +
		`<link>https://quay.example/</link><item><guid>` + guid + `</guid><title>Harbour strike ends after nine days</title>` +
		`<pubDate>Mon, 07 Dec 2026 08:00:00 GMT</pubDate><description>Dock workers at the harbour voted to end the strike ` +
		`on Monday after nine days. The harbour authority said ships would be unloaded from Tuesday.</description></item></channel></rss>`
}

// One-shot ingest names the outlet as polled sources do: by the feed's
// title, or a page's site name, in chat briefings and in JSON. It used to
// show the file's name or the URL's host.
func TestIngestShowsTheFeedTitleAsTheSource(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "o.db")
	feed := filepath.Join(dir, "quay.xml")
	if err := os.WriteFile(feed, []byte(titledFeed("The Quay Times &amp; Harbour Post", "q1")), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(titledFeed("Harbour Wire", "w1")))
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`<!doctype html><html><head><title>Harbour strike ends | Port Ledger</title>` +
				`<meta property="og:site_name" content="Port Ledger"></head><body><article><h1>Harbour strike ends</h1>` +
				`<p>Dock workers at the harbour voted to end the strike on Monday after nine days of talks with the port.</p>` +
				`<p>The harbour authority said the first ships would be unloaded from Tuesday morning, weather permitting.</p>` +
				`<p>Union leaders said the agreement raises pay by four percent over two years and limits night shifts.</p>` +
				`</article></body></html>`))
		}
	}))
	defer srv.Close()
	if r := briefbot(t, dir, db, "ingest", feed, srv.URL+"/rss", srv.URL+"/news/strike"); r.code != 0 {
		t.Fatalf("ingest: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	chat := briefbot(t, dir, db, "ask", "/brief harbour strike")
	if chat.code != 0 {
		t.Fatalf("ask: %d %s", chat.code, chat.stderr)
	}
	js := briefbot(t, dir, db, "ask", "--json", "/brief harbour strike")
	var b struct {
		Articles []struct {
			Source     string `json:"source"`
			SourceName string `json:"source_name"`
			Sources    []struct {
				Source     string `json:"source"`
				SourceName string `json:"source_name"`
			} `json:"sources"`
		} `json:"articles"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &b); err != nil {
		t.Fatalf("json: %v\n%s", err, js.stdout)
	}
	names := map[string]bool{}
	for _, a := range b.Articles {
		names[a.SourceName] = true
		for _, s := range a.Sources {
			names[s.SourceName] = true
		}
	}
	web := webBriefing(t, dir, db, "harbour strike")
	for _, want := range []string{"The Quay Times & Harbour Post", "Harbour Wire", "Port Ledger"} {
		if !names[want] {
			t.Errorf("JSON names no source %q: %v\n%s", want, names, js.stdout)
		}
		if !strings.Contains(chat.stdout, want) {
			t.Errorf("chat briefing does not name %q:\n%s", want, chat.stdout)
		}
		if !strings.Contains(web, html.EscapeString(want)) {
			t.Errorf("web page does not name %q", want)
		}
	}
}

// webBriefing is the HTML of the permalink page a running serve gives
// for /brief topic.
func webBriefing(t *testing.T, dir, db, topic string) string {
	t.Helper()
	s := startWebServe(t, dir, db)
	resp, err := http.Get(s.permalink(t, topic))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("web page: %d %v", resp.StatusCode, err)
	}
	return string(body)
}
