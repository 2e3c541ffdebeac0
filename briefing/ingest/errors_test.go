package ingest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// assertInputErr checks that err wraps ErrInput and names the input.
func assertInputErr(t *testing.T, err error, name string) {
	t.Helper()
	if err == nil {
		t.Fatal("got no error")
	}
	if !errors.Is(err, ingest.ErrInput) {
		t.Errorf("error %q does not wrap ErrInput", err)
	}
	if !strings.Contains(err.Error(), name) {
		t.Errorf("error %q does not name the input %q", err, name)
	}
}

// rssItems is an RSS 2.0 document with n items.
func rssItems(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>`)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Item %d</title><guid>i%d</guid><description>Body %d.</description></item>", i, i, i)
	}
	b.WriteString("</channel></rss>")
	return []byte(b.String())
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		opt  ingest.Options
	}{
		{"Empty", nil, ingest.Options{}},
		{"WhitespaceOnly", []byte(" \n\t\r\n  \f\r"), ingest.Options{}},
		{"BOMOnly", []byte("\ufeff"), ingest.Options{}},
		{"BOMAndBlankLines", []byte("\ufeff\r\n\r\n  \r\n"), ingest.Options{}},
		{"PNGHeader", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), ingest.Options{}},
		{"NULBytes", []byte("Looks like text\x00\x00\x00 but is not"), ingest.Options{}},
		{"ControlBytes", []byte("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15ab"), ingest.Options{}},
		{"TruncatedRSS", []byte("<rss><channel><item><title>x</title>"), ingest.Options{}},
		{"TruncatedAtom", []byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x`), ingest.Options{}},
		{"FeedWithoutItems", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>None</title></channel></rss>`), ingest.Options{}},
		{"OverMaxFeedItems", rssItems(4*ingest.MaxFeedFactor + 1), ingest.Options{MaxItems: 4}},
		{"OverMaxBytes", []byte(strings.Repeat("A long line of plain text. ", 100)), ingest.Options{MaxBytes: 1000}},
		{"JSONObjectNotFeed", []byte(`{"name": "inventory", "count": 3, "tags": ["a", "b"]}`), ingest.Options{}},
		{"JSONArrayNotFeed", []byte(`[{"title": "Not a feed", "body": "Just an array of objects."}]`), ingest.Options{}},
		{"JSONFeedWithoutItems", []byte(`{"version": "https://jsonfeed.org/version/1.1", "title": "Empty", "items": []}`), ingest.Options{}},
		{"MalformedJSON", []byte(`{"version": "https://jsonfeed.org/version/1.1", "items": [`), ingest.Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "inputs/" + tt.name + ".dat"
			arts, _, err := ingest.Parse(ingest.Input{Name: name, Data: tt.data}, tt.opt)
			assertInputErr(t, err, name)
			if arts != nil {
				t.Errorf("got %d articles, want nil", len(arts))
			}
		})
	}
}

// At the limits exactly, input is accepted.
func TestParseAtLimits(t *testing.T) {
	t.Run("MaxItems", func(t *testing.T) {
		arts, _, err := ingest.Parse(ingest.Input{Name: "four", Data: rssItems(4)}, ingest.Options{MaxItems: 4})
		if err != nil || len(arts) != 4 {
			t.Errorf("got %d articles, err %v; want 4", len(arts), err)
		}
	})
	t.Run("MaxBytes", func(t *testing.T) {
		data := []byte(strings.Repeat("x", 990) + " The end.")
		arts, _, err := ingest.Parse(ingest.Input{Name: "exact", Data: data}, ingest.Options{MaxBytes: len(data)})
		if err != nil || len(arts) != 1 {
			t.Errorf("got %d articles, err %v; want 1", len(arts), err)
		}
	})
}

func TestParseTextOverItemLimit(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, "Paragraph number %d says something complete.\n", i)
	}
	_, _, err := ingest.Parse(ingest.Input{Name: "dump.txt", Data: []byte(b.String())}, ingest.Options{MaxItems: 10})
	if !errors.Is(err, ingest.ErrInput) || !strings.Contains(err.Error(), "dump.txt") {
		t.Fatalf("want an input error naming dump.txt, got %v", err)
	}
}
