package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// SummaryDoc is one article with a reference summary (bbc-dev.jsonl,
// cnndm-dev.jsonl). Title is empty when the dataset has none.
type SummaryDoc struct {
	ID        string
	Title     string
	Text      string
	Reference []string // one sentence per element
	Sentences []string // the dataset's own sentence split, when it has one
}

// LabeledDoc is one article with topic labels (reuters-train.jsonl).
type LabeledDoc struct {
	ID     string
	Date   time.Time
	Title  string
	Text   string
	Topics []string
}

// Query is what a person would type to follow a category.
type Query struct {
	Category string
	Text     string
}

type summaryLine struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Text      string   `json:"text"`
	Summary   string   `json:"summary"`
	Sentences []string `json:"sentences"`
}

// ReadSummaryDocs reads JSON lines of {id, title?, text, summary,
// sentences?}, where summary holds one sentence per line.
func ReadSummaryDocs(r io.Reader) ([]SummaryDoc, error) {
	var out []SummaryDoc
	err := eachLine(r, func(n int, line []byte) error {
		var l summaryLine
		if err := json.Unmarshal(line, &l); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if l.Text == "" || strings.TrimSpace(l.Summary) == "" {
			return fmt.Errorf("line %d (id %q): text and summary are required", n, l.ID)
		}
		out = append(out, SummaryDoc{ID: l.ID, Title: l.Title, Text: l.Text,
			Reference: nonEmptyLines(l.Summary), Sentences: l.Sentences})
		return nil
	})
	return out, err
}

type labeledLine struct {
	ID     string   `json:"id"`
	Date   string   `json:"date"`
	Title  string   `json:"title"`
	Text   string   `json:"text"`
	Topics []string `json:"topics"`
}

// ReadLabeledDocs reads JSON lines of {id, date (RFC 3339 or empty), title,
// text, topics}.
func ReadLabeledDocs(r io.Reader) ([]LabeledDoc, error) {
	var out []LabeledDoc
	err := eachLine(r, func(n int, line []byte) error {
		var l labeledLine
		if err := json.Unmarshal(line, &l); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if l.ID == "" || (l.Title == "" && l.Text == "") {
			return fmt.Errorf("line %d: id and title or text are required", n)
		}
		d := LabeledDoc{ID: l.ID, Title: l.Title, Text: l.Text, Topics: l.Topics}
		if l.Date != "" {
			t, err := time.Parse(time.RFC3339, l.Date)
			if err != nil {
				return fmt.Errorf("line %d (id %q): date: %w", n, l.ID, err)
			}
			d.Date = t
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

// ReadQueries reads a tab-separated file with the header
// "category<TAB>query" and one query per line.
func ReadQueries(r io.Reader) ([]Query, error) {
	var out []Query
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || (n == 1 && strings.HasPrefix(line, "category\t")) {
			continue
		}
		cat, text, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(cat) == "" || strings.TrimSpace(text) == "" {
			return nil, fmt.Errorf("line %d: want category<TAB>query, got %q", n, excerpt(line, 60))
		}
		out = append(out, Query{Category: strings.TrimSpace(cat), Text: strings.TrimSpace(text)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read queries: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no queries found")
	}
	return out, nil
}

// eachLine calls fn with every non-blank line and its 1-based number.
func eachLine(r io.Reader, fn func(n int, line []byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 64<<20)
	n, seen := 0, 0
	for sc.Scan() {
		n++
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		seen++
		if err := fn(n, sc.Bytes()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read line %d: %w", n+1, err)
	}
	if seen == 0 {
		return fmt.Errorf("no records found")
	}
	return nil
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// excerpt is the start of s, at most n runes, for quoting a bad input
// line in an error without echoing all of it.
func excerpt(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
