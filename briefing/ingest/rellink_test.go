package ingest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
)

const relativeRSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>%s
<item><title>Root-relative</title><guid>1</guid><link>/news/harbour-deal</link><description>a</description></item>
<item><title>Path-relative</title><guid>2</guid><link>news/dredging?id=2</link><description>b</description></item>
<item><title>Absolute</title><guid>3</guid><link>https://other.example/x</link><description>c</description></item>
</channel></rss>`

const relativeJSONFeed = `{"version":"https://jsonfeed.org/version/1.1","title":"Quay","home_page_url":"https://quay.example/blog/",
"items":[{"id":"1","url":"/2","title":"Root-relative","content_text":"a"},{"id":"2","url":"posts/3","title":"Path-relative","content_text":"b"}]}`

// links returns each article's link, by title, after Clean (which keeps
// only absolute http(s) links).
func links(t *testing.T, in ingest.Input) map[string]string {
	t.Helper()
	arts, _, err := ingest.Parse(in, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, a := range arts {
		out[a.Title] = briefing.Clean(a).URL
	}
	return out
}

func checkLinks(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for title, w := range want {
		if got[title] != w {
			t.Errorf("%s: %q links to %q, want %q", what, title, got[title], w)
		}
	}
}

// Feeds often give item links relative to the site (against the RSS
// spec, but common). They are resolved against the feed's home page,
// itself relative to the feed's URL, or the feed's URL when it names no
// home page; they used to be dropped, leaving the story without a link.
func TestRelativeItemLinksAreResolved(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/feeds/nosite.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(fmtFeed("")))
	})
	mux.HandleFunc("/feeds/relsite.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(fmtFeed("<link>/site/</link>")))
	})
	mux.HandleFunc("/feed.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/feed+json")
		w.Write([]byte(relativeJSONFeed))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	fetch := func(path string) ingest.Input {
		in, err := ingest.Fetcher{}.Fetch(context.Background(), srv.URL+path)
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	checkLinks(t, "feed without a home page", links(t, fetch("/feeds/nosite.xml")), map[string]string{
		"Root-relative": srv.URL + "/news/harbour-deal", "Path-relative": srv.URL + "/feeds/news/dredging?id=2",
		"Absolute": "https://other.example/x"})
	checkLinks(t, "feed with a relative home page", links(t, fetch("/feeds/relsite.xml")), map[string]string{
		"Root-relative": srv.URL + "/news/harbour-deal", "Path-relative": srv.URL + "/site/news/dredging?id=2"})
	checkLinks(t, "JSON Feed", links(t, fetch("/feed.json")), map[string]string{
		"Root-relative": "https://quay.example/2", "Path-relative": "https://quay.example/blog/posts/3"})

	// A saved file has no URL of its own: the feed's absolute home page is
	// the base, and without one a relative link stays unusable (dropped).
	file := ingest.Input{Name: "saved.xml", Data: []byte(fmtFeed("<link>https://tidewater.example/</link>"))}
	checkLinks(t, "saved file", links(t, file), map[string]string{
		"Root-relative": "https://tidewater.example/news/harbour-deal", "Path-relative": "https://tidewater.example/news/dredging?id=2"})
	bare := ingest.Input{Name: "bare.xml", Data: []byte(fmtFeed(""))}
	checkLinks(t, "saved file without a home page", links(t, bare), map[string]string{
		"Root-relative": "", "Absolute": "https://other.example/x"})
}

func fmtFeed(channelLink string) string {
	return fmt.Sprintf(relativeRSS, channelLink)
}
