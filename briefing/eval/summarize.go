package eval

import (
	"hash/fnv"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/rouge"
)

// Summarizer returns the summary of one document, one sentence per element.
type Summarizer func(d SummaryDoc) []string

// System is a named summarizer under evaluation.
type System struct {
	Name      string
	Summarize Summarizer
}

// RougeRow is one system's mean ROUGE F1 (x100) over a dataset, the mean
// length of its summaries in words, and the share of summaries with a
// dangling sentence (see Dangles).
type RougeRow struct {
	System     string
	R1, R2, RL float64
	Words      float64
	Docs       int
	Dangling   float64 // share of documents, 0..1
	// PerDoc holds each document's ROUGE-1, -2 and -L F1 (x100), in the
	// order of the documents, for paired comparisons (Bootstrap).
	PerDoc [][3]float64
}

// Lead returns the first n sentences of the text, split by our splitter:
// the LEAD-n baseline as the product would compute it.
func Lead(n int) Summarizer {
	return func(d SummaryDoc) []string { return firstN(briefing.Sentences(d.Text), n) }
}

// LeadGiven returns the first n sentences of the dataset's own split (our
// splitter when the dataset has none): LEAD-n as the dataset defines it.
func LeadGiven(n int) Summarizer {
	return func(d SummaryDoc) []string {
		if len(d.Sentences) == 0 {
			return Lead(n)(d)
		}
		return firstN(d.Sentences, n)
	}
}

func firstN(ss []string, n int) []string { return ss[:min(n, len(ss))] }

// DesignHalf reports whether a document belongs to the design half of its
// file: the FNV-32a hash of its id is even. Summarizer changes are chosen
// looking only at the design half; the other half is held back and scored
// for a chosen configuration (QUALITY.md).
func DesignHalf(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%2 == 0
}

// EvalSummaries scores every system on every document, in parallel.
func EvalSummaries(docs []SummaryDoc, systems []System) []RougeRow {
	rows := make([]RougeRow, len(systems))
	for i, s := range systems {
		rows[i] = meanRouge(docs, s)
	}
	return rows
}

func meanRouge(docs []SummaryDoc, s System) RougeRow {
	type part struct {
		r1, r2, rl, words float64
		dangles           bool
	}
	parts := make([]part, len(docs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				cand := s.Summarize(docs[i])
				sc := rouge.Compute(cand, docs[i].Reference)
				parts[i] = part{sc.R1.F1, sc.R2.F1, sc.RL.F1, float64(countWords(cand)), Dangles(docs[i].Text, cand)}
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	row := RougeRow{System: s.Name, Docs: len(docs), PerDoc: make([][3]float64, len(docs))}
	for i, p := range parts {
		row.R1 += p.r1
		row.R2 += p.r2
		row.RL += p.rl
		row.Words += p.words
		row.PerDoc[i] = [3]float64{100 * p.r1, 100 * p.r2, 100 * p.rl}
		if p.dangles {
			row.Dangling++
		}
	}
	if n := float64(len(docs)); n > 0 {
		row.R1, row.R2, row.RL, row.Words, row.Dangling = 100*row.R1/n, 100*row.R2/n, 100*row.RL/n, row.Words/n, row.Dangling/n
	}
	return row
}

// Dangles reports whether a summary of text shows a sentence that opens
// with a pronoun or connective ("They", "But", "His"…, see
// briefing.LeansOnPrevious) while the article sentence before it is not
// shown. Sentences are found in the article as split by briefing.Sentences;
// a summary sentence not found there is not judged.
func Dangles(text string, summary []string) bool {
	sents := briefing.Sentences(briefing.Clean(briefing.Article{Text: text}).Text)
	shown := map[int]bool{}
	type at struct {
		i     int
		start bool // the summary sentence starts where the article's does
	}
	var found []at
	next := 0
	for _, s := range summary {
		s = strings.TrimSpace(s)
		for i := next; i < len(sents); i++ {
			a := sents[i]
			if a == s || strings.Contains(a, s) || strings.Contains(s, a) {
				shown[i] = true
				found = append(found, at{i, strings.HasPrefix(a, s) || strings.HasSuffix(s, a) && a == s})
				next = i + 1
				break
			}
		}
	}
	for _, f := range found {
		if f.i > 0 && f.start && !shown[f.i-1] && briefing.LeansOnPrevious(sents[f.i]) {
			return true
		}
	}
	return false
}

// Interval is a bootstrap confidence interval of a mean difference.
type Interval struct{ Mean, Low, High float64 }

// Bootstrap returns, per metric (ROUGE-1, -2, -L), the mean of the
// per-document differences a − b and its percentile interval at level (for
// example 0.95) from resamples paired bootstrap resamples of the documents.
// The seed makes the figures reproducible.
func Bootstrap(a, b RougeRow, resamples int, level float64, seed uint64) [3]Interval {
	n := min(len(a.PerDoc), len(b.PerDoc))
	var out [3]Interval
	if n == 0 || resamples < 1 {
		return out
	}
	diff := make([][3]float64, n)
	for i := range n {
		for m := range 3 {
			diff[i][m] = a.PerDoc[i][m] - b.PerDoc[i][m]
			out[m].Mean += diff[i][m] / float64(n)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	means := [3][]float64{}
	for range resamples {
		var sum [3]float64
		for range n {
			d := diff[rng.IntN(n)]
			for m := range 3 {
				sum[m] += d[m]
			}
		}
		for m := range 3 {
			means[m] = append(means[m], sum[m]/float64(n))
		}
	}
	lo, hi := (1-level)/2, 1-(1-level)/2
	for m := range 3 {
		slices.Sort(means[m])
		out[m].Low = means[m][int(lo*float64(resamples-1)+0.5)]
		out[m].High = means[m][int(hi*float64(resamples-1)+0.5)]
	}
	return out
}

// BootstrapMean returns the mean of xs (per-query differences, say) and
// its percentile interval at level from resamples bootstrap resamples of
// xs; the seed makes the figures reproducible.
func BootstrapMean(xs []float64, resamples int, level float64, seed uint64) Interval {
	n := len(xs)
	var out Interval
	if n == 0 || resamples < 1 {
		return out
	}
	for _, x := range xs {
		out.Mean += x / float64(n)
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	means := make([]float64, resamples)
	for i := range means {
		sum := 0.0
		for range n {
			sum += xs[rng.IntN(n)]
		}
		means[i] = sum / float64(n)
	}
	slices.Sort(means)
	lo, hi := (1-level)/2, 1-(1-level)/2
	out.Low = means[int(lo*float64(resamples-1)+0.5)]
	out.High = means[int(hi*float64(resamples-1)+0.5)]
	return out
}

func countWords(ss []string) int {
	n := 0
	for _, s := range ss {
		in := false
		for _, r := range s {
			sp := r == ' ' || r == '\n' || r == '\t'
			if !sp && !in {
				n++
			}
			in = !sp
		}
	}
	return n
}
