package sources_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
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

// An export leaves channel-private sources out (OPML cannot say whose
// they are, so a re-import would share them) and says how many in a
// comment; reading it back gives the shared sources alone, folders kept.
func TestWriteOPMLLeavesPrivateSourcesOut(t *testing.T) {
	srcs := []sources.Source{
		{URL: "https://shared.example/feed", Title: "Shared Wire", Kind: sources.SourceFeed, Folder: "News"},
		{URL: "https://secret.example/feed", Title: "Team Notes", Kind: sources.SourceFeed, Private: true,
			Channel: briefing.Channel{Platform: "slack", ID: "C1"}},
		{URL: "https://secret.example/page", Title: "Team Page", Kind: sources.SourcePage, Private: true, Folder: "News"},
	}
	var b strings.Builder
	if err := sources.WriteOPML(&b, srcs, time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "secret.example") || strings.Contains(out, "Team") ||
		!strings.Contains(out, "<!-- 2 channel-private sources left out") {
		t.Fatalf("export holds a private source or does not say it left them out:\n%s", out)
	}
	back, bad, err := sources.ReadOPML(strings.NewReader(out))
	if err != nil || len(bad) != 0 || len(back) != 1 || back[0].URL != srcs[0].URL || back[0].Folder != "News" || back[0].Private {
		t.Fatalf("read back: %+v %v %v; want the shared source alone, in News", back, bad, err)
	}
	b.Reset()
	if err := sources.WriteOPML(&b, srcs[:1], time.Now()); err != nil || strings.Contains(b.String(), "<!--") {
		t.Errorf("an export with no private source has a comment: %v\n%s", err, b.String())
	}
}
