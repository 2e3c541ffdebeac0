package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// The demo's sample news is written by the project. A real third-party
// page (testdata/intelnews-gsomia.txt) stays in testdata for the tests
// that need one and must not ship: no sentence of it may be in the built
// binary, and the sample may not reuse its wording.

// pageSentences splits text into sentences and lines of at least minWords
// words (shorter ones, such as "Leave a comment" or a name, are not
// wording anyone owns).
func pageSentences(text string, minWords int) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		for _, s := range regexp.MustCompile(`[.!?]["”’]?\s+`).Split(line, -1) {
			s = strings.TrimSpace(s)
			if len(strings.Fields(s)) >= minWords {
				out = append(out, s)
			}
		}
	}
	return out
}

func TestBinaryHoldsNoSentenceOfTheThirdPartyPage(t *testing.T) {
	page, err := os.ReadFile("testdata/intelnews-gsomia.txt")
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(binary) // built by TestMain with go build
	if err != nil {
		t.Fatal(err)
	}
	theirs := pageSentences(string(page), 6)
	if len(theirs) < 40 {
		t.Fatalf("only %d sentences found in the page: the splitter is broken", len(theirs))
	}
	for _, s := range theirs {
		if bytes.Contains(bin, []byte(s)) {
			t.Errorf("the binary holds a sentence of the third-party page: %q", s)
		}
	}
	// The scan can find text: the sample's own sentences are in the binary.
	sample, err := os.ReadFile("sample/briefbot-sample-news.txt")
	if err != nil {
		t.Fatal(err)
	}
	ours := pageSentences(string(sample), 6)
	if len(ours) < 20 {
		t.Fatalf("only %d sentences in the sample", len(ours))
	}
	for _, s := range ours {
		if !bytes.Contains(bin, []byte(s)) {
			t.Errorf("a sentence of the embedded sample is not in the binary, so the scan proves nothing: %q", s)
		}
	}
}

// TestSampleIsNotTheThirdPartyPageReworded: no run of ten words of the
// page occurs in the sample (names such as "General Security of Military
// Information Agreement" are shorter than that).
func TestSampleIsNotTheThirdPartyPageReworded(t *testing.T) {
	const run = 10
	words := func(path string) []string {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return strings.FieldsFunc(strings.ToLower(string(data)), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		})
	}
	theirs := map[string]bool{}
	w := words("testdata/intelnews-gsomia.txt")
	for i := 0; i+run <= len(w); i++ {
		theirs[strings.Join(w[i:i+run], " ")] = true
	}
	w = words("sample/briefbot-sample-news.txt")
	for i := 0; i+run <= len(w); i++ {
		if s := strings.Join(w[i:i+run], " "); theirs[s] {
			t.Errorf("the sample repeats the page's wording: %q", s)
		}
	}
}
