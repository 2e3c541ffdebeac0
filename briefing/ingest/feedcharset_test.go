package ingest_test

import (
	"context"
	"encoding/binary"
	"net/http"
	"net/http/httptest"
	"testing"
	"unicode/utf16"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// latin1Feed is an RSS feed in ISO-8859-1 whose XML has no declaration
// naming it: only the server's Content-Type does.
const latin1Feed = "<rss version=\"2.0\"><channel><title>Caf\xe9s</title><item><title>Caf\xe9 harbour na\xefve</title>" +
	"<guid>1</guid><description>Le caf\xe9 du port ouvre apr\xe8s travaux.</description></item></channel></rss>"

// A feed's charset may be declared by the server alone (no encoding in the
// XML declaration, or no declaration): it was refused as "malformed feed:
// invalid UTF-8". It is decoded by the Content-Type's charset, else
// guessed as for pages.
func TestFeedCharsetFromContentType(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/declared.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=ISO-8859-1")
		w.Write([]byte(latin1Feed))
	})
	mux.HandleFunc("/undeclared.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?>` + latin1Feed))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, path := range []string{"/declared.xml", "/undeclared.xml"} {
		in, err := ingest.Fetcher{}.Fetch(context.Background(), srv.URL+path)
		if err != nil {
			t.Fatal(err)
		}
		arts, kind, err := ingest.Parse(in, ingest.Options{})
		if err != nil || kind != ingest.KindFeed || len(arts) != 1 {
			t.Fatalf("%s: %v, %s, %d articles", path, err, kind, len(arts))
		}
		if arts[0].Title != "Café harbour naïve" || arts[0].Text != "Le café du port ouvre après travaux." {
			t.Errorf("%s: %q / %q", path, arts[0].Title, arts[0].Text)
		}
	}
}

// A UTF-16 feed (with its byte-order mark, as XML requires) is a feed,
// not "binary data".
func TestFeedInUTF16(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>U</title><item><title>Harbour café reopens</title>` +
		`<guid>1</guid><description>The harbour café reopened on Monday.</description></item></channel></rss>`
	for _, e := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		var data []byte
		for _, u := range utf16.Encode([]rune("\ufeff" + doc)) {
			data = e.AppendUint16(data, u)
		}
		arts, kind, err := ingest.Parse(ingest.Input{Name: "utf16.xml", Data: data}, ingest.Options{})
		if err != nil || kind != ingest.KindFeed || len(arts) != 1 || arts[0].Title != "Harbour café reopens" {
			t.Errorf("endianness %v: %v, %s, %+v", e, err, kind, arts)
		}
	}
}

// The poller keeps a feed's title for /source list and briefings' source
// names: it is read from the same decoded bytes as the items, so a feed
// whose charset only the server names, or a UTF-16 one, has its title too.
func TestInputMetaDecodesLikeItems(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=ISO-8859-1")
		w.Write([]byte(latin1Feed))
	}))
	defer srv.Close()
	in, err := ingest.Fetcher{}.Fetch(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if m := ingest.ReadInputMeta(in); !m.OK || m.Title != "Cafés" || m.Items != 1 {
		t.Errorf("latin1 feed meta: %+v", m)
	}
	var utf16BE []byte
	for _, u := range utf16.Encode([]rune("\ufeff<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Häfen</title></channel></rss>")) {
		utf16BE = binary.BigEndian.AppendUint16(utf16BE, u)
	}
	if m := ingest.ReadInputMeta(ingest.Input{Name: "u.xml", Data: utf16BE}); !m.OK || m.Title != "Häfen" {
		t.Errorf("UTF-16 feed meta: %+v", m)
	}
}
