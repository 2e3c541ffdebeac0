package ingest_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"

	"github.com/briefbot/briefbot/briefing/ingest"
)

func TestParseHTMLArticle(t *testing.T) {
	arts := parseFixture(t, "pages/article.html", ingest.KindHTML)
	if len(arts) != 1 {
		t.Fatalf("got %d articles, want 1", len(arts))
	}
	a := arts[0]
	if a.Title != "Tram line extension approved after long consultation" {
		t.Errorf("title = %q, want the og:title without the site name", a.Title)
	}
	if a.Author != "Hanna Kowalczyk" {
		t.Errorf("author = %q", a.Author)
	}
	assertTime(t, "published", a.Published, time.Date(2026, 3, 5, 15, 20, 0, 0, time.UTC))
	if a.URL != "" {
		t.Errorf("url = %q, want none for a file", a.URL)
	}
	paras := a.Paragraphs()
	starts := []string{"The city council voted on Thursday", "Construction is due to begin", "Residents along Mill Street", "“This is the most important"}
	var found []string
	for _, p := range paras {
		for _, s := range starts {
			if strings.HasPrefix(p, s) {
				found = append(found, s)
			}
		}
	}
	if !slices.Equal(found, starts) {
		t.Errorf("body paragraphs found %q, want %q in order; text:\n%s", found, starts, a.Text)
	}
	for _, junk := range []string{"SCRIPT-LEAK", "STYLE-LEAK", "dataLayer", "font-family", "Subscribe today",
		"Most read", "All rights reserved", "Cookie settings"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("page furniture %q left in text", junk)
		}
	}
	wrapped := "Residents along Mill Street, where the tracks will run down the middle of the road, had asked for the route to be moved one block east. Planners said the alternative would have required demolishing a listed school building and added eighteen months to the schedule."
	if !slices.Contains(paras, wrapped) {
		t.Errorf("hard-wrapped source paragraph is not one paragraph; text:\n%s", a.Text)
	}
	if !strings.Contains(a.Text, "was <still> too optimistic") {
		t.Error("escaped text in a paragraph was not kept as text")
	}
}

