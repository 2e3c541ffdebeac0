package ingest_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefing/ingest"
)

var libraryParas = []string{
	"The central library will open on Sundays from next month, the city's culture department announced on Wednesday, after a pilot scheme in two branch libraries drew more visitors than any weekday. Opening hours will be from eleven until five.",
	"The extra day is paid for by moving part of the budget for printed periodicals to staff costs. Librarians' representatives said they had agreed to the change as long as Sunday shifts stay voluntary and are paid at the weekend rate.",
	"Families with young children made up almost half of the visitors during the pilot, according to the department's figures, and the children's section will therefore be fully staffed on Sundays from the start.",
}

const libraryTitle = "Central library to open on Sundays"

func TestSplitTextSingleArticleNoDateline(t *testing.T) {
	page := libraryTitle + "\n\n" + strings.Join(libraryParas, "\n\n") + "\n"
	arts := ingest.SplitText("library.txt", page)
	if len(arts) != 1 {
		t.Fatalf("got %d articles, want 1: %+v", len(arts), arts)
	}
	a := arts[0]
	if a.Title != libraryTitle || a.Source != "library.txt" {
		t.Errorf("title, source = %q, %q", a.Title, a.Source)
	}
	if !slices.Equal(a.Paragraphs(), libraryParas) {
		t.Errorf("paragraphs = %q", a.Paragraphs())
	}
	if !a.Published.IsZero() || a.Fragment {
		t.Errorf("published %v, fragment %v; want zero and false", a.Published, a.Fragment)
	}
}

func TestSplitTextOnlyParagraphs(t *testing.T) {
	page := strings.Join(libraryParas, "\n\n")
	arts := ingest.SplitText("paras.txt", page)
	if len(arts) != len(libraryParas) {
		t.Fatalf("got %d articles, want %d", len(arts), len(libraryParas))
	}
	for i, a := range arts {
		if a.Title != "" || a.Text != libraryParas[i] || a.Fragment {
			t.Errorf("article %d: title %q, fragment %v, text %.40q", i, a.Title, a.Fragment, a.Text)
		}
	}
}

func TestSplitTextTeaserFragments(t *testing.T) {
	arts := ingest.SplitText("t.txt", "and then the council decided to wait.\n\nThe mayor said the plan would be ready by")
	if len(arts) != 2 || !arts[0].Fragment || !arts[1].Fragment {
		t.Errorf("got %+v, want two fragments (starts mid-sentence, stops mid-sentence)", arts)
	}
}

func TestSplitTextWindowsLineEndings(t *testing.T) {
	unix := libraryTitle + "\n\n" + strings.Join(libraryParas, "\n\n") + "\n"
	dos := strings.ReplaceAll(unix, "\n", "\r\n")
	got, want := ingest.SplitText("dos.txt", dos), ingest.SplitText("dos.txt", unix)
	if len(got) != 1 || got[0].Title != want[0].Title || got[0].Text != want[0].Text {
		t.Errorf("CRLF page split differently:\n%+v\nwant\n%+v", got, want)
	}
	if strings.Contains(got[0].Text, "\r") || strings.Contains(got[0].Title, "\r") {
		t.Error("carriage return left in the article")
	}
}

func TestSplitTextDateline(t *testing.T) {
	page := "Harbour ferry timetable agreed\nMarch 3, 2026 by Mara Lindqvist\n\n" + libraryParas[0] + "\n\nLeave a comment\n\n" +
		"Storm damages north pier\n2 March 2026\n\n" + libraryParas[1] + "\n"
	arts := ingest.SplitText("two.txt", page)
	if len(arts) != 2 {
		t.Fatalf("got %d articles, want 2: %+v", len(arts), arts)
	}
	if a := arts[0]; a.Title != "Harbour ferry timetable agreed" || a.Author != "Mara Lindqvist" ||
		!a.Published.Equal(time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)) || a.Text != libraryParas[0] {
		t.Errorf("first article: %+v", a)
	}
	if a := arts[1]; a.Title != "Storm damages north pier" || !a.Published.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("second article: %+v", a)
	}
}

func TestSplitTextEmpty(t *testing.T) {
	for _, s := range []string{"", "\n\n", " \r\n\t"} {
		if arts := ingest.SplitText("e", s); len(arts) != 0 {
			t.Errorf("SplitText(%q) = %+v, want none", s, arts)
		}
	}
}

func TestParseText(t *testing.T) {
	page := "\ufeff" + libraryTitle + "\r\n\r\n" + strings.Join(libraryParas, "\r\n\r\n")
	arts, kind, err := ingest.Parse(ingest.Input{Name: "library.txt", Data: []byte(page)}, ingest.Options{})
	if err != nil || kind != ingest.KindText || len(arts) != 1 {
		t.Fatalf("kind %q, %d articles, err %v", kind, len(arts), err)
	}
	if arts[0].Title != libraryTitle {
		t.Errorf("title = %q, want the BOM stripped", arts[0].Title)
	}
}

func TestParseTextInvalidUTF8(t *testing.T) {
	tests := []struct{ name, in, contentType, want string }{
		// A UTF-8 file with a stray byte keeps its accents; the byte becomes U+FFFD.
		{"MostlyUTF8", "Caf\xc3\xa9 owners on the na\xc3\xafve square \xff complain about the new rules.", "",
			"Café owners on the naïve square \uFFFD complain about the new rules."},
		// A legacy windows-1252 file is decoded as such.
		{"Windows1252", "The caf\xe9 on the corner \x96 a local favourite \x96 reopens on Monday.", "",
			"The café on the corner – a local favourite – reopens on Monday."},
		{"TruncatedRune", "Ends in half a rune: \xe6\x97", "", "Ends in half a rune: æ—"},
		{"Latin1Declared", "Na\xefve text.", "text/plain; charset=iso-8859-1", "Naïve text."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, _, err := ingest.Parse(ingest.Input{Name: tt.name, Data: []byte(tt.in), ContentType: tt.contentType}, ingest.Options{})
			if err != nil || len(arts) != 1 {
				t.Fatalf("got %d articles, err %v", len(arts), err)
			}
			if got := arts[0].Text; got != tt.want || !utf8.ValidString(got) {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
		})
	}
}

// Many blank lines before many headline-like lines once took quadratic
// time (8 s for 80 KB). The bound is generous: it only catches that.
func TestSplitTextLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	page := strings.Repeat("\n", 100_000) + strings.Repeat("A\n", 50_000)
	start := time.Now()
	arts := ingest.SplitText("many.txt", page)
	if d := time.Since(start); d > 10*time.Second || len(arts) != 50_000 {
		t.Errorf("got %d articles in %v, want 50000 in well under 10s", len(arts), d)
	}
}

func BenchmarkSplitText(b *testing.B) {
	page := string(readFixture(b, "intelnews-gsomia.txt"))
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if len(ingest.SplitText("bench", page)) == 0 {
			b.Fatal("no articles")
		}
	}
}
