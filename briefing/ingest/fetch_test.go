package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing/ingest"
)

func TestFetchFeed(t *testing.T) {
	feed := readFixture(t, "feeds/rss2.xml")
	var ua, accept string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua, accept = r.Header.Get("User-Agent"), r.Header.Get("Accept")
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(feed)
	}))
	defer srv.Close()

	url := srv.URL + "/feed.xml"
	in, err := ingest.Fetcher{}.Fetch(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if in.Name != url || in.Source != url || in.ContentType != "application/rss+xml; charset=utf-8" || !bytes.Equal(in.Data, feed) {
		t.Errorf("input = name %q, source %q, content type %q, %d bytes", in.Name, in.Source, in.ContentType, len(in.Data))
	}
	if !strings.HasPrefix(ua, "briefbot/") || !strings.Contains(accept, "application/rss+xml") {
		t.Errorf("request headers User-Agent %q, Accept %q", ua, accept)
	}
	arts, kind, err := ingest.Parse(in, ingest.Options{})
	if err != nil || kind != ingest.KindFeed || len(arts) != 3 {
		t.Fatalf("Parse: kind %q, %d articles, err %v", kind, len(arts), err)
	}
	if arts[0].Source != url {
		t.Errorf("article source = %q, want the URL", arts[0].Source)
	}
}

func TestFetchUserAgent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Header.Get("User-Agent"))
	}))
	defer srv.Close()
	in, err := ingest.Fetcher{UserAgent: "test-agent/2"}.Fetch(context.Background(), srv.URL)
	if err != nil || string(in.Data) != "test-agent/2" {
		t.Errorf("got %q, %v", in.Data, err)
	}
}

func TestFetchNotFound(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	url := srv.URL + "/missing.xml"
	_, err := ingest.Fetcher{}.Fetch(context.Background(), url)
	if err == nil || !strings.Contains(err.Error(), url) || !strings.Contains(err.Error(), "404") {
		t.Errorf("error = %v, want one naming %s and the status", err, url)
	}
}

func TestFetchInvalidURL(t *testing.T) {
	_, err := ingest.Fetcher{}.Fetch(context.Background(), "http://bad host/%zz")
	assertInputErr(t, err, "http://bad host/%zz")
}

func TestFetchTooLarge(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789"), 1000) // 10 000 bytes
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"WithContentLength", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			w.Write(body)
		}},
		{"Chunked", func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < len(body); i += 1000 {
				w.Write(body[i : i+1000])
				w.(http.Flusher).Flush()
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			_, err := ingest.Fetcher{MaxBytes: 4096}.Fetch(context.Background(), srv.URL)
			if !errors.Is(err, ingest.ErrTooLarge) {
				t.Fatalf("error = %v, want ErrTooLarge", err)
			}
			assertInputErr(t, err, srv.URL)
		})
	}
	t.Run("AtLimit", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
		defer srv.Close()
		in, err := ingest.Fetcher{MaxBytes: len(body)}.Fetch(context.Background(), srv.URL)
		if err != nil || len(in.Data) != len(body) {
			t.Errorf("got %d bytes, err %v", len(in.Data), err)
		}
	})
}

// gzipBomb serves 50 MB of zeros, gzip-compressed on the fly (about 50 KB
// on the wire), and stops when the client goes away.
func gzipBomb(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Header().Set("Content-Encoding", "gzip")
	zw := gzip.NewWriter(w)
	zeros := make([]byte, 64<<10)
	for n := 0; n < 50<<20; n += len(zeros) {
		if _, err := zw.Write(zeros); err != nil {
			return
		}
	}
	zw.Close()
}

// countingTransport counts the (decompressed) body bytes the caller reads.
type countingTransport struct {
	read       atomic.Int64
	compressed atomic.Bool
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	c.compressed.Store(resp.Uncompressed)
	resp.Body = &countingBody{ReadCloser: resp.Body, n: &c.read}
	return resp, nil
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

func TestFetchGzipBomb(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(gzipBomb))
	defer srv.Close()
	const limit = 1 << 20

	t.Run("ReadsOnlyTheLimit", func(t *testing.T) {
		ct := &countingTransport{}
		f := ingest.Fetcher{MaxBytes: limit, Client: &http.Client{Transport: ct}}
		_, err := f.Fetch(context.Background(), srv.URL)
		if !errors.Is(err, ingest.ErrTooLarge) {
			t.Fatalf("error = %v, want ErrTooLarge", err)
		}
		assertInputErr(t, err, srv.URL)
		if !ct.compressed.Load() {
			t.Error("the transport did not decompress the response: the test proves nothing")
		}
		if n := ct.read.Load(); n > limit+1 {
			t.Errorf("read %d decompressed bytes, want at most the limit + 1 (%d)", n, limit+1)
		}
	})
	t.Run("DefaultClient", func(t *testing.T) {
		_, err := ingest.Fetcher{MaxBytes: limit}.Fetch(context.Background(), srv.URL)
		if !errors.Is(err, ingest.ErrTooLarge) {
			t.Fatalf("error = %v, want ErrTooLarge", err)
		}
	})
}

