package web

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// allowedTags are every element the page template writes; article text
// must never add one.
var allowedTags = map[string]bool{"html": true, "head": true, "body": true, "meta": true, "title": true, "link": true,
	"main": true, "header": true, "h1": true, "h2": true, "h3": true, "h4": true, "p": true, "time": true, "section": true,
	"ol": true, "ul": true, "li": true, "article": true, "a": true, "span": true, "footer": true, "div": true}

// FuzzPageKeepsArticleTextInert renders a page whose story fields are
// arbitrary and checks that they added no element, no event handler and
// no link other than an absolute http(s) one.
func FuzzPageKeepsArticleTextInert(f *testing.F) {
	f.Add(`<img src=x onerror=alert(1)>`, "javascript:alert(1)", "Outlet", `"><script>alert(1)</script>`, "data:text/html,<b>x</b>")
	f.Add("Plain title", "https://example.com/a?b=1&c=<2>", "<b>bold</b>", "why", " JaVaScRiPt:alert(1)")
	f.Add("t", "http://x/\"onmouseover=\"alert(1)", "o", "w", "vbscript:msgbox(1)")
	s, err := New(nil, nil, Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title, link, outlet, text, other string) {
		at := time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC)
		it := briefing.Item{ID: 1, Title: title, URL: link, Source: outlet, Published: at, Summary: []string{text}, Why: text,
			Author: outlet, Sources: []briefing.SourceRef{{ID: 1, Source: outlet, URL: link}, {ID: 2, Source: text, URL: other, Published: at}}}
		snap := snapshot{Kind: "briefing", Title: title, Text: text, Footer: text, Posted: at,
			Sections: []bot.Section{{Heading: title, Items: []briefing.Item{it}, Overview: &bot.Overview{Checked: 1,
				Sentences: []bot.OverviewSentence{{Text: text, Cites: []int{1, 2, 0, -1}}, {Text: title}}}}, {Heading: outlet}}}
		var b strings.Builder
		if err := s.tpl.ExecuteTemplate(&b, "page.html", s.pageView(snap, briefing.Page{ExpiresAt: at})); err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if !allowedTags[n.Data] {
					t.Fatalf("article text made a <%s> element:\n%s", n.Data, b.String())
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(strings.ToLower(a.Key), "on") {
						t.Fatalf("article text made an event handler %s=%q", a.Key, a.Val)
					}
					if a.Key == "href" && a.Val != "/static/web.css" && !hasWebScheme(a.Val) && !storyLink.MatchString(a.Val) {
						t.Fatalf("href %q is not an http(s) URL", a.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	})
}

// storyLink is an overview citation's link to a story on the page.
var storyLink = regexp.MustCompile(`^#s[0-9]+-[0-9]+$`)

func hasWebScheme(u string) bool {
	l := bytes.ToLower([]byte(u))
	return bytes.HasPrefix(l, []byte("http://")) || bytes.HasPrefix(l, []byte("https://"))
}
