package ingest_test

import (
	"testing"

	"github.com/briefbot/briefbot/briefing/ingest"
)

func TestSourceTitleOfAPageIsItsSiteName(t *testing.T) {
	for name, tc := range map[string]struct {
		page, ct, want string
	}{
		"og":          {`<html><head><meta property="og:site_name" content="The Quay Times"><meta name="application-name" content="Quay"></head><body><p>x</p></body></html>`, "", "The Quay Times"},
		"application": {`<html><head><meta name="application-name" content="Quay &amp; Dock"></head><body></body></html>`, "", "Quay & Dock"},
		"charset":     {"<html><head><meta property=\"og:site_name\" content=\"Caf\xe9 Courier\"></head><body></body></html>", "text/html; charset=windows-1252", "Café Courier"},
		"in the body": {`<html><head><title>A | B</title></head><body><meta property="og:site_name" content="Not the head"></body></html>`, "", ""},
		"none":        {`<html><head><title>Harbour strike ends | The Quay Times</title></head><body></body></html>`, "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			title, site := ingest.SourceTitle(ingest.ReadInputMeta(ingest.Input{Name: "p.html", Data: []byte(tc.page), ContentType: tc.ct}))
			if title != tc.want || site != "" {
				t.Fatalf("got %q %q, want %q", title, site, tc.want)
			}
		})
	}
}

func TestSourceTitleOfAFeedIsItsTitleAndLink(t *testing.T) {
	feed := `<rss version="2.0"><channel><title>Global Wire &amp;amp; Co</title><link>https://wire.example/</link>` +
		`<item><title>x</title></item></channel></rss>`
	title, site := ingest.SourceTitle(ingest.ReadInputMeta(ingest.Input{Name: "f.xml", Data: []byte(feed)}))
	if title != "Global Wire & Co" || site != "https://wire.example/" {
		t.Fatalf("got %q %q", title, site)
	}
}
