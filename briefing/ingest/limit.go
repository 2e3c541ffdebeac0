package ingest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"slices"

	"golang.org/x/net/html/charset"

	"github.com/briefbot/briefbot/briefing"
)

// maxFeedDepth bounds how deeply a feed's XML elements may nest. gofeed
// reads unknown (extension) elements recursively, one stack frame per
// level: a 10 MB feed of nested elements overflowed the goroutine stack,
// a fatal error no recover catches, which took `serve` down (and again
// after every restart, the source being due once more). Feeds nest a few
// levels, inline XHTML content a few dozen.
const maxFeedDepth = 256

// feedShape is what a streaming read of a feed tells before gofeed
// builds it.
type feedShape struct {
	items int  // a lower bound past the limit (see readShape)
	deep  bool // elements nest deeper than maxFeedDepth
}

// readShape counts a feed's items (RSS and RDF <item>, Atom <entry>,
// JSON Feed "items") with a streaming reader that stops once it has seen
// more than limit, or elements nested deeper than maxFeedDepth. It exists
// because gofeed builds every item before we could count them: a 10 MB
// feed of 100 000 tiny items cost over a gigabyte of allocations and many
// seconds just to be refused. The count is a lower bound on a broken
// document; gofeed's own result is checked against the limit again. data
// must be the bytes gofeed is given, so that both stop at the same error.
func readShape(data []byte, limit int) feedShape {
	if t := bytes.TrimLeft(data, "\ufeff \t\r\n"); len(t) > 0 && t[0] == '{' {
		return feedShape{items: countJSONItems(t, limit)}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	n, depth := 0, 0
	for n <= limit {
		tok, err := d.RawToken()
		if err != nil {
			return feedShape{items: n}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxFeedDepth {
				return feedShape{items: n, deep: true}
			}
			if (t.Name.Local == "item" && depth <= 3) || (t.Name.Local == "entry" && depth == 2) {
				n++
			}
		case xml.EndElement:
			depth--
		}
	}
	return feedShape{items: n}
}

// countJSONItems counts the elements of a JSON Feed's top-level "items"
// array, stopping past limit.
func countJSONItems(data []byte, limit int) int {
	d := json.NewDecoder(bytes.NewReader(data))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return 0
	}
	for d.More() {
		key, err := d.Token()
		if err != nil {
			return 0
		}
		if key != "items" {
			var skip json.RawMessage
			if d.Decode(&skip) != nil {
				return 0
			}
			continue
		}
		if tok, err := d.Token(); err != nil || tok != json.Delim('[') {
			return 0
		}
		n := 0
		for ; n <= limit && d.More(); n++ {
			var skip json.RawMessage
			if d.Decode(&skip) != nil {
				return n
			}
		}
		return n
	}
	return 0
}

// newest returns the limit newest of a feed's items, in the feed's order:
// newest by publication date, then the undated ones by their place in the
// feed (feeds list their newest first), so an undated item counts as
// older than any dated one. A feed reader shows a long feed's newest
// items rather than refusing it.
func newest(arts []briefing.Article, limit int) []briefing.Article {
	if len(arts) <= limit {
		return arts
	}
	order := make([]int, len(arts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		pa, pb := arts[a].Published, arts[b].Published
		if pa.IsZero() || pb.IsZero() {
			return cmp.Compare(boolInt(pa.IsZero()), boolInt(pb.IsZero()))
		}
		return pb.Compare(pa)
	})
	keep := order[:limit]
	slices.Sort(keep)
	out := make([]briefing.Article, len(keep))
	for i, k := range keep {
		out[i] = arts[k]
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
