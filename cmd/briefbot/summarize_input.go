package main

import (
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// summarizeInput is the article text `summarize` works on. The input is
// checked and parsed as `ingest` would, so what ingest refuses (binary
// data, an empty or malformed input) summarize refuses with the same
// message: a saved HTML page gives its article text, not its markup; a
// feed of one item gives that item; a feed of several is refused (there
// is no one article to summarise); plain text is taken whole.
func summarizeInput(name string, data []byte, maxBytes int) (string, error) {
	arts, kind, err := ingest.Parse(ingest.Input{Name: name, Data: data}, ingest.Options{MaxBytes: maxBytes})
	if err != nil {
		return "", err
	}
	switch kind {
	case ingest.KindFeed:
		if len(arts) != 1 {
			return "", fmt.Errorf("%s: a feed of %d items, not one article: `briefbot ingest` it, or summarise one item's text", name, len(arts))
		}
		return arts[0].Text, nil
	case ingest.KindHTML:
		var parts []string
		for _, a := range arts {
			parts = append(parts, a.Text)
		}
		return strings.Join(parts, "\n\n"), nil
	}
	return strings.ToValidUTF8(string(data), "\uFFFD"), nil
}
