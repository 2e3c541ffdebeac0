package ingest_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
)

// readFixture returns a file under testdata/.
func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// parseFixture parses a file under testdata/ and checks its kind.
func parseFixture(t *testing.T, name string, want ingest.Kind) []briefing.Article {
	t.Helper()
	arts, kind, err := ingest.Parse(ingest.Input{Name: name, Data: readFixture(t, name)}, ingest.Options{})
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	if kind != want {
		t.Errorf("Parse(%s) kind = %q, want %q", name, kind, want)
	}
	return arts
}

// assertNoMarkup fails when text holds tags, entities or any of the
// given strings (script or style bodies of the fixture).
func assertNoMarkup(t *testing.T, text string, leaks ...string) {
	t.Helper()
	for _, bad := range append([]string{"<", ">", "&amp;", "&lt;", "&#", "&hellip;"}, leaks...) {
		if strings.Contains(text, bad) {
			t.Errorf("text contains %q:\n%s", bad, text)
		}
	}
}

func assertTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("%s = %v, want %v in UTC", what, got, want)
	}
}

func TestParseRSS2(t *testing.T) {
	arts := parseFixture(t, "feeds/rss2.xml", ingest.KindFeed)
	if len(arts) != 3 {
		t.Fatalf("got %d articles, want 3", len(arts))
	}
	a := arts[0]
	if a.Title != "Ferry operator & council agree on new timetable" {
		t.Errorf("title = %q", a.Title)
	}
	if a.GUID != "gazette-2026-0412" || a.URL != "https://gazette.example.org/2026/03/ferry-timetable" {
		t.Errorf("guid, url = %q, %q", a.GUID, a.URL)
	}
	if a.Source != "feeds/rss2.xml" {
		t.Errorf("source = %q, want the input name", a.Source)
	}
	assertTime(t, "published", a.Published, time.Date(2026, 3, 3, 13, 30, 0, 0, time.UTC))
	if a.Author != "Mara Lindqvist" {
		t.Errorf("author = %q, want the dc:creator", a.Author)
	}
	if !slices.Equal(a.Tags, []string{"Transport", "Council"}) {
		t.Errorf("tags = %q", a.Tags)
	}
	want := []string{
		"The harbour ferry will run every twenty minutes from April, the operator & the council said on Tuesday.",
		"Fares stay at €2.40 for adults — children travel free.",
	}
	if got := a.Paragraphs(); !slices.Equal(got, want) {
		t.Errorf("paragraphs =\n%q\nwant\n%q", got, want)
	}
	assertNoMarkup(t, a.Text, "trackView", "text/javascript")
	if a.Fragment {
		t.Error("a complete description is marked as a fragment")
	}
}

