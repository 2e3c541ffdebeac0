package eval

import (
	"runtime"
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

// RougeRow is one system's mean ROUGE F1 (x100) over a dataset, and the
// mean length of its summaries in words.
type RougeRow struct {
	System     string
	R1, R2, RL float64
	Words      float64
	Docs       int
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

// EvalSummaries scores every system on every document, in parallel.
func EvalSummaries(docs []SummaryDoc, systems []System) []RougeRow {
	rows := make([]RougeRow, len(systems))
	for i, s := range systems {
		rows[i] = meanRouge(docs, s)
	}
	return rows
}

func meanRouge(docs []SummaryDoc, s System) RougeRow {
	type part struct{ r1, r2, rl, words float64 }
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
				parts[i] = part{sc.R1.F1, sc.R2.F1, sc.RL.F1, float64(countWords(cand))}
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	row := RougeRow{System: s.Name, Docs: len(docs)}
	for _, p := range parts {
		row.R1 += p.r1
		row.R2 += p.r2
		row.RL += p.rl
		row.Words += p.words
	}
	if n := float64(len(docs)); n > 0 {
		row.R1, row.R2, row.RL, row.Words = 100*row.R1/n, 100*row.R2/n, 100*row.RL/n, row.Words/n
	}
	return row
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
