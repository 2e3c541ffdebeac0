package briefing_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefing"
)

// Fuzz targets for the core's text parsers: whatever the input, they must
// not panic, and what they return keeps the invariants their doc comments
// promise. Seeds are here (f.Add); crashers found go to testdata/fuzz.

var textSeeds = []string{
	"",
	"South Korea ends the pact. Japan said it regrets it! Really? Yes…",
	"Mr. Smith met J. R. R. Tolkien in the U.S. on Jan. 5. It was 3.5 degrees.",
	"“Quoted.” (Bracketed.) «Guillemets.» Next one starts here.",
	"Line one\nLine two. Two sentences.\r\nCRLF line.",
	"Bad \xff bytes. And \xc3 half a rune. End.",
	"...!!!???…",
	"November 22, 2019 by Joseph Fitsanakis 2 Comments",
	"23 August 2019 | Author: A Writer | Permalink",
	"2019-08-23T10:11:12Z Leave a comment",
	"Filed under Asia Tagged with GSOMIA, Japan, South Korea",
	"Tags: a, b, c",
	"► Share this article",
	"February 31, 2020",
	"0000-00-00",
}

func FuzzSentences(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		from := 0
		for i, s := range briefing.Sentences(text) {
			if s == "" || s != strings.TrimSpace(s) || strings.Contains(s, "\n") {
				t.Fatalf("sentence %d %q: want non-empty, trimmed, one line", i, s)
			}
			at := strings.Index(text[from:], s)
			if at < 0 {
				t.Fatalf("sentence %d %q is not a verbatim substring of the text after offset %d", i, s, from)
			}
			from += at + len(s)
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"gsomia", `"crude oil" OR brent -"natural gas"`, "a | b | -c", `"unbalanced`,
		"-", "OR OR", "the of and", "“smart quotes”", strings.Repeat("x ", 101), "Caf\xe9 \xff"} {
		f.Add(s)
	}
	st := briefing.NewStemmer()
	f.Fuzz(func(t *testing.T, topic string) {
		q, err := briefing.ParseQuery(st, topic)
		if err != nil {
			if briefing.ErrorCode(err) != briefing.EInvalid || briefing.ErrorMessage(err) == "" {
				t.Fatalf("error %v: want EInvalid with a message", err)
			}
			return
		}
		if len(q.Alts) == 0 || utf8.RuneCountInString(q.Raw) > briefing.MaxTopicLength || len(q.Alts) > briefing.MaxTopicAlternatives {
			t.Fatalf("accepted %q with %d alternatives", q.Raw, len(q.Alts))
		}
		clauses := len(q.Not)
		for _, alt := range q.Alts {
			clauses += len(alt)
			seen := map[string]bool{}
			for _, c := range alt {
				k := fmt.Sprint(c.Forms)
				if seen[k] {
					t.Fatalf("%q keeps the repeated clause %s", topic, k)
				}
				seen[k] = true
			}
		}
		if clauses > briefing.MaxTopicClauses {
			t.Fatalf("%q accepted with %d clauses", topic, clauses)
		}
		for _, alt := range q.Alts {
			for _, c := range alt {
				if len(c.Forms) == 0 || len(c.Forms[0]) == 0 {
					t.Fatalf("clause %+v has no terms", c)
				}
			}
		}
		norm := briefing.NormalizeTopic(topic)
		if briefing.NormalizeTopic(norm) != norm {
			t.Fatalf("NormalizeTopic is not idempotent on %q", topic)
		}
	})
}

func FuzzParseMetaLine(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		checkMeta(t, line, briefing.ParseMetaLine)
		checkMeta(t, line, briefing.ParseDateline)
		d, rest, _, ok := briefing.LeadingDate(line)
		if !ok {
			return
		}
		if !strings.HasSuffix(strings.TrimSpace(line), rest) {
			t.Fatalf("LeadingDate(%q) rest %q is not the end of the line", line, rest)
		}
		if !d.IsZero() && d.Location() != time.UTC {
			t.Fatalf("LeadingDate(%q) = %v, not UTC", line, d)
		}
	})
}

func checkMeta(t *testing.T, line string, parse func(string) (briefing.Meta, bool)) {
	t.Helper()
	m, ok := parse(line)
	if !ok {
		if m.Author != "" || !m.Date.IsZero() || len(m.Tags) > 0 || m.Category != "" {
			t.Fatalf("%q: not a meta line, yet meta %+v", line, m)
		}
		return
	}
	if !m.Date.IsZero() && m.Date.Location() != time.UTC {
		t.Fatalf("%q: date %v not in UTC", line, m.Date)
	}
	if !utf8.ValidString(line) {
		return
	}
	for _, s := range append([]string{m.Author, m.Category}, m.Tags...) {
		if !utf8.ValidString(s) || strings.Contains(s, "\n") {
			t.Fatalf("%q: meta field %q is not one line of UTF-8", line, s)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add("  A   title \n", strings.Join(textSeeds, "\n"))
	f.Add("t", "Body.\r\n\r\nAuthor: X\n\n\n\nMore body")
	f.Add("Evil \x1b[31mRED\x1b]0;pwned\x07", "The pact \x1b[2J ended.\u0085Next\u009b1m line.\x00")
	f.Fuzz(func(t *testing.T, title, text string) {
		a := briefing.Clean(briefing.Article{Title: title, Text: text, Author: "By " + title})
		if a.Title != strings.Join(strings.Fields(a.Title), " ") {
			t.Fatalf("title %q not collapsed to one line", a.Title)
		}
		for _, p := range strings.Split(a.Text, "\n\n") {
			if a.Text != "" && (p == "" || p != strings.Join(strings.Fields(p), " ")) {
				t.Fatalf("paragraph %q of %q: want non-empty with whitespace collapsed", p, a.Text)
			}
		}
		for _, s := range []string{a.Title, a.Author, strings.ReplaceAll(a.Text, "\n", "")} {
			if strings.ContainsFunc(s, unicode.IsControl) {
				t.Fatalf("control character left in %q", s)
			}
		}
		if again := briefing.Clean(a); again.Text != a.Text || again.Title != a.Title {
			t.Fatalf("Clean is not idempotent:\n%q\n%q", a.Text, again.Text)
		}
	})
}
