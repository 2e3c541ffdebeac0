package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// Fetcher reads inputs from files and URLs within limits.
type Fetcher struct {
	Client    *http.Client // nil: a client with Timeout
	MaxBytes  int          // 0: DefaultMaxBytes
	Timeout   time.Duration
	UserAgent string
	// Guard, when set, refuses to connect to non-public addresses (for
	// URLs from chat) and replaces Client; nil trusts every URL.
	Guard *Guard
}

func (f Fetcher) maxBytes() int {
	if f.MaxBytes > 0 {
		return f.MaxBytes
	}
	return DefaultMaxBytes
}

// IsURL reports whether arg names an http(s) URL rather than a file.
func IsURL(arg string) bool {
	l := strings.ToLower(arg)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// Load reads a file or fetches a URL.
func (f Fetcher) Load(ctx context.Context, arg string) (Input, error) {
	if IsURL(arg) {
		return f.Fetch(ctx, arg)
	}
	return f.ReadFile(arg)
}

// ReadFile reads a file, refusing directories and files over the limit.
func (f Fetcher) ReadFile(path string) (Input, error) {
	fh, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Input{}, inputErr(path, "no such file")
		}
		return Input{}, fmt.Errorf("%s: %w", path, err)
	}
	defer fh.Close()
	if st, err := fh.Stat(); err == nil && st.IsDir() {
		return Input{}, inputErr(path, "is a directory")
	}
	data, err := readLimited(fh, f.maxBytes())
	if errors.Is(err, ErrTooLarge) {
		return Input{}, &sizeError{inputErr(path, "larger than the %d-byte limit", f.maxBytes())}
	} else if err != nil {
		return Input{}, fmt.Errorf("%s: %w", path, err)
	}
	return Input{Name: path, Source: filepath.Base(path), Data: data}, nil
}

// Fetch GETs a URL. Non-2xx statuses, bodies over the limit and timeouts
// are errors naming the URL.
func (f Fetcher) Fetch(ctx context.Context, rawURL string) (Input, error) {
	// Errors and the article source name show the URL without credentials.
	name := briefing.RedactURL(rawURL)
	client := f.client()
	fctx, cancel := context.WithTimeout(ctx, f.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return Input{}, inputErr(name, "invalid URL")
	}
	req.Header.Set("User-Agent", f.userAgent())
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml, text/html;q=0.9, text/plain;q=0.8")
	resp, err := client.Do(req)
	if err != nil {
		return Input{}, fmt.Errorf("%s: fetch: %w", name, f.timedOut(ctx, fctx, unwrapURLError(err)))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Input{}, fmt.Errorf("%s: fetch: HTTP %s", name, statusText(resp.StatusCode))
	}
	data, err := readLimited(resp.Body, f.maxBytes())
	if errors.Is(err, ErrTooLarge) {
		return Input{}, &sizeError{inputErr(name, "response larger than the %d-byte limit", f.maxBytes())}
	} else if err != nil {
		return Input{}, fmt.Errorf("%s: %w", name, f.timedOut(ctx, fctx, err))
	}
	return Input{Name: name, Source: name, Data: data, ContentType: resp.Header.Get("Content-Type")}, nil
}

// timedOut says in words when the fetch's own time limit (fctx, made from
// parent) ended it: "timed out after 30s", where the error alone reads
// "context deadline exceeded". The deadline stays wrapped for callers.
func (f Fetcher) timedOut(parent, fctx context.Context, err error) error {
	if errors.Is(fctx.Err(), context.DeadlineExceeded) && parent.Err() == nil {
		return fmt.Errorf("timed out after %s: %w", f.timeout(), err)
	}
	return err
}

func (f Fetcher) timeout() time.Duration {
	if f.Timeout > 0 {
		return f.Timeout
	}
	return 30 * time.Second
}

func (f Fetcher) userAgent() string {
	if f.UserAgent != "" {
		return f.UserAgent
	}
	return "briefbot/1 (+https://github.com/briefbot/briefbot)"
}

// ErrTooLarge is wrapped when an input exceeds the byte limit.
var ErrTooLarge = errors.New("larger than the size limit")

// sizeError is an InputError that also matches ErrTooLarge.
type sizeError struct{ error }

func (e *sizeError) Unwrap() []error { return []error{e.error, ErrTooLarge} }

func readLimited(r io.Reader, limit int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if len(data) > limit {
		return nil, ErrTooLarge
	}
	return data, nil
}

// statusText is a response's status as errors show it: the code and its
// standard text ("404 Not Found"). The server's own reason phrase is not
// used: it is the server's text, escape sequences and all, and went to
// chat, `/source list` and the operator's terminal.
func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprint(code)
}
