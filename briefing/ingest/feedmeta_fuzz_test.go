package ingest

import (
	"net/url"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets for the poller's own readers of untrusted bytes: feed
// metadata (title, link, <ttl>, item count) and feed discovery in pages.

func FuzzFeedMeta(f *testing.F) {
	for _, s := range []string{
		`<rss><channel><title>T</title><link>https://x.example/</link><ttl>60</ttl><item/><item/></channel></rss>`,
		`<rss><channel><ttl>99999999999999999999</ttl><ttl>-5</ttl></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><link rel="alternate" href="/x"/><entry/></feed>`,
		`<?xml version="1.0" encoding="Shift_JIS"?><rss><channel><title>` + "\x93\xfa\x96\x7b" + `</title></channel></rss>`,
		`<?xml version="1.0" encoding="x-unknown"?><rss/>`,
		`{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{},{}]}`,
		"\ufeff  {\"version\":1}", `<rdf:RDF><item/></rdf:RDF>`, "<rss><channel><title>\xff</title></channel></rss>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m := ReadFeedMeta(data)
		if m.TTL < 0 || m.TTL > 7*24*time.Hour || m.Items < 0 {
			t.Fatalf("ttl %v, items %d", m.TTL, m.Items)
		}
		if !utf8.ValidString(m.Title) {
			t.Fatalf("title %q is not UTF-8", m.Title)
		}
	})
}

func FuzzDiscoverFeed(f *testing.F) {
	for _, s := range []string{
		`<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>`,
		`<link rel="Alternate Home" type=" APPLICATION/ATOM+XML " href="  //other.example/a  ">`,
		`<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">`,
		`<link rel="alternate" type="application/rss+xml" href="http://[::1">`,
		`<body><link rel="alternate" type="application/rss+xml" href="/late.xml">`,
	} {
		f.Add([]byte(s), "https://news.example/section/page.html")
	}
	f.Add([]byte(`<link rel="alternate" type="application/json" href="feed.json">`), "relative/page")
	f.Fuzz(func(t *testing.T, page []byte, pageURL string) {
		got := DiscoverFeed(page, pageURL)
		if got == "" {
			return
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			t.Fatalf("discovered %q (from %q): not an http(s) URL: %v", got, pageURL, err)
		}
	})
}
