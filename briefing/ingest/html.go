package ingest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLText converts an HTML fragment to plain text: block elements become
// paragraph breaks, script/style and similar are dropped, entities decoded.
// Plain text passes through unchanged.
func HTMLText(s string) string {
	return scrub(htmlText(s))
}

func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		// The parser refuses elements nested deeper than 512; the raw
		// markup must not become the text (tags, script and all).
		return tokenText(s)
	}
	var b textBuilder
	for _, n := range nodes {
		b.walk(n)
	}
	return b.String()
}

func nodeText(n *html.Node) string {
	var b textBuilder
	b.walk(n)
	return scrub(b.String())
}

// scrub handles text that still holds script or style tags after parsing:
// HTML escaped twice (common in feeds), or raw text from <plaintext>,
// <textarea> or <title>. Text that also closes such a tag is markup and is
// parsed again, a few times for deeper escaping. What is left, such as
// prose naming a "<script>" tag, only loses the tag's "<", so that no
// script or style reaches the core and no sentence is cut off.
func scrub(s string) string {
	for i := 0; i < 3 && hasTag(s, "<script", "<style") && hasTag(s, "</script", "</style"); i++ {
		s = htmlText(s)
	}
	if !hasTag(s, "<script", "<style") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		// 24 bytes hold the next six runes, lowercased as hasTag does.
		if s[i] == '<' && hasPrefix(strings.ToLower(s[i+1:min(len(s), i+25)]), "script", "style") {
			b.WriteString("‹")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func hasPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// hasTag reports whether s, lowercased as a whole, contains one of tags.
func hasTag(s string, tags ...string) bool {
	l := strings.ToLower(s)
	for _, t := range tags {
		if strings.Contains(l, t) {
			return true
		}
	}
	return false
}

type textBuilder struct {
	strings.Builder
	pre int // depth inside <pre>, the one place where a newline breaks a line
}

var skipped = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true,
	atom.Svg: true, atom.Template: true, atom.Head: true, atom.Object: true, atom.Embed: true, atom.Form: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Nav: true}

var blocks = map[atom.Atom]bool{atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true,
	atom.Tr: true, atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Ul: true,
	atom.Ol: true, atom.Table: true, atom.Pre: true, atom.Figcaption: true, atom.Hr: true, atom.Dd: true, atom.Dt: true}

func (b *textBuilder) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if b.pre == 0 {
			// Source line wrapping is whitespace, not a paragraph break.
			b.WriteString(strings.ReplaceAll(n.Data, "\n", " "))
		} else {
			b.WriteString(n.Data)
		}
		return
	case html.ElementNode:
		if skipped[n.DataAtom] {
			return
		}
		if n.DataAtom == atom.Pre {
			b.pre++
			defer func() { b.pre-- }()
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	block := n.Type == html.ElementNode && blocks[n.DataAtom]
	if block {
		b.WriteString("\n")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.walk(c)
	}
	if block {
		b.WriteString("\n")
	}
}

// tokenText is the text of markup the parser refuses, read by the
// tokenizer, which keeps no tree and so has no nesting limit: the text
// between tags, without that of skipped elements, block tags breaking
// paragraphs.
func tokenText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b textBuilder
	skip := 0 // open skipped elements
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.WriteString(strings.ReplaceAll(string(z.Text()), "\n", " "))
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case skipped[a] && tt == html.StartTagToken && a != atom.Embed: // <embed> is void
				skip++
			case skipped[a] && tt == html.EndTagToken:
				skip = max(0, skip-1)
			case blocks[a]:
				b.WriteString("\n")
			}
		}
	}
}

// String joins the text into paragraphs separated by a blank line, as
// briefing.Article.Text has them, with single spaces inside.
func (b *textBuilder) String() string {
	var paras []string
	for _, line := range strings.Split(b.Builder.String(), "\n") {
		if l := strings.Join(strings.Fields(line), " "); l != "" {
			paras = append(paras, l)
		}
	}
	return strings.Join(paras, "\n\n")
}
