package ingest_test

import (
	"os"
	"testing"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// suffixPage is an article page titled title, with the given extra head.
func suffixPage(title, head string) []byte {
	return []byte(`<!doctype html><html><head><title>` + title + `</title>` + head + `</head><body><article>` +
		`<p>Dock workers at the harbour voted on Monday to end a strike that had halted cargo for nine days.</p>` +
		`<p>The harbour authority said the first ships would be unloaded from Tuesday morning, weather permitting.</p>` +
		`</article></body></html>`)
}

// A page without og:title keeps the site's name after its headline
// ("… | The Quay Times"); the headline alone is the article's title. Only
// a suffix that is the site's name goes.
func TestParseHTMLStripsTheSiteSuffixFromTheTitle(t *testing.T) {
	const og = `<meta property="og:site_name" content="The Quay Times">`
	for name, tc := range map[string]struct {
		url, title, head, want string
	}{
		"bar":                 {"https://quaytimes.example/a", "Harbour strike ends | The Quay Times", og, "Harbour strike ends"},
		"hyphen":              {"https://quaytimes.example/a", "Harbour strike ends - The Quay Times", og, "Harbour strike ends"},
		"em dash":             {"https://quaytimes.example/a", "Harbour strike ends — The Quay Times", og, "Harbour strike ends"},
		"middle dot":          {"https://quaytimes.example/a", "Harbour strike ends · the quay  times", og, "Harbour strike ends"},
		"application-name":    {"https://news.example/a", "Harbour strike ends | Quay", `<meta name="application-name" content="Quay">`, "Harbour strike ends"},
		"host's name":         {"https://www.quaytimes.example/a", "Harbour strike ends | QuayTimes", "", "Harbour strike ends"},
		"host itself":         {"https://www.quaytimes.example/a", "Harbour strike ends - quaytimes.example", "", "Harbour strike ends"},
		"only the last part":  {"https://quaytimes.example/a", "Docks | Harbour strike ends | The Quay Times", og, "Docks | Harbour strike ends"},
		"not the site's name": {"https://quaytimes.example/a", "Harbour strike ends - union hails deal", og, "Harbour strike ends - union hails deal"},
		"part of the name":    {"https://quaytimes.example/a", "Harbour strike ends | Times", og, "Harbour strike ends | Times"},
		"no site name":        {"", "Harbour strike ends | The Quay Times", "", "Harbour strike ends | The Quay Times"},
		"nothing before":      {"https://quaytimes.example/a", " | The Quay Times", og, "| The Quay Times"},
		"address, no name":    {"http://127.0.0.1:8080/a", "Harbour strike ends - 127.0.0.1", "", "Harbour strike ends - 127.0.0.1"},
		"no separator":        {"https://quaytimes.example/a", "The Quay Times", og, "The Quay Times"},
	} {
		t.Run(name, func(t *testing.T) {
			in := ingest.Input{Name: "page.html", Data: suffixPage(tc.title, tc.head)}
			if tc.url != "" {
				in.Name = tc.url
			}
			arts, _, err := ingest.Parse(in, ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if arts[0].Title != tc.want {
				t.Fatalf("title %q, want %q", arts[0].Title, tc.want)
			}
		})
	}
}

// The same on a page saved to a file, whose address is its canonical link.
func TestParseSavedPageStripsTheSiteSuffix(t *testing.T) {
	data, err := os.ReadFile("testdata/pages/quay-suffix.html")
	if err != nil {
		t.Fatal(err)
	}
	arts, _, err := ingest.Parse(ingest.Input{Name: "testdata/pages/quay-suffix.html", Data: data}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if arts[0].Title != "Harbour strike ends after nine days" {
		t.Fatalf("title %q", arts[0].Title)
	}
}