func TestParseHTMLURLFromName(t *testing.T) {
	in := ingest.Input{Name: "https://courier.example/2026/03/tram", Data: readFixture(t, "pages/article.html")}
	arts, _, err := ingest.Parse(in, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if arts[0].URL != in.Name || arts[0].Source != in.Name {
		t.Errorf("url, source = %q, %q, want %q", arts[0].URL, arts[0].Source, in.Name)
	}
}

const sakuraPage = `<!DOCTYPE html>
<html lang="ja"><head><meta charset="Shift_JIS"><title>東京の桜が満開に</title></head>
<body><article><h1>東京の桜が満開に</h1>
<p>気象庁は二十日、東京都心の桜が満開になったと発表しました。平年より五日早く、去年より二日早い満開です。上野公園や千鳥ヶ淵には朝から多くの花見客が訪れ、写真を撮る人の姿が見られました。</p>
<p>気象庁によりますと、今年は三月に入ってから気温の高い日が続き、開花から満開までの期間が短くなったということです。週末にかけては天気が崩れる予報で、見頃は今週いっぱいとみられます。</p>
</article></body></html>`

func TestParseHTMLShiftJIS(t *testing.T) {
	data, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(sakuraPage))
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(data) {
		t.Fatal("fixture is not Shift_JIS encoded")
	}
	for _, ct := range []string{"", "text/html; charset=Shift_JIS"} {
		t.Run("ContentType="+ct, func(t *testing.T) {
			arts, _, err := ingest.Parse(ingest.Input{Name: "sakura.html", Data: data, ContentType: ct}, ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			a := arts[0]
			if a.Title != "東京の桜が満開に" {
				t.Errorf("title = %q", a.Title)
			}
			if !utf8.ValidString(a.Text) || !strings.Contains(a.Text, "気象庁は二十日、東京都心の桜が満開になったと発表しました。") ||
				!strings.Contains(a.Text, "見頃は今週いっぱいとみられます。") {
				t.Errorf("text not decoded from Shift_JIS: %q", a.Text)
			}
		})
	}
}

// A UTF-8 page with one bad byte keeps its other characters (it is not
// read wholesale as windows-1252).
func TestParseHTMLInvalidUTF8(t *testing.T) {
	page := "<html><body><p>Caf\xc3\xa9 owners in the old town say the new na\xc3\xafve pricing rules \xff will hit them hard this summer.</p></body></html>"
	arts, _, err := ingest.Parse(ingest.Input{Name: "bad.html", Data: []byte(page)}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Café owners in the old town say the new naïve pricing rules \uFFFD will hit them hard this summer."; arts[0].Text != want {
		t.Errorf("text = %q, want %q", arts[0].Text, want)
	}
}

// charset sniffs only the first KiB: a UTF-8 page without a declaration
// whose head is ASCII must not be read as windows-1252.
func TestParseHTMLUTF8AfterFirstKiB(t *testing.T) {
	page := "<html><head><!-- " + strings.Repeat("padding ", 200) + "--></head><body>" +
		"<p>The café on Sjöberg Street reopens on Monday after a renovation that took almost a year to finish.</p></body></html>"
	arts, _, err := ingest.Parse(ingest.Input{Name: "late.html", Data: []byte(page)}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(arts[0].Text, "The café on Sjöberg Street") {
		t.Errorf("text = %q, want UTF-8 kept", arts[0].Text)
	}
}

func TestParseHTMLWindows1252(t *testing.T) {
	page := "<html><head><meta charset=\"windows-1252\"></head><body><p>The caf\xe9 on the corner \x96 a local favourite \x96 reopens on Monday after a long renovation.</p></body></html>"
	arts, _, err := ingest.Parse(ingest.Input{Name: "cp1252.html", Data: []byte(page)}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "The café on the corner – a local favourite – reopens on Monday after a long renovation."; arts[0].Text != want {
		t.Errorf("text = %q, want %q", arts[0].Text, want)
	}
}

func TestParseHTMLNoText(t *testing.T) {
	page := `<html><head><title>Empty</title><script>var a = 1;</script></head><body><nav><a href="/">Home</a></nav></body></html>`
	arts, _, err := ingest.Parse(ingest.Input{Name: "empty.html", Data: []byte(page)}, ingest.Options{})
	assertInputErr(t, err, "empty.html")
	if arts != nil {
		t.Errorf("got articles %+v, want nil", arts)
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Plain", "  Just text.  ", "Just text."},
		{"Entities", "Fish &amp; chips &mdash; &#8364;5", "Fish & chips — €5"},
		{"Blocks", "<p>One</p><div>Two <b>bold</b></div><ul><li>Three</li></ul>", "One\n\nTwo bold\n\nThree"},
		{"LineBreak", "First line<br>second line", "First line\n\nsecond line"},
		{"ScriptStyle", `<p>Kept</p><script>alert("x")</script><style>p{}</style><noscript>Enable JS</noscript>`, "Kept"},
		{"WrappedSource", "<p>  one sentence\n\t wrapped  </p>\n<p>next\nparagraph</p>", "one sentence wrapped\n\nnext paragraph"},
		{"Pre", "<pre>line one\nline two</pre>", "line one\n\nline two"},
		{"DoubleEscaped", "&lt;p&gt;Hi&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;", "Hi"},
		{"ProseNamingTag", "Use the &lt;script&gt; or &lt;STYLE&gt; element.", "Use the ‹script> or ‹STYLE> element."},
		{"Plaintext", "<p>Kept</p><plaintext><script>alert(1)</script>", "Kept"},
		{"PlaintextUnclosed", "<p>Kept</p><plaintext><script>alert(1)", "Kept\n\n‹script>alert(1)"},
		{"Textarea", "<textarea><script>x</script></textarea>After", "After"},
		{"Unclosed", "Text <b>bold", "Text bold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ingest.HTMLText(tt.in); got != tt.want {
				t.Errorf("HTMLText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
