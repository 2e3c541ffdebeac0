package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefing"
)

// Plain-text pages. A saved news page is a run of lines: headlines (short,
// unpunctuated, usually followed by a dateline), article paragraphs,
// furniture lines (bylines, "Leave a comment", tag lists) that close an
// article, and, between articles, teaser paragraphs of other stories. Each
// headline starts an article; furniture becomes its metadata; a paragraph
// that belongs to no article becomes a teaser article of its own.

const (
	maxHeadlineRunes = 160
	maxHeadlineWords = 25
	minBodyRunes     = 200 // a paragraph this long after a bare headline confirms it
)

type pageSplitter struct {
	source  string
	out     []briefing.Article
	cur     *briefing.Article
	paras   []string
	closed  bool // the current article's footer was seen
	lastIdx int  // index in out of the last finished article, -1 if none
}

// SplitText splits a plain-text page into articles.
func SplitText(source, text string) []briefing.Article {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	p := &pageSplitter{source: source, lastIdx: -1}
	for i := 0; i < len(lines); i++ {
		line := strings.Join(strings.Fields(lines[i]), " ")
		if line == "" {
			continue
		}
		next, nextIdx := nextLine(lines, i+1)
		if dl, ok := briefing.ParseDateline(next); ok && isHeadline(line) {
			p.start(line)
			dl.ApplyTo(p.cur)
			i = nextIdx
			continue
		}
		if isHeadline(line) && (blankBefore(lines, i) && utf8.RuneCountInString(next) >= minBodyRunes) {
			p.start(line)
			continue
		}
		if meta, ok := briefing.ParseMetaLine(line); ok {
			p.meta(meta)
			continue
		}
		p.paragraph(line)
	}
	p.finish()
	return p.out
}

func nextLine(lines []string, from int) (string, int) {
	for j := from; j < len(lines); j++ {
		if s := strings.Join(strings.Fields(lines[j]), " "); s != "" {
			return s, j
		}
	}
	return "", len(lines)
}

// blankBefore: line i starts the page or follows a blank line. (Checking
// that all lines before i are blank adds nothing, and made SplitText
// quadratic on pages that start with many blank lines.)
func blankBefore(lines []string, i int) bool {
	return i == 0 || strings.TrimSpace(lines[i-1]) == ""
}

// isHeadline: short, a few words, and not ending like a sentence or clause.
func isHeadline(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxHeadlineRunes || len(strings.Fields(s)) > maxHeadlineWords {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '"' && r != '“' && r != '‘' {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(".,;:…", last)
}

func (p *pageSplitter) start(title string) {
	p.finish()
	p.cur = &briefing.Article{Source: p.source, Title: title}
	p.closed = false
}

func (p *pageSplitter) meta(m briefing.Meta) {
	switch {
	case p.cur != nil:
		m.ApplyTo(p.cur)
		p.closed = true
	case p.lastIdx >= 0:
		m.ApplyTo(&p.out[p.lastIdx])
	}
}

func (p *pageSplitter) paragraph(line string) {
	if p.cur != nil && !p.closed {
		p.paras = append(p.paras, line)
		return
	}
	p.finish()
	p.out = append(p.out, briefing.Article{Source: p.source, Text: line, Fragment: isFragment(line)})
}

func (p *pageSplitter) finish() {
	if p.cur == nil {
		return
	}
	if len(p.paras) > 0 {
		p.cur.Text = strings.Join(p.paras, "\n\n")
		p.out = append(p.out, *p.cur)
		p.lastIdx = len(p.out) - 1
	}
	p.cur, p.paras, p.closed = nil, nil, false
}

// isFragment: the paragraph starts or ends mid-sentence.
func isFragment(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r) || briefing.IsCut(s)
}
