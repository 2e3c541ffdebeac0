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
	got, bad, err := sources.ReadOPML(f)
	if err != nil || len(bad) != 0 {
		t.Fatal(err, bad)
	}
	want := []sources.Source{
		{URL: "https://news.example/feed.xml", Title: "Harbour News", SiteURL: "https://news.example/", Folder: "News", Kind: "feed"},
		{URL: "https://kj.example/rss", Title: "Korea & Japan Daily", SiteURL: "https://kj.example/", Folder: "News", Kind: "feed"},
		{URL: "https://deep.example/atom.xml", Title: "Deep Feed", Folder: "News/Nested", Kind: "feed"},
		{URL: "https://plain.example/feed", Kind: "feed"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("readOPML:\n%+v\nwant\n%+v", got, want)
	}
	for name, doc := range map[string]string{"NotXML": "feeds: a, b", "NotOPML": `<rss><channel/></rss>`} {
		if _, _, err := sources.ReadOPML(strings.NewReader(doc)); err == nil || !strings.Contains(err.Error(), "not an OPML file") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
