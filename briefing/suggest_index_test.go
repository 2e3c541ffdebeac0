package briefing

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"sync"
	"testing"
)

// fullScanSuggestions is "did you mean" as it was before the vocabulary
// index: every term of the index read and measured. The index must give
// exactly its answers.
func fullScanSuggestions(ix *Index, typed string, n int) []string {
	if !hasLetter(typed) {
		return nil
	}
	limit := 1
	if len([]rune(typed)) >= 7 {
		limit = 2
	}
	best := map[string]spelling{}
	for i := range ix.terms {
		p := &ix.terms[i]
		if p.word == 0 {
			continue
		}
		w := ix.words[p.word-1]
		s := w.surface
		if strings.HasPrefix(w.term, formPrefix) {
			s = strings.TrimPrefix(w.term, formPrefix)
		}
		if s == typed || !hasLetter(s) || abs(len(s)-len(typed)) > limit {
			continue
		}
		d := editDistance(s, typed, limit)
		if d > limit {
			continue
		}
		c := spelling{s, d, p.df()}
		if o, ok := best[s]; !ok || c.df > o.df {
			best[s] = c
		}
	}
	return closest(best, n)
}

// typo applies k random edits (substitution, insertion, deletion, swap of
// neighbours) to w's bytes, from an alphabet that includes the bytes of
// a multi-byte letter.
func typo(r *rand.Rand, w string, k int) string {
	const alphabet = "abcdeilnorstuyz\xea\xb5\xad"
	b := []byte(w)
	for range k {
		i := r.Intn(len(b) + 1)
		switch c := alphabet[r.Intn(len(alphabet))]; r.Intn(4) {
		case 0:
			if i < len(b) {
				b[i] = c
			}
		case 1:
			b = slices.Insert(b, i, c)
		case 2:
			if i < len(b) && len(b) > 1 {
				b = slices.Delete(b, i, i+1)
			}
		default:
			if i+1 < len(b) {
				b[i], b[i+1] = b[i+1], b[i]
			}
		}
	}
	return string(b)
}

// The vocabulary index finds exactly the suggestions of a full scan:
// typed words near known ones (one and two edits away, short and long,
// in other scripts, numbers), before and after words are added, whether
// the new words are scanned as the index's tail or indexed by a rebuild.
func TestVocabIndexSuggestsWhatAFullScanSuggests(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	base := []string{"election", "elections", "electronics", "tariffs", "tariff", "steel", "aluminium", "ox", "ax",
		"go", "a", "i", "harbour", "bridge", "bridges", "tunnel", "commuters", "한국", "한국은", "서울", "korea", "koreas",
		"mayor", "major", "mayors", "counter-tariffs", "2024", "5000", "s&p", "gdp", "covid-19", "naïve", "café"}
	ix := NewIndex(NewStemmer())
	next := 0
	addArticles := func(count int) {
		var arts []Article
		for range count {
			var ws []string
			for range 12 {
				w := base[r.Intn(len(base))]
				if r.Intn(3) == 0 { // the vocabulary grows: misspellings and new words
					w = typo(r, w, 1+r.Intn(3))
				}
				ws = append(ws, w)
			}
			next++
			arts = append(arts, Article{ID: int64(next), Title: ws[0] + " " + ws[1], Text: strings.Join(ws[2:], " ") + "."})
		}
		ix.add(arts, nil)
	}
	check := func(stage string) {
		t.Helper()
		typed := slices.Clone(base)
		for range 600 {
			typed = append(typed, typo(r, base[r.Intn(len(base))], 1+r.Intn(3)))
		}
		for _, w := range typed {
			w = strings.ToLower(w)
			got, want := ix.similarWords(w, 3), fullScanSuggestions(ix, w, 3)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q: vocabulary index suggests %q, a full scan %q", stage, w, got, want)
			}
		}
	}
	addArticles(400)
	check("first build")
	builtAt := ix.vocab.n
	addArticles(50)
	check("new words in the tail")
	if ix.vocab.n != builtAt || len(ix.words) == builtAt {
		t.Fatalf("indexed %d of %d words, want the tail (after %d) scanned, not indexed", ix.vocab.n, len(ix.words), builtAt)
	}
	for len(ix.words)-builtAt <= max(vocabRebuildMin, builtAt/8) {
		addArticles(500)
	}
	check("rebuilt")
	if ix.vocab.n != len(ix.words) {
		t.Errorf("indexed %d of %d words after the tail outgrew its bound", ix.vocab.n, len(ix.words))
	}
}

