package ingest_test

import (
	"os"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing/ingest"
)

func TestSplitTextSamplePage(t *testing.T) {
	data, err := os.ReadFile("testdata/intelnews-gsomia.txt")
	if err != nil {
		t.Fatal(err)
	}
	arts := ingest.SplitText("intelnews-gsomia.txt", string(data))
	var titled []int
	for i, a := range arts {
		t.Logf("%d frag=%v date=%s title=%q author=%q tags=%v text=%.60q", i, a.Fragment, a.Published.Format("2006-01-02"), a.Title, a.Author, a.Tags, a.Text)
		if a.Title != "" {
			titled = append(titled, i)
		}
	}
	if len(titled) != 2 {
		t.Fatalf("want 2 titled articles, got %d", len(titled))
	}
	a, b := arts[titled[0]], arts[titled[1]]
	if a.Title != "South Korea ends intelligence pact with Japan as bilateral relations enter crisis mode" ||
		a.Published.Format("2006-01-02") != "2019-08-23" || a.Author != "Joseph Fitsanakis" {
		t.Errorf("first article: %q %s %q", a.Title, a.Published, a.Author)
	}
	if b.Title != "South Korea rejects US pressure to maintain intelligence agreement with Japan" ||
		b.Published.Format("2006-01-02") != "2019-11-22" || b.Author != "Joseph Fitsanakis" {
		t.Errorf("second article: %q %s %q", b.Title, b.Published, b.Author)
	}
	if len(b.Tags) != 7 || b.Tags[0] != "General Security of Military Information Agreement" || b.Tags[6] != "South Korea" {
		t.Errorf("tags: %q", b.Tags)
	}
	for _, x := range []string{a.Text, b.Text} {
		for _, junk := range []string{"Author:", "Permalink", "Leave a comment", "Comments", "Tagged with", "Filed under"} {
			if strings.Contains(x, junk) {
				t.Errorf("furniture %q left in text", junk)
			}
		}
	}
	if strings.Contains(a.Text, "spy agency") || strings.Contains(b.Text, "Madrid") {
		t.Error("teaser paragraphs leaked into an article")
	}
	if len(strings.Split(a.Text, "\n\n")) != 3 || len(strings.Split(b.Text, "\n\n")) != 3 {
		t.Errorf("paragraph counts: %d, %d", len(strings.Split(a.Text, "\n\n")), len(strings.Split(b.Text, "\n\n")))
	}
}
