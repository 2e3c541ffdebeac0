package briefing_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// The benchmarks run on a synthetic wire corpus: sentences assembled from
// the vocabulary of the made-up stories in testdata/stories, with
// Zipf-distributed word choice and invented names, so index sizes and
// posting lengths grow like news does. Speed is reported as metrics:
// articles/s for ingest, and ms per query (p50, p99) for match.

type corpusGen struct {
	r     *rand.Rand
	words []string
	zipf  *rand.Zipf
}

func newCorpusGen(tb testing.TB, seed int64) *corpusGen {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "stories", "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("stories: %v", err)
	}
	seen := map[string]bool{}
	var words []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, w := range strings.Fields(string(b)) {
			w = strings.Trim(w, `.,:;"'()`)
			if w != "" && !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	r := rand.New(rand.NewSource(seed))
	r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	// Story words sit at every fifth frequency rank from 100 on, among
	// invented names and rare words, so a topic word is in 1% to 30% of
	// articles, as topic words are in news.
	vocab := make([]string, 0, 22_000)
	for i := 0; len(vocab) < 20_000; i++ {
		if k := (i - 100) / 5; i >= 100 && (i-100)%5 == 0 && k < len(words) {
			vocab = append(vocab, words[k])
			continue
		}
		vocab = append(vocab, fmt.Sprintf("kel%cmar%d", 'a'+rune(i%26), i))
	}
	words = vocab
	return &corpusGen{r: r, words: words, zipf: rand.NewZipf(r, 1.0001, 2, uint64(len(words)-1))}
}

func (g *corpusGen) sentence() string {
	n := 8 + g.r.Intn(20)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.words[g.zipf.Uint64()]
	}
	ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:] // a capital, for the sentence splitter
	return strings.Join(ws, " ") + "."
}

func (g *corpusGen) article(i int) briefing.Article {
	var paras []string
	for range 3 + g.r.Intn(5) {
		var ss []string
		for range 1 + g.r.Intn(3) {
			ss = append(ss, g.sentence())
		}
		paras = append(paras, strings.Join(ss, " "))
	}
	title := strings.TrimSuffix(g.sentence(), ".")
	return briefing.Article{Source: "bench", GUID: fmt.Sprint(i), Title: title, Text: strings.Join(paras, "\n\n"),
		Published: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)}
}

// BenchmarkIngest measures the ingest pipeline per article: clean, store
// (in memory), index, plus what a briefing does to each article shown:
// fingerprint it for near-duplicate folding and summarise it.
func BenchmarkIngest(b *testing.B) {
	g := newCorpusGen(b, 1)
	arts := make([]briefing.Article, b.N)
	for i := range arts {
		arts[i] = g.article(i)
	}
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	st := eng.Stemmer()
	b.ResetTimer()
	for i := 0; i < len(arts); i += 500 {
		batch := arts[i:min(i+500, len(arts))]
		if _, err := eng.Ingest(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
		for _, a := range batch {
			briefing.SameStory(st.Shingles(a.Title+"\n"+a.Text), nil)
			st.Summarize(a.Text, false, briefing.SummaryOptions{Sentences: 2})
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

var matchTopics = []string{"harbour bridge", "council", "repairs OR inspection", `"north bank"`, "cables -ferry",
	"mayor", "engineers", "tunnel", "commuters", "budget"}

// BenchmarkMatch measures Engine.Match (the selection /brief, watches and
// digests use) over 10k and 100k stored articles.
func BenchmarkMatch(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			eng := benchEngine(b, n)
			ctx := context.Background()
			var lat []time.Duration
			b.ResetTimer()
			for i := range b.N {
				start := time.Now()
				if _, err := eng.Match(ctx, matchTopics[i%len(matchTopics)], briefing.MatchOptions{}); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

func benchEngine(b *testing.B, n int) *briefing.Engine { return benchEngineT(b, n) }

func benchEngineT(b testing.TB, n int) *briefing.Engine {
	b.Helper()
	g := newCorpusGen(b, 2)
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{SyncEvery: time.Hour})
	for i := 0; i < n; i += 1000 {
		batch := make([]briefing.Article, 0, 1000)
		for j := i; j < min(i+1000, n); j++ {
			batch = append(batch, g.article(j))
		}
		if _, err := eng.Ingest(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
	return eng
}

// benchSizes are the corpus sizes BenchmarkMatch runs at;
// BRIEFBOT_BENCH_SIZES (comma-separated) overrides them.
func benchSizes() []int {
	env := os.Getenv("BRIEFBOT_BENCH_SIZES")
	if env == "" {
		return []int{10_000, 100_000}
	}
	var out []int
	for _, f := range strings.Split(env, ",") {
		var n int
		if _, err := fmt.Sscan(f, &n); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}
