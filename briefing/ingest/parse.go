package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"

	"github.com/briefbot/briefbot/briefing"
)

// DefaultMaxBytes bounds one input (a file, a fetched page or feed).
const DefaultMaxBytes = 10 << 20

// DefaultMaxItems bounds the items taken from one feed.
const DefaultMaxItems = 1000

// Kind is the detected format of an input.
type Kind string

const (
	KindFeed Kind = "feed" // RSS, Atom, RDF or JSON Feed
	KindHTML Kind = "html"
	KindText Kind = "text"
)

// Input is one document to parse.
type Input struct {
	Name        string // file path or URL: names the input in errors
	Source      string // recorded as Article.Source; Name when empty
	Data        []byte
	ContentType string // from HTTP, when known; drives charset decoding
}

// Options limit parsing. Zero values mean the defaults.
type Options struct {
	MaxBytes int
	MaxItems int
}

// ErrInput is wrapped by every error about the input itself (as opposed to
// I/O), so callers can tell "bad file" from "disk failed".
var ErrInput = errors.New("bad input")

func inputErr(name, format string, args ...any) error {
	return fmt.Errorf("%s: %s: %w", name, fmt.Sprintf(format, args...), ErrInput)
}

// Parse detects the input's format and returns its articles.
func Parse(in Input, opt Options) ([]briefing.Article, Kind, error) {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.MaxItems <= 0 {
		opt.MaxItems = DefaultMaxItems
	}
	if in.Source == "" {
		in.Source = in.Name
	}
	if len(in.Data) > opt.MaxBytes {
		return nil, "", inputErr(in.Name, "larger than the %d-byte limit", opt.MaxBytes)
	}
	if len(bytes.TrimSpace(in.Data)) == 0 {
		return nil, "", inputErr(in.Name, "empty")
	}
	if looksBinary(in.Data) {
		return nil, "", inputErr(in.Name, "binary data, not a feed, page or text")
	}
	kind := detect(in.Data, in.ContentType)
	var arts []briefing.Article
	var err error
	switch kind {
	case KindFeed:
		arts, err = parseFeed(in, opt.MaxItems)
	case KindHTML:
		arts, err = parseHTML(in)
	default:
		arts = SplitText(in.Source, decodeText(in.Data, in.ContentType))
	}
	if err == nil && len(arts) == 0 {
		err = inputErr(in.Name, "no articles found")
	}
	if err != nil {
		return nil, kind, err
	}
	return arts, kind, nil
}

// looksBinary: NUL bytes or mostly control characters in the first 8 KiB.
func looksBinary(b []byte) bool {
	head := b[:min(len(b), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	return ctl*20 > len(head)
}

func detect(b []byte, contentType string) Kind {
	head := strings.ToLower(string(bytes.TrimLeft(b[:min(len(b), 4096)], "\ufeff \t\r\n")))
	head = strings.TrimPrefix(head, "\ufeff")
	ct := strings.ToLower(contentType)
	switch {
	case strings.HasPrefix(head, "{"):
		return KindFeed // JSON Feed; gofeed reports anything else as malformed
	case strings.Contains(ct, "html"), strings.HasPrefix(head, "<!doctype html"), strings.HasPrefix(head, "<html"):
		return KindHTML
	case strings.HasPrefix(head, "<?xml"), strings.HasPrefix(head, "<rss"), strings.HasPrefix(head, "<feed"),
		strings.HasPrefix(head, "<rdf"), strings.Contains(ct, "xml"):
		if strings.Contains(head, "<html") {
			return KindHTML
		}
		return KindFeed
	case strings.HasPrefix(head, "<"):
		return KindHTML
	}
	return KindText
}

func parseFeed(in Input, maxItems int) ([]briefing.Article, error) {
	fp := gofeed.NewParser()
	feed, err := fp.Parse(bytes.NewReader(in.Data))
	if err != nil {
		return nil, inputErr(in.Name, "malformed feed: %v", err)
	}
	if len(feed.Items) > maxItems {
		return nil, inputErr(in.Name, "feed has %d items, more than the limit of %d", len(feed.Items), maxItems)
	}
	out := make([]briefing.Article, 0, len(feed.Items))
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		out = append(out, feedItem(in.Source, feed, it))
	}
	return out, nil
}

func feedItem(source string, feed *gofeed.Feed, it *gofeed.Item) briefing.Article {
	body := it.Content
	if strings.TrimSpace(HTMLText(body)) == "" {
		body = it.Description
	}
	a := briefing.Article{
		Source: source, GUID: it.GUID, URL: it.Link, Title: HTMLText(it.Title),
		Text: HTMLText(body), Tags: append([]string(nil), it.Categories...),
	}
	switch {
	case it.PublishedParsed != nil:
		a.Published = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		a.Published = it.UpdatedParsed.UTC()
	}
	if len(it.Authors) > 0 && it.Authors[0] != nil {
		a.Author = it.Authors[0].Name
	}
	a.Fragment = looksTruncated(a.Text)
	return a
}

// looksTruncated: feed descriptions that stop with an ellipsis, "[…]" or
// "Read more" are teasers of a longer article.
func looksTruncated(s string) bool {
	t := strings.TrimSpace(s)
	for _, suf := range []string{"[…]", "[...]", "…", "...", "Read more", "Continue reading"} {
		if strings.HasSuffix(t, suf) {
			return true
		}
	}
	return briefing.IsCut(t)
}

func parseHTML(in Input) ([]briefing.Article, error) {
	r, err := charset.NewReader(bytes.NewReader(in.Data), in.ContentType)
	if err != nil {
		return nil, inputErr(in.Name, "unknown character set: %v", err)
	}
	var pageURL *url.URL
	if u, err := url.Parse(in.Name); err == nil && u.Scheme != "" {
		pageURL = u
	}
	doc, err := readability.FromReader(r, pageURL)
	if err != nil || doc.Node == nil {
		return nil, inputErr(in.Name, "no article content found in the page")
	}
	a := briefing.Article{Source: in.Source, Title: strings.TrimSpace(doc.Title()), Author: strings.TrimSpace(doc.Byline()),
		Text: nodeText(doc.Node)}
	if pageURL != nil {
		a.URL = pageURL.String()
	}
	if t, err := doc.PublishedTime(); err == nil {
		a.Published = t.UTC()
	}
	if strings.TrimSpace(a.Text) == "" {
		return nil, inputErr(in.Name, "no article text found in the page")
	}
	return []briefing.Article{a}, nil
}

// decodeText returns text as valid UTF-8: decoded by the declared or
// sniffed charset, with invalid bytes replaced.
func decodeText(b []byte, contentType string) string {
	if !utf8.Valid(b) {
		if r, err := charset.NewReader(bytes.NewReader(b), contentType); err == nil {
			if d, err := io.ReadAll(r); err == nil {
				b = d
			}
		}
	}
	return strings.ToValidUTF8(strings.TrimPrefix(string(b), "\ufeff"), "\uFFFD")
}
