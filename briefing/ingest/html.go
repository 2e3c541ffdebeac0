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
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return strings.TrimSpace(s)
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
	return b.String()
}

type textBuilder struct{ strings.Builder }

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
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipped[n.DataAtom] {
			return
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

// String joins the text into paragraphs with single spaces inside.
func (b *textBuilder) String() string {
	var paras []string
	for _, line := range strings.Split(b.Builder.String(), "\n") {
		if l := strings.Join(strings.Fields(line), " "); l != "" {
			paras = append(paras, l)
		}
	}
	return strings.Join(paras, "\n")
}
