package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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

// DefaultMaxItems bounds the items taken from one feed: its newest.
const DefaultMaxItems = 1000

// MaxFeedFactor bounds the items a feed may offer, as a multiple of
// MaxItems: choosing the newest means parsing every item, and a 10 MB
// feed of 100 000 tiny items cost gofeed over a gigabyte of allocations.
// Such a feed is a dump, not news, and is refused while counting.
const MaxFeedFactor = 10

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

// ErrInput matches (errors.Is) every error about the input itself, as
// opposed to I/O, so callers can tell "bad file" from "disk failed".
var ErrInput = errors.New("bad input")

// InputError says what is wrong with one named input.
type InputError struct {
	Name string // the file path or URL
	Msg  string
}

func (e *InputError) Error() string { return e.Name + ": " + e.Msg }

// Is makes errors.Is(err, ErrInput) true for every InputError.
func (e *InputError) Is(target error) bool { return target == ErrInput }

func inputErr(name, format string, args ...any) error {
	return &InputError{Name: name, Msg: fmt.Sprintf(format, args...)}
}

// Parse detects the input's format and returns its articles (ParseInput
// without the counts).
func Parse(in Input, opt Options) ([]briefing.Article, Kind, error) {
	p, err := ParseInput(in, opt)
	if err != nil {
		return nil, p.Kind, err
	}
	return p.Articles, p.Kind, nil
}

// Parsed is what one input gave.
type Parsed struct {
	Articles []briefing.Article
	Kind     Kind
	// Omitted counts a feed's oldest items left out over MaxItems, of
	// Offered items in all (the articles' count when none was left out).
	Omitted, Offered int
}

// ParseInput detects the input's format and returns its articles. A feed
// with more than MaxItems items gives its newest MaxItems (see newest);
// one with more than MaxFeedFactor times as many is refused while
// counting.
func ParseInput(in Input, opt Options) (Parsed, error) {
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
		return Parsed{}, inputErr(in.Name, "larger than the %d-byte limit", opt.MaxBytes)
	}
	in.Data = fromUTF16(in.Data)
	if len(bytes.TrimSpace(in.Data)) == 0 {
		return Parsed{}, inputErr(in.Name, "empty")
	}
	if looksBinary(in.Data) {
		return Parsed{}, inputErr(in.Name, "binary data, not a feed, page or text")
	}
	p := Parsed{Kind: Detect(in.Data, in.ContentType)}
	var err error
	switch p.Kind {
	case KindFeed:
		p.Articles, err = parseFeed(in, opt.MaxItems*MaxFeedFactor)
		p.Offered = len(p.Articles)
		p.Articles = newest(p.Articles, opt.MaxItems)
		p.Omitted = p.Offered - len(p.Articles)
	case KindHTML:
		p.Articles, err = parseHTML(in)
	default:
		p.Articles = SplitText(in.Source, decodeText(in.Data, in.ContentType))
		if len(p.Articles) > opt.MaxItems {
			// One saved page holds a handful of articles; thousands of
			// one-line "articles" is a log or a dump, not news.
			err = inputErr(in.Name, "text splits into %d articles, more than the limit of %d", len(p.Articles), opt.MaxItems)
		}
	}
	if err == nil && len(p.Articles) == 0 {
		err = inputErr(in.Name, "no articles found")
	}
	if err != nil {
		return Parsed{Kind: p.Kind}, err
	}
	p.Offered = max(p.Offered, len(p.Articles))
	return p, nil
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

func Detect(b []byte, contentType string) Kind {
	head := strings.ToLower(string(bytes.TrimLeft(b[:min(len(b), 4096)], "\ufeff \t\r\n")))
	head = strings.TrimPrefix(head, "\ufeff")
	ct := strings.ToLower(contentType)
	switch {
	case strings.HasPrefix(head, "{"), strings.HasPrefix(head, "[") && json.Valid(b):
		return KindFeed // JSON Feed; gofeed reports any other JSON as malformed
	case strings.HasPrefix(head, "<?xml"), strings.HasPrefix(head, "<rss"), strings.HasPrefix(head, "<feed"),
		strings.HasPrefix(head, "<rdf"):
		// The document's own signature beats the Content-Type: servers
		// often label feeds text/html.
		if strings.Contains(head, "<html") {
			return KindHTML
		}
		return KindFeed
	case strings.Contains(ct, "html"), strings.HasPrefix(head, "<!doctype html"), strings.HasPrefix(head, "<html"):
		return KindHTML
	case strings.Contains(ct, "xml"):
		return KindFeed
	case strings.HasPrefix(head, "<"):
		return KindHTML
	}
	return KindText
}

