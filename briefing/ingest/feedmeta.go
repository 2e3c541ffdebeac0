package ingest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/briefbot/briefbot/briefing"
)

// FeedMeta is what the poller needs of a feed besides its items: a title
// and home page for /source list and OPML, the RSS <ttl>, and the item
// count, which tells an empty feed (fine) from one that did not parse.
// For an HTML page (ReadInputMeta) it holds only the page's site name.
type FeedMeta struct {
	Title, Link string
	TTL         time.Duration
	Items       int
	OK          bool   // the document is a feed
	SiteName    string // an HTML page's og:site_name or application-name
}

// SourceTitle is the name and home page a source is shown by, as one
// fetch tells them: a feed's own title and link, or a page's site name.
// Both are empty when the input names no outlet (briefings then show the
// host). Polled sources and one-shot ingest name outlets by it alike.
func SourceTitle(m FeedMeta) (title, site string) {
	if m.OK {
		if site = strings.TrimSpace(m.Link); len(site) > briefing.MaxURLBytes {
			site = ""
		}
		return briefing.SourceName(HTMLText(m.Title)), site
	}
	return briefing.SourceName(m.SiteName), ""
}

// ReadFeedMeta reads an RSS, RDF, Atom or JSON feed's metadata. It never
// fails: a document it cannot read gives ok false.
func ReadFeedMeta(data []byte) FeedMeta {
	if t := bytes.TrimLeft(data, "\ufeff \t\r\n"); len(t) > 0 && t[0] == '{' {
		return jsonFeedMeta(t)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	var m FeedMeta
	var path []string // local names of the open elements
	for {
		tok, err := d.Token()
		if err != nil {
			return m
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			m.start(path, t)
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		case xml.CharData:
			m.text(path, string(t))
		}
	}
}

func (m *FeedMeta) start(path []string, t xml.StartElement) {
	root := path[0]
	switch {
	case len(path) == 1:
		m.OK = root == "rss" || root == "RDF" || root == "feed"
	case root == "feed" && len(path) == 2 && t.Name.Local == "entry",
		len(path) <= 3 && t.Name.Local == "item":
		m.Items++
	case root == "feed" && len(path) == 2 && t.Name.Local == "link" && m.Link == "":
		if rel := attr(t, "rel"); rel == "" || rel == "alternate" {
			m.Link = attr(t, "href")
		}
	}
}

// text keeps the channel's (not an item's) title, link and ttl. Only
// un-namespaced RSS elements count: atom:link in RSS has no text.
func (m *FeedMeta) text(path []string, s string) {
	if len(path) != 3 && !(len(path) == 2 && path[0] == "feed") {
		return
	}
	s = strings.TrimSpace(s)
	inChannel := len(path) == 3 && path[1] == "channel"
	switch last := path[len(path)-1]; {
	case s == "":
	case last == "title" && (inChannel || len(path) == 2):
		m.Title += s
	case last == "link" && inChannel && m.Link == "":
		m.Link = s
	case last == "ttl" && inChannel:
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			m.TTL = time.Duration(min(n, 7*24*60)) * time.Minute
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func jsonFeedMeta(data []byte) FeedMeta {
	var f struct {
		Version     string            `json:"version"`
		Title       string            `json:"title"`
		HomePageURL string            `json:"home_page_url"`
		Items       []json.RawMessage `json:"items"`
	}
	if json.Unmarshal(data, &f) != nil || !strings.Contains(f.Version, "jsonfeed") {
		return FeedMeta{}
	}
	return FeedMeta{Title: strings.TrimSpace(f.Title), Link: f.HomePageURL, Items: len(f.Items), OK: true}
}

var feedTypes = map[string]bool{"application/rss+xml": true, "application/atom+xml": true,
	"application/feed+json": true, "application/json": true, "application/rdf+xml": true}

// DiscoverFeed returns the first feed a page links to with
// <link rel="alternate" type="application/rss+xml" href="…">, resolved
// against pageURL, or "" when it names none.
func DiscoverFeed(page []byte, pageURL string) string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken: // io.EOF or a broken page: no feed link either way
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			if t.DataAtom == atom.Body {
				return "" // feed links live in the head
			}
			if href := feedLink(t); href != "" {
				if u, err := base.Parse(href); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
					return u.String()
				}
			}
		}
	}
}

func feedLink(t html.Token) string {
	if t.DataAtom != atom.Link {
		return ""
	}
	var rel, typ, href string
	for _, a := range t.Attr {
		switch strings.ToLower(a.Key) {
		case "rel":
			rel = strings.ToLower(a.Val)
		case "type":
			typ = strings.ToLower(strings.TrimSpace(a.Val))
		case "href":
			href = strings.TrimSpace(a.Val)
		}
	}
	if !strings.Contains(" "+rel+" ", " alternate ") || !feedTypes[typ] {
		return ""
	}
	return href
}
