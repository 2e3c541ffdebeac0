package ingest

import (
	"testing"
	"time"
)

func TestReadFeedMeta(t *testing.T) {
	tests := []struct {
		name, doc string
		want      FeedMeta
	}{
		{"RSS", `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
			<title>Harbour &amp; Sea</title><atom:link href="https://x.example/feed" rel="self"/><link>https://x.example/</link>
			<ttl>45</ttl><item><title>One</title><link>https://x.example/1</link></item><item><title>Two</title></item></channel></rss>`,
			FeedMeta{Title: "Harbour & Sea", Link: "https://x.example/", TTL: 45 * time.Minute, Items: 2, OK: true}},
		{"Atom", `<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Atom News</title>
			<link rel="self" href="https://a.example/atom"/><link rel="alternate" href="https://a.example/"/>
			<entry><title>E</title><link href="https://a.example/e"/></entry></feed>`,
			FeedMeta{Title: "Atom News", Link: "https://a.example/", Items: 1, OK: true}},
		{"RDF", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
			<channel><title>RDF</title><link>https://r.example/</link></channel><item><title>I</title></item><item/></rdf:RDF>`,
			FeedMeta{Title: "RDF", Link: "https://r.example/", Items: 2, OK: true}},
		{"JSONFeed", `{"version":"https://jsonfeed.org/version/1.1","title":"J","home_page_url":"https://j.example/","items":[{"id":"1"}]}`,
			FeedMeta{Title: "J", Link: "https://j.example/", Items: 1, OK: true}},
		{"Latin1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xe9</title></channel></rss>",
			FeedMeta{Title: "Café", OK: true}},
		{"HTML", `<!doctype html><html><head><title>Page</title></head><body><p>x</p></body></html>`, FeedMeta{}},
		{"OtherJSON", `{"title":"not a feed"}`, FeedMeta{}},
		{"Garbage", "\x00\x01", FeedMeta{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReadFeedMeta([]byte(tt.doc)); got != tt.want {
				t.Errorf("ReadFeedMeta = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDiscoverFeed(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"RSS", `<html><head><link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>`,
			"https://site.example/feed.xml"},
		{"AtomAbsolute", `<head><LINK REL="Alternate" TYPE="application/atom+xml" HREF="https://feeds.example/atom"></head>`,
			"https://feeds.example/atom"},
		{"RelList", `<head><link rel="home alternate" type="application/feed+json" href="feed.json"></head>`,
			"https://site.example/news/feed.json"},
		{"NotAFeedType", `<head><link rel="alternate" hreflang="de" type="text/html" href="/de/"></head>`, ""},
		{"InBodyIgnored", `<head></head><body><link rel="alternate" type="application/rss+xml" href="/x"></body>`, ""},
		{"JavascriptScheme", `<head><link rel="alternate" type="application/rss+xml" href="javascript:alert(1)"></head>`, ""},
		{"None", `<html><head><title>t</title></head></html>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DiscoverFeed([]byte(tt.page), "https://site.example/news/index.html"); got != tt.want {
				t.Errorf("DiscoverFeed = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRetryAfterAndMaxAge(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"120": 2 * time.Minute, " 0 ": 0, "-5": 0, "soon": 0, "": 0,
		"Mon, 30 Nov 2026 09:10:00 GMT": 10 * time.Minute, "Mon, 30 Nov 2026 08:00:00 GMT": 0,
	} {
		if got := retryAfter(v, now); got != want {
			t.Errorf("retryAfter(%q) = %s, want %s", v, got, want)
		}
	}
}