// fetchWithin runs Fetch and fails the test if it has not returned after
// the deadline (far longer than f.Timeout: it only catches a hang).
func fetchWithin(t *testing.T, f ingest.Fetcher, url string, deadline time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := f.Fetch(context.Background(), url)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(deadline):
		t.Fatalf("Fetch did not return within %v", deadline)
		return nil
	}
}

func TestFetchTimeout(t *testing.T) {
	endless := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
				io.WriteString(w, "<p>still loading…</p>\n")
				w.(http.Flusher).Flush()
			}
		}
	})
	silent := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })

	tests := []struct {
		name    string
		handler http.Handler
		client  func(*httptest.Server) *http.Client
	}{
		{"EndlessBody", endless, nil},
		{"NoHeaders", silent, nil},
		{"EndlessBodyClientWithoutTimeout", endless, (*httptest.Server).Client},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			f := ingest.Fetcher{Timeout: 300 * time.Millisecond, MaxBytes: 100 << 20}
			if tt.client != nil {
				f.Client = tt.client(srv)
			}
			err := fetchWithin(t, f, srv.URL, 10*time.Second)
			if err == nil || !strings.Contains(err.Error(), srv.URL) {
				t.Errorf("error = %v, want a timeout naming %s", err, srv.URL)
			}
			// Said in words ("read: context deadline exceeded" was all the
			// CLI printed), and still a deadline for FetchProblem.
			if !strings.Contains(fmt.Sprint(err), "timed out after 300ms") || !errors.Is(err, context.DeadlineExceeded) ||
				ingest.FetchProblem(err) != "could not fetch: timed out" {
				t.Errorf("error = %v, want \"timed out after 300ms\" wrapping the deadline", err)
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "page.txt")
	if err := os.WriteFile(path, []byte("Some text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		in, err := ingest.Fetcher{}.ReadFile(path)
		if err != nil || in.Name != path || in.Source != "page.txt" || string(in.Data) != "Some text.\n" {
			t.Errorf("got %+v, %v", in, err)
		}
	})
	t.Run("Missing", func(t *testing.T) {
		missing := filepath.Join(dir, "nope.xml")
		_, err := ingest.Fetcher{}.ReadFile(missing)
		assertInputErr(t, err, missing)
	})
	t.Run("Directory", func(t *testing.T) {
		_, err := ingest.Fetcher{}.ReadFile(dir)
		assertInputErr(t, err, dir)
	})
	t.Run("TooLarge", func(t *testing.T) {
		_, err := ingest.Fetcher{MaxBytes: 5}.ReadFile(path)
		if !errors.Is(err, ingest.ErrTooLarge) {
			t.Errorf("error = %v, want ErrTooLarge", err)
		}
		assertInputErr(t, err, path)
	})
}

func TestLoad(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "from http") }))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "local.txt")
	if err := os.WriteFile(path, []byte("from file"), 0o644); err != nil {
		t.Fatal(err)
	}
	for arg, want := range map[string]string{srv.URL: "from http", path: "from file"} {
		in, err := ingest.Fetcher{}.Load(context.Background(), arg)
		if err != nil || string(in.Data) != want {
			t.Errorf("Load(%q) = %q, %v; want %q", arg, in.Data, err, want)
		}
	}
}

func TestIsURL(t *testing.T) {
	for arg, want := range map[string]bool{
		"https://example.org/feed": true, "HTTP://EXAMPLE.ORG": true, "ftp://example.org": false,
		"feeds/rss2.xml": false, "/abs/http://x": false, "": false,
	} {
		if got := ingest.IsURL(arg); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", arg, got, want)
		}
	}
}
