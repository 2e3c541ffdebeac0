package ingest

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/briefbot/briefbot/briefing"
)

// savedFrom matches the comment browsers write atop a saved page:
// <!-- saved from url=(0035)https://… -->.
var savedFrom = regexp.MustCompile(`^\s*saved from url=\(\d+\)(\S+)`)

// savedAddress returns the address a saved page names for itself, read
// from its head: the canonical link, else og:url, else the browser's
// "saved from" comment; "" when none is an absolute http(s) URL. A page
// read from a file has no other address, and its story would have no link.
func savedAddress(page []byte) string {
	var canonical, og, saved string
	z := html.NewTokenizer(bytes.NewReader(page))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		switch {
		case tt == html.CommentToken:
			if m := savedFrom.FindStringSubmatch(tok.Data); m != nil && saved == "" {
				saved = m[1]
			}
		case tt != html.StartTagToken && tt != html.SelfClosingTagToken:
		case tok.DataAtom == atom.Body:
			return firstSafe(canonical, og, saved)
		case tok.DataAtom == atom.Link && strings.EqualFold(tokenAttr(tok, "rel"), "canonical") && canonical == "":
			canonical = tokenAttr(tok, "href")
		case tok.DataAtom == atom.Meta && strings.EqualFold(tokenAttr(tok, "property"), "og:url") && og == "":
			og = tokenAttr(tok, "content")
		}
	}
	return firstSafe(canonical, og, saved)
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
