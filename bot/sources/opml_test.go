package sources_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot/sources"
)

func TestReadOPML(t *testing.T) {
	f, err := os.Open("testdata/sources.opml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := sources.ReadOPML(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []sources.Source{
		{URL: "https://news.example/feed.xml", Title: "Harbour News", SiteURL: "https://news.example/"},
		{URL: "https://kj.example/rss", Title: "Korea & Japan Daily", SiteURL: "https://kj.example/"},
		{URL: "https://deep.example/atom.xml", Title: "Deep Feed"},
		{URL: "https://plain.example/feed"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("readOPML:\n%+v\nwant\n%+v", got, want)
	}
	for name, doc := range map[string]string{"NotXML": "feeds: a, b", "NotOPML": `<rss><channel/></rss>`} {
		if _, err := sources.ReadOPML(strings.NewReader(doc)); err == nil || !strings.Contains(err.Error(), "not an OPML file") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
