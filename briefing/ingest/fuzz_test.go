package ingest_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
)

// fixtures returns every file under testdata/ except the fuzz corpus, in
// a fixed order so that seed numbers are stable.
func fixtures(f *testing.F) [][]byte {
	var out [][]byte
	err := filepath.WalkDir("testdata", func(path string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == "fuzz":
			return filepath.SkipDir
		case d.IsDir():
			return nil
		}
		data, err := os.ReadFile(path)
		out = append(out, data)
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	return out
}

var parseSeeds = []struct{ data, contentType string }{
	{"Headline\nMarch 3, 2026 by A Writer\n\nBody text.", ""},
	{"<rss><channel><item><title>x</title>", ""},
	{`<rss version="2.0"><channel><item><title>T</title><description>&amp;lt;script&amp;gt;x()&amp;lt;/script&amp;gt;</description></item></channel></rss>`, ""},
	{`<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item><title>Caf` + "\xe9" + `</title></item></channel></rss>`, ""},
	{`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_html":"<script>x</script><p>Hi</p>"}]}`, "application/feed+json"},
	{`[1, 2, 3]`, ""},
	{"<p>Caf\xc3\xa9 \xff ok.</p>", "text/html"},
	{"<plaintext><SCRIPT>alert(1)</SCRIPT>", ""},
	{"<html><body><textarea>&lt;script&gt;</textarea><p>Text &lt;style&gt; here.</p></body></html>", ""},
	{"\x89PNG\r\n\x1a\n\x00\x00", ""},
	{"Caf\xe9 \x96 legacy text.", "text/plain; charset=windows-1252"},
}

func FuzzParse(f *testing.F) {
	for _, data := range fixtures(f) {
		f.Add(data, "")
	}
	for _, s := range parseSeeds {
		f.Add([]byte(s.data), s.contentType)
	}
	if sjis, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(sakuraPage)); err == nil {
		f.Add(sjis, "")
	}
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		const name = "fuzz-input"
		arts, kind, err := ingest.Parse(ingest.Input{Name: name, Data: data, ContentType: contentType}, ingest.Options{})
		if err != nil {
			if arts != nil || !errors.Is(err, ingest.ErrInput) || !strings.Contains(err.Error(), name) {
				t.Fatalf("error %q with %d articles: want ErrInput naming the input, no articles", err, len(arts))
			}
			return
		}
		if len(arts) == 0 {
			t.Fatal("no error and no articles")
		}
		for i, a := range arts {
			checkArticle(t, i, a, name)
			if kind != ingest.KindText && strings.Contains(strings.ToLower(a.Text), "<script") {
				t.Errorf("article %d (%s): script left in text %q", i, kind, a.Text)
			}
		}
	})
}

func FuzzSplitText(f *testing.F) {
	for _, data := range fixtures(f) {
		f.Add(string(data))
	}
	for _, s := range []string{
		"", "\r\n", libraryTitle + "\n\n" + strings.Join(libraryParas, "\n\n"),
		strings.Join(libraryParas, "\r\n\r\n"),
		"Headline\nMarch 3, 2026 by A Writer\n\nBody.\n\nAuthor: X | Date: March 4, 2026 | Permalink\n\nteaser text",
		"Tagged with: a, b\nFiled under x Tagged with y\nLeave a comment",
		"Bad \xff bytes\n\nCaf\xc3\xa9",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		arts := ingest.SplitText("fuzz-source", text)
		for i, a := range arts {
			if utf8.ValidString(text) {
				checkArticle(t, i, a, "fuzz-source")
			}
			if a.Text == "" || strings.ContainsAny(a.Text, "\r") || strings.ContainsAny(a.Title, "\r\n") {
				t.Errorf("article %d: title %q, text %q: want a one-line title and non-empty text without CR", i, a.Title, a.Text)
			}
			if n := len(a.Paragraphs()); n != strings.Count(a.Text, "\n\n")+1 {
				t.Errorf("article %d has blank paragraphs: %q", i, a.Text)
			}
		}
	})
}

// checkArticle checks what holds for every article Parse returns.
func checkArticle(t *testing.T, i int, a briefing.Article, source string) {
	t.Helper()
	for field, s := range map[string]string{"title": a.Title, "text": a.Text, "author": a.Author, "guid": a.GUID, "url": a.URL} {
		if !utf8.ValidString(s) {
			t.Errorf("article %d: %s is not valid UTF-8: %q", i, field, s)
		}
	}
	for _, tag := range a.Tags {
		if !utf8.ValidString(tag) {
			t.Errorf("article %d: tag is not valid UTF-8: %q", i, tag)
		}
	}
	if a.Source != source {
		t.Errorf("article %d: source %q, want %q", i, a.Source, source)
	}
	if !a.Published.IsZero() && a.Published.Location() != time.UTC {
		t.Errorf("article %d: published %v is not in UTC", i, a.Published)
	}
}