func TestParseRSS2Teasers(t *testing.T) {
	arts := parseFixture(t, "feeds/rss2.xml", ingest.KindFeed)
	storm, market := arts[1], arts[2]

	t.Run("BracketEllipsis", func(t *testing.T) {
		if !storm.Fragment {
			t.Errorf("description ending in […] is not a fragment: %q", storm.Text)
		}
		if !strings.HasSuffix(storm.Text, "while the … […]") {
			t.Errorf("text = %q, want entities decoded", storm.Text)
		}
		assertNoMarkup(t, storm.Text, "document.write", "color:red", "img src")
		if storm.GUID != storm.URL || storm.Author != "" {
			t.Errorf("permalink guid %q, url %q, author %q", storm.GUID, storm.URL, storm.Author)
		}
		assertTime(t, "published", storm.Published, time.Date(2026, 3, 3, 3, 15, 0, 0, time.UTC))
	})
	t.Run("ThreeDots", func(t *testing.T) {
		if !market.Fragment {
			t.Errorf("description ending in ... is not a fragment: %q", market.Text)
		}
		if market.Author != "Ola Berg" {
			t.Errorf("author = %q, want the name from <author>", market.Author)
		}
		assertTime(t, "published", market.Published, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	})
}

func TestParseAtom(t *testing.T) {
	arts := parseFixture(t, "feeds/atom.xml", ingest.KindFeed)
	if len(arts) != 2 {
		t.Fatalf("got %d articles, want 2", len(arts))
	}

	t.Run("HTMLContent", func(t *testing.T) {
		a := arts[0]
		if a.Title != "Launch of Kestrel-2 slips to April" {
			t.Errorf("title = %q, want the type=html title as text", a.Title)
		}
		if a.GUID != "tag:orbital.example.net,2026:kestrel-2-slips" || a.URL != "https://orbital.example.net/2026/02/kestrel-2-slips" {
			t.Errorf("guid, url = %q, %q", a.GUID, a.URL)
		}
		if a.Author != "Kenji Watanabe" {
			t.Errorf("author = %q", a.Author)
		}
		if !slices.Equal(a.Tags, []string{"launch", "Kestrel"}) {
			t.Errorf("tags = %q", a.Tags)
		}
		// published wins over updated
		assertTime(t, "published", a.Published, time.Date(2026, 2, 20, 0, 30, 0, 0, time.UTC))
		if n := len(a.Paragraphs()); n != 2 {
			t.Errorf("got %d paragraphs, want 2: %q", n, a.Text)
		}
		assertNoMarkup(t, a.Text, "var ad", "buy now")
		if a.Fragment {
			t.Error("complete content marked as a fragment")
		}
	})
	t.Run("UpdatedOnlySummary", func(t *testing.T) {
		a := arts[1]
		assertTime(t, "published", a.Published, time.Date(2026, 2, 19, 2, 10, 0, 0, time.UTC))
		if a.Author != "Lucía Ferreira" {
			t.Errorf("author = %q", a.Author)
		}
		if !strings.HasPrefix(a.Text, "The antenna near Santiago") || !a.Fragment {
			t.Errorf("summary text %q fragment=%v, want the summary as a fragment", a.Text, a.Fragment)
		}
		assertNoMarkup(t, a.Text)
	})
}

func TestParseJSONFeed(t *testing.T) {
	arts := parseFixture(t, "feeds/jsonfeed.json", ingest.KindFeed)
	if len(arts) != 2 {
		t.Fatalf("got %d articles, want 2", len(arts))
	}

	t.Run("ContentHTML", func(t *testing.T) {
		a := arts[0]
		if a.Title != "Wetland survey counts record number of cranes" || a.GUID != "fn-2026-07" ||
			a.URL != "https://fieldnotes.example.com/2026/01/wetland-survey" {
			t.Errorf("title, guid, url = %q, %q, %q", a.Title, a.GUID, a.URL)
		}
		assertTime(t, "published", a.Published, time.Date(2026, 1, 15, 15, 45, 0, 0, time.UTC))
		if a.Author != "Priya Raman" {
			t.Errorf("author = %q, want the item's 1.1 authors[0]", a.Author)
		}
		if !slices.Equal(a.Tags, []string{"birds", "conservation"}) {
			t.Errorf("tags = %q", a.Tags)
		}
		want := []string{
			"Volunteers counted 1,240 common cranes at the wetland this winter, the highest number since records began.",
			"Warmer autumns & restored meadows are thought to be the reason.",
		}
		if got := a.Paragraphs(); !slices.Equal(got, want) {
			t.Errorf("paragraphs =\n%q\nwant\n%q", got, want)
		}
		assertNoMarkup(t, a.Text, "alert")
	})
	t.Run("ContentTextTeaser", func(t *testing.T) {
		a := arts[1]
		if !a.Fragment || !strings.HasSuffix(a.Text, "and the […]") {
			t.Errorf("text %q fragment=%v, want a fragment", a.Text, a.Fragment)
		}
		assertTime(t, "published", a.Published, time.Date(2026, 1, 10, 10, 0, 0, 0, time.UTC))
	})
}

func TestParseFeedSourceOverridesName(t *testing.T) {
	in := ingest.Input{Name: "/tmp/x/rss2.xml", Source: "https://gazette.example.org/feed", Data: readFixture(t, "feeds/rss2.xml")}
	arts, _, err := ingest.Parse(in, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a.Source != in.Source {
			t.Errorf("source = %q, want %q", a.Source, in.Source)
		}
	}
}

// A feed served as text/html is still a feed: its own signature wins.
func TestParseFeedMislabelledHTML(t *testing.T) {
	in := ingest.Input{Name: "feed", Data: readFixture(t, "feeds/rss2.xml"), ContentType: "text/html; charset=utf-8"}
	arts, kind, err := ingest.Parse(in, ingest.Options{})
	if err != nil || kind != ingest.KindFeed || len(arts) != 3 {
		t.Fatalf("got kind %q, %d articles, err %v; want a feed of 3", kind, len(arts), err)
	}
}

func TestParseFeedDoubleEscaped(t *testing.T) {
	const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Escaped twice</title><guid>e1</guid>
<description>&amp;lt;p&amp;gt;Council meets on Monday.&amp;lt;/p&amp;gt;&amp;lt;script&amp;gt;track("x")&amp;lt;/script&amp;gt;</description></item>
<item><title>Prose about tags</title><guid>e2</guid>
<description>&lt;p&gt;Attackers injected a &amp;lt;script&amp;gt; tag that loaded a card skimmer.&lt;/p&gt;</description></item>
</channel></rss>`
	arts, _, err := ingest.Parse(ingest.Input{Name: "escaped", Data: []byte(feed)}, ingest.Options{})
	if err != nil || len(arts) != 2 {
		t.Fatalf("got %d articles, err %v", len(arts), err)
	}
	if arts[0].Text != "Council meets on Monday." {
		t.Errorf("double-escaped text = %q", arts[0].Text)
	}
	if want := "Attackers injected a ‹script> tag that loaded a card skimmer."; arts[1].Text != want {
		t.Errorf("prose = %q, want %q", arts[1].Text, want)
	}
}

func BenchmarkParseRSS(b *testing.B) {
	data := readFixture(b, "feeds/rss2.xml")
	in := ingest.Input{Name: "rss2.xml", Data: data}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ingest.Parse(in, ingest.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
