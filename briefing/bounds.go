package briefing

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Size bounds of one stored article. A feed item can be as large as the
// fetch limit (10 MB): stored whole, one such item cost 400 MB to ingest
// and 300–400 MB for every /brief that summarised it, and a 1 MB title was
// returned whole. Clean cuts every article to these bounds, so the index,
// the store and the summaries never see more and the memory of an ingest
// or a /brief does not grow with one article's size.
const (
	MaxTitleRunes  = 500
	MaxAuthorRunes = 200
	MaxTags        = 32
	MaxTagRunes    = 100
	MaxURLBytes    = 4096
	// MaxTextBytes bounds the cleaned text. A longer text keeps its
	// start, up to the last whole paragraph or sentence that fits, and
	// ends with CutNote.
	MaxTextBytes = 200 << 10
	// maxRawTextBytes is what Clean reads of a text before cleaning:
	// cleaning only removes (furniture lines, spaces), so this is ample
	// for MaxTextBytes of clean text from anything but a text made mostly
	// of blank space, and it bounds Clean's own copies.
	maxRawTextBytes = 5 * MaxTextBytes
)

// MaxSummaryRunes bounds one summary line of an Item. A text without
// sentence ends (a run-on, a table flattened to words) is one "sentence"
// as long as the article: shown whole, one line was up to 200 KB, which
// every briefing of it carried into the JSON API, the Atom feeds, each
// stored web page (up to 50 stories, kept for weeks, one per /brief
// anyone asks) and a written overview's prompt. News sentences are far
// shorter, so no real summary line is cut.
const MaxSummaryRunes = 1000

// MaxSourceNameRunes bounds an outlet's name (a feed's title, a page's
// site name). Every story a briefing shows carries its outlets' names:
// a feed titled with 2 MB of text made one 20-story /brief answer 80 MB
// of JSON, and each stored web page as large.
const MaxSourceNameRunes = 200

// SourceName is an outlet's name as briefings show it: one line, without
// control characters (escape sequences must not reach a terminal), at
// most MaxSourceNameRunes.
func SourceName(s string) string {
	return cutRunes(strings.Join(strings.Fields(noControls(validPrefix(s, 64<<10))), " "), MaxSourceNameRunes)
}

// CutNote ends a text that was cut at MaxTextBytes.
const CutNote = "[The rest of this article, past 200 KB of text, was not stored.]"

// precut shortens raw text to maxRawTextBytes before cleaning, at a rune
// boundary; cut says whether anything was dropped.
func precut(s string) (out string, cut bool) {
	if len(s) <= maxRawTextBytes {
		return s, false
	}
	return validPrefix(s, maxRawTextBytes), true
}

// boundArticle applies the size bounds to a cleaned article. cut says the
// raw text was already shortened by precut.
func boundArticle(a Article, cut bool) Article {
	a.Title = cutRunes(a.Title, MaxTitleRunes)
	a.Author = cutRunes(a.Author, MaxAuthorRunes)
	if len(a.URL) > MaxURLBytes {
		a.URL = ""
	}
	if len(a.Tags) > MaxTags {
		a.Tags = a.Tags[:MaxTags]
	}
	for i, t := range a.Tags {
		a.Tags[i] = cutRunes(t, MaxTagRunes)
	}
	if cut || len(a.Text) > MaxTextBytes {
		a.Text = cutText(a.Text, MaxTextBytes-len(CutNote)-2) + "\n\n" + CutNote
	}
	return a
}

// cutText returns the longest start of s within n bytes that ends at a
// paragraph break, else after a sentence, else at a space, else at a rune
// boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	head := validPrefix(s, n)
	if i := strings.LastIndex(head, "\n\n"); i > n/2 {
		return head[:i]
	}
	for i := len(head) - 1; i > n/2; i-- {
		if head[i] == ' ' && i > 0 {
			if r, _ := utf8.DecodeLastRuneInString(head[:i]); isTerminator(r) {
				return head[:i]
			}
		}
	}
	if i := strings.LastIndexFunc(head, unicode.IsSpace); i > n/2 {
		return head[:i]
	}
	return head
}

// BoundSourceName bounds an outlet's name as read from a fetch (see
// SourceName), and drops its home page if longer than MaxURLBytes (as an
// article's URL).
func BoundSourceName(name, site string) (string, string) {
	if len(site) > MaxURLBytes {
		site = ""
	}
	return SourceName(name), site
}

// boundSummary cuts each summary line to MaxSummaryRunes.
func boundSummary(sum []string) []string {
	for i, s := range sum {
		sum[i] = cutRunes(s, MaxSummaryRunes)
	}
	return sum
}

// cutRunes shortens s to at most n runes, ending in "…" when cut.
func cutRunes(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	out := string(r)
	if i := strings.LastIndexFunc(out, unicode.IsSpace); i > len(out)/2 {
		out = out[:i]
	}
	return strings.TrimRightFunc(out, unicode.IsSpace) + "…"
}

// validPrefix is s cut to at most n bytes without splitting a rune.
func validPrefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
