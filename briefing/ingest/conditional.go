package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// Validators are the HTTP cache validators a conditional GET sends.
type Validators struct {
	ETag, LastModified string
}

// Response is a conditional GET's outcome.
type Response struct {
	Input       Input // the body; empty when NotModified
	NotModified bool
	Validators  Validators
	MaxAge      time.Duration // Cache-Control max-age; 0 when absent
	Hash        string        // hex SHA-256 of the body
}

// StatusError is a non-2xx, non-304 answer. RetryAfter is the server's
// Retry-After (429 and 503), 0 when absent.
type StatusError struct {
	URL        string
	Code       int
	Status     string
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("%s: HTTP %s", e.URL, e.Status)
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// ConditionalGet GETs rawURL sending v, so an unchanged feed costs a 304
// and no parsing. now dates a Retry-After given as an HTTP date.
func (f Fetcher) ConditionalGet(ctx context.Context, rawURL string, v Validators, now time.Time) (Response, error) {
	// Errors and the article source name show the URL without credentials.
	name := briefing.RedactURL(rawURL)
	fctx, cancel := context.WithTimeout(ctx, f.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return Response{}, inputErr(name, "invalid URL")
	}
	req.Header.Set("User-Agent", f.userAgent())
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml, text/html;q=0.9, text/plain;q=0.8")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("%s: fetch: %w", name, f.timedOut(ctx, fctx, unwrapURLError(err)))
	}
	defer resp.Body.Close()
	out := Response{Validators: Validators{ETag: validator(resp.Header.Get("ETag")), LastModified: validator(resp.Header.Get("Last-Modified"))},
		MaxAge: maxAge(resp.Header)}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		out.Validators = mergeValidators(v, out.Validators)
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		se := &StatusError{URL: name, Code: resp.StatusCode, Status: statusText(resp.StatusCode)}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			se.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), now)
		}
		return Response{}, se
	}
	data, err := readLimited(resp.Body, f.maxBytes())
	if errors.Is(err, ErrTooLarge) {
		return Response{}, &sizeError{inputErr(name, "response larger than the %d-byte limit", f.maxBytes())}
	} else if err != nil {
		return Response{}, fmt.Errorf("%s: %w", name, f.timedOut(ctx, fctx, err))
	}
	sum := sha256.Sum256(data)
	out.Hash = hex.EncodeToString(sum[:])
	out.Input = Input{Name: name, Source: name, Data: data, ContentType: resp.Header.Get("Content-Type")}
	return out, nil
}

// unwrapURLError drops *url.Error's "Get \"…\":" prefix: callers name the
// URL themselves.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// maxValidator bounds a validator worth keeping. Real ETags and dates
// are tens of bytes; a server may send megabytes (Go reads headers up to
// 10 MB), which were stored with the source and sent back on every check.
const maxValidator = 1024

// validator is v when it is short enough to keep, else "" (the next
// check is then unconditional).
func validator(v string) string {
	if len(v) > maxValidator {
		return ""
	}
	return v
}

// mergeValidators keeps the stored validators a 304 does not repeat.
func mergeValidators(old, fresh Validators) Validators {
	if fresh.ETag == "" {
		fresh.ETag = old.ETag
	}
	if fresh.LastModified == "" {
		fresh.LastModified = old.LastModified
	}
	return fresh
}

// maxAge reads Cache-Control: max-age=N (s-maxage is for shared caches,
// which the bot is not). no-store and no-cache give 0: check as usual.
func maxAge(h http.Header) time.Duration {
	for _, cc := range h.Values("Cache-Control") {
		for _, d := range strings.Split(cc, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(d), "=")
			if strings.EqualFold(k, "max-age") {
				if n, err := strconv.ParseInt(strings.Trim(v, `"`), 10, 64); err == nil && n > 0 {
					return time.Duration(min(n, maxDelaySeconds)) * time.Second
				}
			}
		}
	}
	return 0
}

// maxDelaySeconds caps server-given delays (a year of max-age would
// silence a source); the poller caps them further.
const maxDelaySeconds = 7 * 24 * 3600

// retryAfter reads Retry-After: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Duration(max(0, min(n, maxDelaySeconds))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), maxDelaySeconds*time.Second)
	}
	return 0
}

// SizeLimit is the most bytes f reads of one input (MaxBytes, or
// DefaultMaxBytes when unset); the poller parses with the same bound.
func (f Fetcher) SizeLimit() int { return f.maxBytes() }
