package ingest_test

import (
	"fmt"
	"testing"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
)

const savedPage = `<!doctype html><html><head><title>Harbour museum opens</title>%s</head>
<body><article><h1>Harbour museum opens its doors</h1>
<p>The new harbour museum opened on Sunday with an exhibition on two centuries of fishing, shipbuilding and trade along the quay, drawing long queues of visitors.</p>
<p>The museum, built in a former warehouse, cost twelve million and was paid for by the city and a group of local businesses, its director said.</p>
</article></body></html>`

// A page saved from a browser keeps its address in the canonical link,
// og:url or the browser's "saved from" comment. It was dropped, so a
// saved page's story had no link; a fetched page keeps the URL it was
// fetched from.
func TestSavedPageKeepsItsAddress(t *testing.T) {
	for _, tc := range []struct{ name, head, want string }{
		{"canonical", `<link rel="canonical" href="https://quay.example/2026/11/museum">`, "https://quay.example/2026/11/museum"},
		{"og:url", `<meta property="og:url" content="https://quay.example/m?id=7">`, "https://quay.example/m?id=7"},
		{"both", `<meta property="og:url" content="https://quay.example/og"><link rel="Canonical" href="https://quay.example/canon">`, "https://quay.example/canon"},
		{"saved from", `<!-- saved from url=(0035)https://quay.example/saved-museum -->`, "https://quay.example/saved-museum"},
		{"relative", `<link rel="canonical" href="/2026/11/museum">`, ""},
		{"script", `<link rel="canonical" href="javascript:alert(1)">`, ""},
		{"none", ``, ""},
	} {
		in := ingest.Input{Name: "museum.html", Data: []byte(fmtPage(tc.head))}
		arts, _, err := ingest.Parse(in, ingest.Options{})
		if err != nil || len(arts) != 1 {
			t.Fatalf("%s: %v %d", tc.name, err, len(arts))
		}
		if got := briefing.Clean(arts[0]).URL; got != tc.want {
			t.Errorf("%s: url %q, want %q", tc.name, got, tc.want)
		}
	}
	fetched := ingest.Input{Name: "https://quay.example/fetched", Data: []byte(fmtPage(`<link rel="canonical" href="https://quay.example/canon">`))}
	arts, _, err := ingest.Parse(fetched, ingest.Options{})
	if err != nil || len(arts) != 1 || arts[0].URL != "https://quay.example/fetched" {
		t.Errorf("fetched page: %v %+v", err, arts)
	}
}

func fmtPage(head string) string { return fmt.Sprintf(savedPage, head) }
