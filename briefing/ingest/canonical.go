package ingest

import (
	"bytes"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/briefbot/briefbot/briefing"
)

// savedFrom matches the comment browsers write atop a saved page:
// <!-- saved from url=(0035)https://… -->.
var savedFrom = regexp.MustCompile(`^\s*saved from url=\(\d+\)(\S+)`)

// pageHead is what a page's head says of itself, read in one pass up to
// <body>: its addresses (the canonical link, og:url, the "saved from"
// comment a browser writes atop a saved page) and its site's names
// (og:site_name, the application-name meta).
type pageHead struct {
	canonical, ogURL, savedFrom string
	ogSite, appName             string
	// dates are the head's publication-date metas by name (publishedMetas),
	// as written.
	dates map[string]string
}

// publishedMetas are the metas the page parser takes a publication date
// from, in its order of preference (after JSON-LD's datePublished).
var publishedMetas = []string{"article:published_time", "dcterms.available", "dcterms.created", "dcterms.issued",
	"parsely-pub-date"}

func readHead(page []byte) pageHead {
	var h pageHead
	z := html.NewTokenizer(bytes.NewReader(page))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		switch {
		case tt == html.CommentToken:
			if m := savedFrom.FindStringSubmatch(tok.Data); m != nil && h.savedFrom == "" {
				h.savedFrom = m[1]
			}
		case tt != html.StartTagToken && tt != html.SelfClosingTagToken:
		case tok.DataAtom == atom.Body:
			return h
		case tok.DataAtom == atom.Link && strings.EqualFold(tokenAttr(tok, "rel"), "canonical") && h.canonical == "":
			h.canonical = tokenAttr(tok, "href")
		case tok.DataAtom == atom.Meta:
			switch content := tokenAttr(tok, "content"); {
			case strings.EqualFold(tokenAttr(tok, "property"), "og:url") && h.ogURL == "":
				h.ogURL = content
			case strings.EqualFold(tokenAttr(tok, "property"), "og:site_name") && h.ogSite == "":
				h.ogSite = HTMLText(content)
			case strings.EqualFold(tokenAttr(tok, "name"), "application-name") && h.appName == "":
				h.appName = HTMLText(content)
			default:
				h.addDate(tokenAttr(tok, "property"), tokenAttr(tok, "name"), content)
			}
		}
	}
	return h
}

// addDate keeps a publication-date meta's content, the first of each name.
func (h *pageHead) addDate(property, name, content string) {
	for _, key := range []string{property, name} {
		key = strings.ToLower(strings.TrimSpace(key))
		if key == "" || content == "" || !slices.Contains(publishedMetas, key) {
			continue
		}
		if h.dates == nil {
			h.dates = map[string]string{}
		}
		if _, ok := h.dates[key]; !ok {
			h.dates[key] = content
		}
	}
}

// jsonLDPublished finds a JSON-LD datePublished as written.
var jsonLDPublished = regexp.MustCompile(`"datePublished"\s*:\s*"([^"]{1,80})"`)

// publishedText is the text the page's publication date was read from:
// JSON-LD's datePublished, else the first publication-date meta; "" when
// none is found.
func (h pageHead) publishedText(page []byte) string {
	if m := jsonLDPublished.FindSubmatch(page); m != nil {
		return string(m[1])
	}
	for _, k := range publishedMetas {
		if v := h.dates[k]; v != "" {
			return v
		}
	}
	return ""
}

// address is the address a saved page names for itself: the canonical
// link, else og:url, else the "saved from" comment; "" when none is an
// absolute http(s) URL. A page read from a file has no other address, and
// its story would have no link.
func (h pageHead) address() string { return firstSafe(h.canonical, h.ogURL, h.savedFrom) }

// siteName is the name a page gives its site: og:site_name, else the
// application-name meta; "" when neither. It names the outlet of a page
// as a feed's title names a feed's.
func (h pageHead) siteName() string {
	if h.ogSite != "" {
		return h.ogSite
	}
	return h.appName
}

func tokenAttr(t html.Token, name string) string {
	for _, a := range t.Attr {
		if strings.EqualFold(a.Key, name) {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

func firstSafe(urls ...string) string {
	for _, u := range urls {
		if s := briefing.SafeLink(u); s != "" {
			return s
		}
	}
	return ""
}
