package briefing

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// analyseBefore is Index.analyse as it was before issue 20's second
// ingest round (main at 53b0e39), verbatim but for its scratch, passed in
// rather than pooled: the shared stem cache only, a new stems slice per
// article. The reference the faster analysis must equal.
func analyseBefore(st *Stemmer, sc *analyseScratch, a Article) docTerms {
	sc.local = new(stemTable) // bump takes it from the stem's hash, which it computes
	pairs := make(map[uint64]pairStat, len(a.Text)/10)
	dt := docTerms{local: sc.local,
		stems: make([]stemStat, 0, len(a.Text)/8)}
	ws := sc.words[:0]
	defer func() {
		if sc.words = ws[:0]; cap(ws) > 1<<14 {
			sc.words = nil
		}
	}()
	add := func(text string, flag uint8) {
		ws = st.appendWords(ws[:0], text)
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
				t := pairs[k]
				t.count, t.flags = min(t.count, math.MaxUint16-1)+1, t.flags|flag
				pairs[k] = t
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
	for k, t := range pairs { // the map's order: sameTerms compares them as sets
		dt.pairs = append(dt.pairs, pairCount{key: k, pairStat: t})
	}
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
	ref, sc := NewStemmer(), &analyseScratch{}
	for round := range 2 {
		for i, a := range arts {
			got, want := ix.analyse(a), analyseBefore(ref, sc, a)
			if !sameTerms(got, want) {
				t.Fatalf("round %d, article %d (%q): analysis differs:\n got %+v\nwant %+v", round, i, a.Title, got, want)
			}
			ix.reuse.release(got)
		}
	}
}

func sameTerms(a, b docTerms) bool {
	return a.length == b.length && slices.Equal(a.stems, b.stems) && samePairs(a, b) &&
		reflect.DeepEqual(a.aliases, b.aliases) && a.local == nil && b.local == nil && a.pairTab == nil && b.pairTab == nil
}

// samePairs reports whether a and b hold the same pairs, each once.
func samePairs(a, b docTerms) bool {
	pa, pb := pairMap(a), pairMap(b)
	return pa != nil && pb != nil && maps.Equal(pa, pb)
}

// pairMap is dt's pairs by key; nil when a key occurs twice.
func pairMap(dt docTerms) map[uint64]pairStat {
	m := map[uint64]pairStat{}
	for _, p := range dt.pairs {
		if _, dup := m[p.key]; dup {
			return nil
		}
		m[p.key] = p.pairStat
	}
	return m
}

// TestAnalyseIsTheAnalysisBeforeOnEvalNews repeats the comparison on real
// news when BRIEFBOT_EVAL_DIR points at the evaluation data (never
// committed): every article of the three corpora.
func TestAnalyseIsTheAnalysisBeforeOnEvalNews(t *testing.T) {
	arts := evalNews(t)
	ix := NewIndex(NewStemmer())
	ref, sc := NewStemmer(), &analyseScratch{}
	for i, a := range arts {
		got, want := ix.analyse(a), analyseBefore(ref, sc, a)
		if !sameTerms(got, want) {
			t.Fatalf("article %d (%q): analysis differs", i, a.Title)
		}
		ix.reuse.release(got)
	}
}

// BenchmarkAnalyse compares the analysis before and now on real news
// (BRIEFBOT_EVAL_DIR), in process CPU time per article (the machine may be
// shared: wall time says little).
func BenchmarkAnalyse(b *testing.B) {
	arts := evalNews(b)
	b.Run("before", func(b *testing.B) {
		st, sc := NewStemmer(), &analyseScratch{}
		b.ReportAllocs()
		cpu := analyseCPU()
		for i := range b.N {
			analyseBefore(st, sc, arts[i%len(arts)])
		}
		b.ReportMetric(float64(analyseCPU()-cpu)/float64(b.N), "cpu-ns/op")
	})
	b.Run("now", func(b *testing.B) {
		ix := NewIndex(NewStemmer())
		b.ReportAllocs()
		cpu := analyseCPU()
		for i := range b.N {
			ix.reuse.release(ix.analyse(arts[i%len(arts)]))
		}
		b.ReportMetric(float64(analyseCPU()-cpu)/float64(b.N), "cpu-ns/op")
	})
}

// evalNews reads the title and text of every article of the evaluation
// corpora in BRIEFBOT_EVAL_DIR, or skips.
func evalNews(tb testing.TB) []Article {
	tb.Helper()
	dir := os.Getenv("BRIEFBOT_EVAL_DIR")
	if dir == "" {
		tb.Skip("set BRIEFBOT_EVAL_DIR to the evaluation data directory to run")
	}
	var out []Article
	for _, name := range []string{"reuters-train.jsonl", "bbc-dev.jsonl", "cnndm-dev.jsonl"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			var d struct{ Title, Text string }
			if err := json.Unmarshal([]byte(line), &d); err != nil {
				tb.Fatal(err)
			}
			out = append(out, Article{Title: d.Title, Text: d.Text})
		}
	}
	return out
}

func analyseCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// bump is bumpHashed hashing the stem itself, as the analysis before the
// hash was carried from the hot word cache did.
func (dt *docTerms) bump(stem, surface string, flag uint8) uint32 {
	return dt.bumpHashed(stem, strHash(stem), surface, flag)
}