// parseFeed returns every item of a feed of at most ceiling items.
func parseFeed(in Input, ceiling int) ([]briefing.Article, error) {
	data := feedBytes(in.Data, in.ContentType)
	switch shape := readShape(data, ceiling); {
	case shape.deep:
		return nil, inputErr(in.Name, "malformed feed: elements nested more than %d deep", maxFeedDepth)
	case shape.items > ceiling:
		return nil, inputErr(in.Name, "feed has more than %d items, the most a feed may offer", ceiling)
	}
	fp := gofeed.NewParser()
	feed, err := fp.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, inputErr(in.Name, "malformed feed: %v", err)
	}
	if len(feed.Items) > ceiling {
		return nil, inputErr(in.Name, "feed has %d items, more than the %d a feed may offer", len(feed.Items), ceiling)
	}
	base := linkBase(in.Name, feed.Link)
	out := make([]briefing.Article, 0, len(feed.Items))
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		a := feedItem(in.Source, feed, it)
		a.URL = resolveLink(base, a.URL)
		out = append(out, a)
	}
	return out, nil
}

// linkBase is what a feed's relative item links are relative to: its home
// page (itself perhaps relative to the feed's URL), else the feed's URL;
// nil when neither is an absolute http(s) URL, as for a saved file
// without a home page. Relative item links break the RSS spec but are
// common, and readers resolve them against the site. The base carries no
// credentials, so no link shows them.
func linkBase(feedURL, homePage string) *url.URL {
	var base *url.URL
	if u, err := url.Parse(strings.TrimSpace(feedURL)); err == nil && u.IsAbs() {
		base = u
	}
	if home, err := url.Parse(strings.TrimSpace(homePage)); err == nil && homePage != "" {
		if base != nil {
			home = base.ResolveReference(home)
		}
		if home.IsAbs() {
			base = home
		}
	}
	if base == nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil
	}
	b := *base
	b.User = nil
	return &b
}

// resolveLink makes a relative link absolute against base; absolute
// links, and every link when base is nil, pass unchanged.
func resolveLink(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if base == nil || link == "" {
		return link
	}
	u, err := url.Parse(link)
	if err != nil || u.IsAbs() {
		return link
	}
	return base.ResolveReference(u).String()
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
		a.Published = fixZone(it.Published, *it.PublishedParsed).UTC()
		a.DayOnly = dayOnly(it.Published, a.Published)
	case it.UpdatedParsed != nil:
		a.Published = fixZone(it.Updated, *it.UpdatedParsed).UTC()
		a.DayOnly = dayOnly(it.Updated, a.Published)
	default:
		if t, day, ok := proseDate(it.Published); ok {
			a.Published, a.DayOnly = t, day
		} else if t, day, ok := proseDate(it.Updated); ok {
			a.Published, a.DayOnly = t, day
		}
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
	page := decode(in.Data, in.ContentType)
	r := bytes.NewReader(page)
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
	head := readHead(page)
	if pageURL != nil {
		a.URL = pageURL.String()
	} else {
		a.URL = head.address()
	}
	host := ""
	if u, err := url.Parse(a.URL); err == nil {
		host = u.Hostname()
	}
	a.Title = stripSiteSuffix(a.Title, host, head.ogSite, head.appName)
	if t, err := doc.PublishedTime(); err == nil {
		a.Published = t.UTC()
		a.DayOnly = pageDayOnly(head.publishedText(page), a.Published)
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
		b = decode(b, contentType)
	}
	return strings.ToValidUTF8(strings.TrimPrefix(string(b), "\ufeff"), "\uFFFD")
}

// decode returns b as valid UTF-8. A BOM, a Content-Type charset or a
// <meta> naming another charset is trusted. Otherwise charset says
// windows-1252 (also its guess whenever the first KiB is not UTF-8), and
// bytes that are mostly UTF-8 stay UTF-8 with the bad bytes replaced:
// reading them as windows-1252 would garble every correct non-ASCII
// character.
func decode(b []byte, contentType string) []byte {
	e, name, certain := charset.DetermineEncoding(b, contentType)
	if certain || name != "windows-1252" || !mostlyUTF8(b) {
		if d, err := e.NewDecoder().Bytes(b); err == nil {
			b = d
		}
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

// mostlyUTF8: some multi-byte UTF-8 sequences, and no more invalid bytes.
func mostlyUTF8(b []byte) bool {
	good, bad := 0, 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if n > 1 {
			good++
		} else if r == utf8.RuneError {
			bad++
		}
		b = b[n:]
	}
	return good > 0 && good >= bad
}
