package ingest

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageSiteName returns the name a page gives its site, read from its
// head: og:site_name, else the application-name meta; "" when neither.
// It names the outlet of a page as a feed's title names a feed's.
func pageSiteName(page []byte) string {
	var og, app string
	z := html.NewTokenizer(bytes.NewReader(page))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.DataAtom == atom.Body {
			break
		}
		if tok.DataAtom != atom.Meta {
			continue
		}
		switch content := HTMLText(tokenAttr(tok, "content")); {
		case strings.EqualFold(tokenAttr(tok, "property"), "og:site_name") && og == "":
			og = content
		case strings.EqualFold(tokenAttr(tok, "name"), "application-name") && app == "":
			app = content
		}
	}
	if og != "" {
		return og
	}
	return app
}
