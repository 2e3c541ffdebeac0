package ingest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// nestedFeed is an RSS feed of about size bytes whose one item holds
// extension elements nested as deep as the bytes allow. lead goes before
// the channel (a byte that is not UTF-8 makes the parser read the feed
// decoded by the server's charset).
func nestedFeed(size int, lead string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><rss version="2.0" xmlns:m="http://example.com/m"><channel>` + lead +
		`<title>Nest</title><item><title>Tariffs rise</title><link>https://example.com/a</link>` +
		`<description>Tariffs rose again today.</description>`)
	open := []byte("<m:x>")
	for b.Len()+len(open)+64 < size {
		b.Write(open)
	}
	b.WriteString(`</item></channel></rss>`)
	return b.Bytes()
}

// A feed whose elements nest millions deep, served over HTTP within the
// byte limit, is refused as malformed before the feed parser sees it: the
// parser reads extension elements recursively, and this feed overflowed
// its stack, a fatal error that ended the whole process (serve's poller
// included). Also when the feed is not UTF-8, which the parser reads
// decoded while a check of the raw bytes stopped at the first bad byte.
func TestParseDeeplyNestedFeedIsRefused(t *testing.T) {
	for name, tc := range map[string]struct{ lead, contentType string }{
		"utf8":   {"", "application/rss+xml"},
		"latin1": {"<generator>Caf\xe9 Press</generator>", "application/rss+xml; charset=iso-8859-1"},
	} {
		t.Run(name, func(t *testing.T) {
			data := nestedFeed(ingest.DefaultMaxBytes-1024, tc.lead)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				w.Write(data)
			}))
			defer srv.Close()
			in, err := ingest.Fetcher{}.Fetch(context.Background(), srv.URL+"/nest.xml")
			if err != nil {
				t.Fatalf("fetch: %v", err)
			}
			alloc := allocated(func() { _, _, err = ingest.Parse(in, ingest.Options{}) })
			assertInputErr(t, err, srv.URL+"/nest.xml")
			if !strings.Contains(err.Error(), "nested more than 256 deep") {
				t.Errorf("error %q does not say the feed nests too deep", err)
			}
			if limit := uint64(64 << 20); alloc > limit { // decoding a non-UTF-8 feed copies it a few times
				t.Errorf("refusing the feed allocated %d MB, want under %d MB", alloc>>20, limit>>20)
			}
		})
	}
}

// Nesting within the bound still parses: XHTML content nests, and the
// bound is far above what feeds use.
func TestParseNestedWithinBound(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom"><title>X</title><entry><title>Ferry strike</title>` +
		`<link href="https://example.com/f"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">`)
	b.WriteString(strings.Repeat("<div>", 200) + "Ferry crews walked out on Monday." + strings.Repeat("</div>", 200))
	b.WriteString(`</div></content></entry></feed>`)
	arts, _, err := ingest.Parse(ingest.Input{Name: "x.atom", Data: []byte(b.String())}, ingest.Options{})
	if err != nil || len(arts) != 1 || !strings.Contains(arts[0].Text, "Ferry crews walked out") {
		t.Fatalf("Parse = %+v, %v; want the one entry with its text", arts, err)
	}
}

// An item whose HTML nests deeper than the HTML parser allows (512) gives
// its text, not its raw markup: the parser refused it, and the markup,
// script included, was stored as the article's text and shown in
// summaries.
func TestParseItemHTMLNestedPastParserLimit(t *testing.T) {
	html := strings.Repeat("<div>", 600) + `<p>Harbour tariffs rose sharply on Monday after the council vote. <b>Traders</b> said ` +
		`<a href="https://x.example/">prices</a> would climb.</p><script>alert(1)</script><style>p{color:red}</style>` +
		`<embed src="x.swf"><p>Ferry fares stay frozen until spring.</p>`
	feed := `{"version":"https://jsonfeed.org/version/1.1","title":"Deep","items":[{"id":"1","url":"https://example.com/d",` +
		`"title":"Harbour tariffs","content_html":` + jsonString(html) + `}]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/feed+json")
		w.Write([]byte(feed))
	}))
	defer srv.Close()
	in, err := ingest.Fetcher{}.Fetch(context.Background(), srv.URL+"/deep.json")
	if err != nil {
		t.Fatal(err)
	}
	arts, _, err := ingest.Parse(in, ingest.Options{})
	if err != nil || len(arts) != 1 {
		t.Fatalf("Parse = %d articles, %v", len(arts), err)
	}
	want := "Harbour tariffs rose sharply on Monday after the council vote. Traders said prices would climb.\n\n" +
		"Ferry fares stay frozen until spring."
	if got := arts[0].Text; got != want {
		t.Errorf("text = %.300q\nwant %q", got, want)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
