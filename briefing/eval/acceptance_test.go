package eval_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
	"github.com/briefbot/briefbot/briefing/eval"
)

// The acceptance checks of issue 3 on the research-licensed evaluation
// data, which is never committed: they run only when BRIEFBOT_EVAL_DIR
// names its directory. The figures of record come from `briefbot eval`;
// these guard against regressions.

func evalDir(t *testing.T) string {
	dir := os.Getenv("BRIEFBOT_EVAL_DIR")
	if dir == "" {
		t.Skip("set BRIEFBOT_EVAL_DIR to the evaluation data directory to run")
	}
	return dir
}

func readFile[T any](t *testing.T, path string, read func(f *os.File) ([]T, error)) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, err := read(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

func TestAcceptanceSummaries(t *testing.T) {
	dir := evalDir(t)
	for _, tc := range []struct {
		file   string
		r2Gain float64 // ROUGE-2 points over LEAD-3
	}{{"cnndm-dev.jsonl", 0.5}, {"bbc-dev.jsonl", 15.0}} {
		docs := readFile(t, filepath.Join(dir, tc.file), func(f *os.File) ([]eval.SummaryDoc, error) { return eval.ReadSummaryDocs(f) })
		// The file is one source: furniture is learned from it as from a
		// feed's stored articles (as `briefbot eval summarize` does).
		eng := briefing.NewEngine(nil, briefing.Config{})
		for _, d := range docs {
			eng.LearnFurniture(briefing.Article{Source: tc.file, Title: d.Title, Text: d.Text})
		}
		ours := func(n int) eval.System {
			return eval.System{Name: "briefbot", Summarize: func(d eval.SummaryDoc) []string {
				return eng.SummarizeArticle(briefing.Article{Source: tc.file, Title: d.Title, Text: d.Text}, n, "")
			}}
		}
		rows := eval.EvalSummaries(docs, []eval.System{ours(3), {Name: "lead-3", Summarize: eval.LeadGiven(3)}, ours(2)})
		o, l, two := rows[0], rows[1], rows[2]
		t.Logf("%s: briefbot %.2f/%.2f/%.2f, lead-3 %.2f/%.2f/%.2f; dangling (2 sentences) %.1f%%", tc.file, o.R1, o.R2, o.RL, l.R1, l.R2, l.RL, 100*two.Dangling)
		// A regression guard at the figures of record (QUALITY.md): never
		// below LEAD-3 on any metric, ROUGE-2 gain on keyword-dense text
		// at least r2Gain. Issue 16's bar (bbc-dev ROUGE-2 at least
		// LEAD-3 + 16 with no dangling sentences) is not met yet (+15.32
		// with follow limited to the lead and the lede-likeness share;
		// QUALITY.md has the frontier).
		if o.R1 < l.R1 || o.RL < l.RL || o.R2 < l.R2+tc.r2Gain {
			t.Errorf("%s: below the figures of record", tc.file)
		}
		if two.Dangling > 0.02 {
			t.Errorf("%s: %.1f%% of 2-sentence summaries have a dangling sentence (bar 2%%)", tc.file, 100*two.Dangling)
		}
	}
}

func TestAcceptanceSelection(t *testing.T) {
	dir := evalDir(t)
	docs := readFile(t, filepath.Join(dir, "reuters-train.jsonl"), func(f *os.File) ([]eval.LabeledDoc, error) { return eval.ReadLabeledDocs(f) })
	qs := readFile(t, filepath.Join(dir, "reuters-queries.tsv"), func(f *os.File) ([]eval.Query, error) { return eval.ReadQueries(f) })
	ctx := context.Background()
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	arts := make([]briefing.Article, len(docs))
	for i, d := range docs {
		arts[i] = briefing.Article{Source: "eval", GUID: d.ID, Title: d.Title, Text: d.Text, Published: d.Date}
	}
	res, err := eng.Ingest(ctx, arts)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]string{}
	for _, a := range res.Added {
		byID[a.ID] = a.GUID
	}
	ours := func(q string) (map[string]bool, error) {
		ms, err := eng.Match(ctx, q, briefing.MatchOptions{})
		out := map[string]bool{}
		for _, m := range ms {
			out[byID[m.ArticleID]] = true
		}
		return out, err
	}
	rows, err := eval.EvalSelection(docs, qs, []eval.Selector{ours, eval.Contains(docs), eval.WholeWord(docs)})
	if err != nil {
		t.Fatal(err)
	}
	m := rows[len(rows)-1].Scores
	worst := 1.0
	for _, r := range rows[:len(rows)-1] {
		worst = min(worst, r.Scores[0].F1-r.Scores[2].F1)
	}
	t.Logf("macro: briefbot P %.3f F1 %.3f, contains P %.3f F1 %.3f, words P %.3f F1 %.3f; worst query %+.3f",
		m[0].Precision, m[0].F1, m[1].Precision, m[1].F1, m[2].Precision, m[2].F1, worst)
	// Issue 15's bar on the 26 development queries (QUALITY.md): macro F1
	// at least 0.08 over the whole-word filter, macro precision not below
	// it, no query more than 0.10 below it.
	if m[0].F1 < m[2].F1+0.08 || m[0].Precision < m[2].Precision || worst < -0.10 {
		t.Error("selection below the figures of record")
	}
}
