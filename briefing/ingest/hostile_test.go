package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// Hostile inputs at the default limits (fetch_test.go and html_test.go
// cover the gzip bomb, endless and silent servers, Shift-JIS and the
// smaller cases): each must end in a clear error, or correct text, having
// read no more than the limit.

// huge serves size bytes of RSS-looking filler, generated as it goes (the
// test never holds it), and counts what it managed to write.
func huge(size int64, written *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Length", fmt.Sprint(size))
		chunk := bytes.Repeat([]byte("<item><title>filler</title></item>\n"), 2000)
		for n := int64(0); n < size; {
			k := min(int64(len(chunk)), size-n)
			m, err := w.Write(chunk[:k])
			written.Add(int64(m))
			if err != nil {
				return
			}
			n += k
		}
	}
}

func TestFetch200MBResponseStopsAtTheLimit(t *testing.T) {
	const size = 200 << 20
	var written atomic.Int64
	srv := httptest.NewServer(huge(size, &written))
	defer srv.Close()
	ct := &countingTransport{}
	_, err := ingest.Fetcher{Client: &http.Client{Transport: ct}}.Fetch(context.Background(), srv.URL+"/big.xml")
	if !errors.Is(err, ingest.ErrTooLarge) || !strings.Contains(err.Error(), fmt.Sprint(ingest.DefaultMaxBytes)) {
		t.Fatalf("error = %v, want ErrTooLarge naming the %d-byte limit", err, ingest.DefaultMaxBytes)
	}
	assertInputErr(t, err, srv.URL+"/big.xml")
	if n := ct.read.Load(); n > ingest.DefaultMaxBytes+1 {
		t.Errorf("read %d bytes, want at most the limit + 1 (%d)", n, ingest.DefaultMaxBytes+1)
	}
	srv.Close() // waits for the handler: it stops once the client hangs up
	if n := written.Load(); n >= size {
		t.Errorf("the server wrote all %d bytes: the client kept reading", n)
	}
}

// allocated is the bytes allocated while fn runs (all goroutines; the
// test runs alone).
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// jsonItems is a JSON Feed with n items.
func jsonItems(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"version":"https://jsonfeed.org/version/1.1","title":"Many","items":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"i%d","title":"Item %d","content_text":"Body %d."}`, i, i, i)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

func TestParse100kItemFeedIsRefused(t *testing.T) {
	// latin1: a byte that is not UTF-8 (the parser reads the feed decoded
	// by the server's charset; counting the raw bytes stopped there).
	latin1 := bytes.Replace(rssItems(100_000), []byte("<title>Many</title>"), []byte("<title>Caf\xe9</title>"), 1)
	for name, data := range map[string][]byte{"rss": rssItems(100_000), "json": jsonItems(100_000), "latin1": latin1} {
		t.Run(name, func(t *testing.T) {
			if len(data) > ingest.DefaultMaxBytes {
				t.Fatalf("fixture is %d bytes, over the byte limit: it would not test the item limit", len(data))
			}
			var err error
			alloc := allocated(func() {
				_, _, err = ingest.Parse(ingest.Input{Name: "many." + name, Data: data,
					ContentType: "application/rss+xml; charset=iso-8859-1"}, ingest.Options{})
			})
			assertInputErr(t, err, "many."+name)
			t.Logf("%d-byte feed refused after %d KB of allocations", len(data), alloc>>10)
			if !strings.Contains(err.Error(), fmt.Sprintf("more than %d items", ingest.DefaultMaxItems*ingest.MaxFeedFactor)) {
				t.Errorf("error %q does not give the item limit", err)
			}
			// Counting stops past the limit: the cost is that of the items
			// kept, not of the 100 000 offered (gofeed alone allocated
			// over 1 GB on the RSS feed before it could be refused).
			limit := uint64(16 << 20)
			if name == "latin1" {
				limit = 64 << 20 // decoding it to UTF-8 copies the feed a few times
			}
			if alloc > limit {
				t.Errorf("refusing the feed allocated %d MB, want under %d MB", alloc>>20, limit>>20)
			}
		})
	}
}

func TestParsePageFullOfScripts(t *testing.T) {
	var b strings.Builder
	b.WriteString("<html><head><title>Scripts</title><style>body{display:none}</style></head><body>")
	for i := range 5000 {
		fmt.Fprintf(&b, `<script>document.write("<p>injected %d</p>")</script><noscript>Enable JS %d</noscript>`, i, i)
		if i%1000 == 0 {
			fmt.Fprintf(&b, "<p>Real paragraph %d about the pact between Seoul and Tokyo.</p>", i/1000)
		}
		b.WriteString(`<style>.x{color:red}</style><script type="application/ld+json">{"@type":"NewsArticle"}</script>`)
	}
	b.WriteString("</body></html>")
	arts, _, err := ingest.Parse(ingest.Input{Name: "scripts.html", Data: []byte(b.String()), ContentType: "text/html"}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, a := range arts {
		text.WriteString(a.Title + "\n" + a.Text + "\n")
	}
	got := text.String()
	for _, bad := range []string{"<script", "document.write", "injected", "Enable JS", "color:red", "NewsArticle", "display:none"} {
		if strings.Contains(got, bad) {
			t.Errorf("script or style content %q reached the text", bad)
		}
	}
	if !strings.Contains(got, "Real paragraph 4 about the pact") {
		t.Errorf("the page's text is lost:\n%.500s", got)
	}
}

// The poller reads through the same limit: a feed that grows past it is
// an error naming the URL, not a 200 MB read.
func TestFetchLimitIsConfigurable(t *testing.T) {
	var written atomic.Int64
	srv := httptest.NewServer(huge(3<<20, &written))
	defer srv.Close()
	_, err := ingest.Fetcher{MaxBytes: 1 << 20}.Fetch(context.Background(), srv.URL)
	if !errors.Is(err, ingest.ErrTooLarge) || !strings.Contains(err.Error(), "1048576-byte limit") {
		t.Fatalf("error = %v", err)
	}
	in, err := ingest.Fetcher{MaxBytes: 4 << 20}.Fetch(context.Background(), srv.URL)
	if err != nil || len(in.Data) != 3<<20 {
		t.Fatalf("under a 4 MB limit: %d bytes, %v", len(in.Data), err)
	}
	if _, err := io.Copy(io.Discard, bytes.NewReader(in.Data)); err != nil {
		t.Fatal(err)
	}
}