// A suggestion reads a small part of a large vocabulary: the candidates
// the bigram counts admit, not every word.
func TestVocabIndexReadsFewCandidates(t *testing.T) {
	ix := NewIndex(NewStemmer())
	var arts []Article
	r := rand.New(rand.NewSource(3))
	for i := range 2000 {
		var ws []string
		for range 20 {
			ws = append(ws, fmt.Sprintf("%c%c%c%c%c%c%c", 'a'+r.Intn(26), 'a'+r.Intn(26), 'a'+r.Intn(26), 'a'+r.Intn(26),
				'a'+r.Intn(26), 'a'+r.Intn(26), 'a'+r.Intn(6)))
		}
		arts = append(arts, Article{ID: int64(i + 1), Title: ws[0], Text: strings.Join(ws, " ")})
	}
	ix.add(arts, nil)
	ix.similarWords("warmup", 3)
	for _, typed := range []string{"harbour", "qqqqqqqqq", "abcdefg", "zz", "한국한국한국"} {
		read := 0
		ix.vocab.mu.Lock()
		ix.vocab.candidates(typed, 2, func(uint32) { read++ })
		ix.vocab.mu.Unlock()
		if read > len(ix.words)/20 {
			t.Errorf("%q: %d candidates of %d words", typed, read, len(ix.words))
		}
	}
}

// FuzzSimilarWords: for any typed word, "did you mean" through the
// vocabulary index is exactly the full scan's answer (and never panics),
// over a vocabulary of short, long, hyphenated, numeric and other-script
// words with part of it in the index's tail.
func FuzzSimilarWords(f *testing.F) {
	for _, s := range []string{"eletcion", "tarrifs", "한국", "ox", "a", "", "5000", "harbourr", "\xff\xfe", "café",
		"counter-tarifs", strings.Repeat("e", 70)} {
		f.Add(s)
	}
	ix := NewIndex(NewStemmer())
	texts := []string{"Election day; elections and electronics, tariffs on steel and aluminium.",
		"Counter-tariffs: 한국 and 한국은 ask Seoul, Korea's ox and ax; covid-19 in 2024 and S&P 5000.",
		"Harbour bridges and the harbour tunnel; commuters, mayors and a major mayor; naïve café owners."}
	for i, s := range texts {
		ix.add([]Article{{ID: int64(i + 1), Title: "t", Text: s}}, nil)
		if i == 1 {
			ix.similarWords("warm", 3) // index the first two; the third stays in the tail
		}
	}
	f.Fuzz(func(t *testing.T, typed string) {
		if len(typed) > 4*MaxTopicLength {
			return
		}
		typed = strings.ToLower(typed)
		if got, want := ix.similarWords(typed, 3), fullScanSuggestions(ix, typed, 3); !slices.Equal(got, want) {
			t.Fatalf("%q: vocabulary index suggests %q, a full scan %q", typed, got, want)
		}
	})
}

// Suggestions run concurrently with each other and with indexing (the
// vocabulary index has its own lock; run with -race).
func TestVocabIndexConcurrentWithIngest(t *testing.T) {
	ix := NewIndex(NewStemmer())
	ix.add([]Article{{ID: 1, Title: "Harbour bridge", Text: "Commuters cross the harbour bridge."}}, nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 200 {
			ix.add([]Article{{ID: int64(i + 2), Title: fmt.Sprintf("Tunnel%d works", i), Text: fmt.Sprintf("Word%d and harbours.", i)}}, nil)
		}
	}()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				ix.mu.RLock()
				got := ix.similarWords("harbourr", 3)
				ix.mu.RUnlock()
				if !slices.Contains(got, "harbour") {
					t.Errorf("harbourr: %v, want harbour", got)
					return
				}
			}
		})
	}
	wg.Wait()
	<-done
}
