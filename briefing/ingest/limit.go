package ingest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"

	"golang.org/x/net/html/charset"
)

// countItems counts a feed's items (RSS and RDF <item>, Atom <entry>,
// JSON Feed "items") with a streaming reader that stops once it has seen
// more than limit. It exists because gofeed builds every item before we
// could count them: a 10 MB feed of 100 000 tiny items cost over a
// gigabyte of allocations and many seconds just to be refused. The count
// is a lower bound on a broken document; gofeed's own result is checked
// against the limit again.
func countItems(data []byte, limit int) int {
	if t := bytes.TrimLeft(data, "\ufeff \t\r\n"); len(t) > 0 && t[0] == '{' {
		return countJSONItems(t, limit)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	n, depth := 0, 0
	for n <= limit {
		tok, err := d.RawToken()
		if err != nil {
			return n
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if (t.Name.Local == "item" && depth <= 3) || (t.Name.Local == "entry" && depth == 2) {
				n++
			}
		case xml.EndElement:
			depth--
		}
	}
	return n
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
