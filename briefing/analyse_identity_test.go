package briefing

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// analyseBefore is Index.analyse as it was before issue 20's ingest work
// (main at 53b0e39): the shared stem cache only, a fresh stems slice and
// pair map per article. The reference the faster analysis must equal.
func analyseBefore(st *Stemmer, a Article) docTerms {
	dt := docTerms{local: map[string]uint32{}, pairs: make(map[uint64]termStat, len(a.Text)/10),
		stems: make([]stemStat, 0, len(a.Text)/8)}
	add := func(text string, flag uint8) {
		ws := st.appendWords(nil, text)
		prev := -1
		for _, w := range ws {
			if w.stop {
				continue
			}
			dt.length++
			cur := dt.bump(w.stem, w.surface, flag)
			dt.literal(st, text, w, cur, flag)
			if prev >= 0 {
				k := uint64(prev)<<32 | uint64(cur)
				t := dt.pairs[k]
				t.count, t.flags = min(t.count, math.MaxUint16-1)+1, t.flags|flag
				dt.pairs[k] = t
			}
			prev = int(cur)
		}
		dt.aliases = append(dt.aliases, findAcronyms(st, text, ws)...)
	}
	add(a.Title, inTitle)
	for _, t := range a.Tags {
		add(t, inTags)
	}
	dt.aliases = append(dt.aliases, tagAliases(st, a.Tags)...)
	for i, p := range a.Paragraphs() {
		var f uint8
		if i == 0 {
			f = inLead
		}
		add(p, f)
	}
	dt.local = nil
	return dt
}

// identityArticles are the test data's made-up reports and stories, and
// generated articles over a vocabulary far larger than the hot word cache
// (so its slots are overwritten many times), with hyphenated words,
// dotted acronyms with their long forms, numbers, possessives, non-ASCII
// letters, odd white space and tags.
func identityArticles(t *testing.T) []Article {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", "stories", "*.txt"))
	files = append(files, filepath.Join("testdata", "events", "events.txt"))
	var out []Article
	var vocab []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, block := range strings.Split(string(b), "\n\n\n") {
			title, text, _ := strings.Cut(strings.TrimSpace(block), "\n")
			out = append(out, Article{Title: title, Text: text})
		}
		vocab = append(vocab, strings.Fields(string(b))...)
	}
	extra := []string{"counter-tariffs", "Jae-in", "U.S.", "3.5", "1,000", "Korea's", "naïve", "São", "Zürich",
		"(WHO)", "World Health Organization", "e-mail", "co-operate", "‐dash‑", "it’s", "\u00a0", "\t", "  ", "\u3000"}
	r := rand.New(rand.NewSource(20))
	for i := range 3000 {
		n := 40 + r.Intn(400)
		var sb strings.Builder
		for j := range n {
			switch k := r.Intn(20); {
			case k == 0:
				sb.WriteString(extra[r.Intn(len(extra))])
			case k == 1:
				fmt.Fprintf(&sb, "word%dx", r.Intn(20000))
			default:
				sb.WriteString(vocab[r.Intn(len(vocab))])
			}
			switch {
			case j%37 == 36:
				sb.WriteString("\n\n")
			default:
				sb.WriteByte(' ')
			}
		}
		a := Article{Title: fmt.Sprintf("%s %s report %d", vocab[r.Intn(len(vocab))], extra[r.Intn(len(extra))], i),
			Text: sb.String()}
		if i%3 == 0 {
			a.Tags = []string{vocab[r.Intn(len(vocab))], "European Central Bank (ECB)"}
		}
		out = append(out, a)
	}
	return out
}

// TestAnalyseIsTheAnalysisBefore compares Index.analyse (hot word cache,
// reused scratch and pair maps) with analyseBefore on every article, twice
// over, so that caches and reused maps carry state from article to
// article as they do while ingesting.
func TestAnalyseIsTheAnalysisBefore(t *testing.T) {
	arts := identityArticles(t)
	ix := NewIndex(NewStemmer())
	ref := NewStemmer()
	for round := range 2 {
		for i, a := range arts {
			got, want := ix.analyse(a), analyseBefore(ref, a)
			if !sameTerms(got, want) {
				t.Fatalf("round %d, article %d (%q): analysis differs:\n got %+v\nwant %+v", round, i, a.Title, got, want)
			}
			ix.reuse.release(got)
		}
	}
}

func sameTerms(a, b docTerms) bool {
	return a.length == b.length && slices.Equal(a.stems, b.stems) && reflect.DeepEqual(a.pairs, b.pairs) &&
		reflect.DeepEqual(a.aliases, b.aliases) && a.local == nil && b.local == nil
}
