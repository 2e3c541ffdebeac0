package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/eval"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/storage"
)

// runEval measures selection and summaries on labelled data, next to the
// baselines, and prints Markdown tables (QUALITY.md keeps the latest).
func runEval(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "summarize":
			return runEvalSummarize(ctx, env, args[1:])
		case "select":
			return runEvalSelect(ctx, env, args[1:])
		case "-h", "--help", "-help", "help":
			fmt.Fprint(env.Out, evalUsage)
			return nil
		}
	}
	fmt.Fprint(env.Err, evalUsage)
	return cli.ErrUsage
}

const evalUsage = `Usage: briefbot eval summarize --data FILE.jsonl [--sentences 3]
       briefbot eval select --data FILE.jsonl --queries FILE.tsv

summarize: ROUGE-1, ROUGE-2 and ROUGE-L F1 of briefbot's summaries and of LEAD-N
against the references ({id, title?, text, summary, sentences?} per line).
select: precision, recall and F1 of what "briefbot match" selects for each query
(category<TAB>query) against the category labels ({id, date, title, text, topics}
per line), next to a case-insensitive substring filter.
`

func runEvalSummarize(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "eval summarize", "--data FILE.jsonl [--sentences N]",
		"Score briefbot's summaries and LEAD-N against reference summaries with ROUGE.")
	data := fs.String("data", "", "JSON lines with text and reference summary")
	n := fs.Int("sentences", 3, "sentences per summary")
	if _, err := cli.Parse(env, fs, args); err != nil {
		return err
	}
	if *data == "" || *n < 1 {
		return cli.UsageErr(env, fs, "give --data FILE.jsonl and --sentences of at least 1")
	}
	docs, err := readData(*data, eval.ReadSummaryDocs)
	if err != nil {
		return err
	}
	eng := briefing.NewEngine(nil, briefing.Config{})
	ours := func(d eval.SummaryDoc) []string {
		return eng.SummarizeArticle(briefing.Article{Title: d.Title, Text: d.Text}, *n, "")
	}
	lead := "lead-" + strconv.Itoa(*n)
	rows := eval.EvalSummaries(docs, []eval.System{
		{Name: "briefbot", Summarize: ours},
		{Name: lead + " (our splitter)", Summarize: eval.Lead(*n)},
		{Name: lead + " (dataset sentences)", Summarize: eval.LeadGiven(*n)},
	})
	printRouge(env.Out, filepath.Base(*data), *n, rows)
	return ctx.Err()
}

func printRouge(w io.Writer, name string, n int, rows []eval.RougeRow) {
	fmt.Fprintf(w, "%s: %d articles, %d-sentence summaries, ROUGE F1 x100 (mean over articles)\n\n", name, rows[0].Docs, n)
	fmt.Fprintln(w, "| system | ROUGE-1 | ROUGE-2 | ROUGE-L | words |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %.2f | %.2f | %.2f | %.0f |\n", r.System, r.R1, r.R2, r.RL, r.Words)
	}
	fmt.Fprintln(w)
	for _, base := range rows[1:] {
		fmt.Fprintf(w, "briefbot minus %s: ROUGE-1 %+.2f, ROUGE-2 %+.2f, ROUGE-L %+.2f\n",
			base.System, rows[0].R1-base.R1, rows[0].R2-base.R2, rows[0].RL-base.RL)
	}
}

func runEvalSelect(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "eval select", "--data FILE.jsonl --queries FILE.tsv",
		"Score what `briefbot match` selects against category labels, next to a substring filter.\n"+
			"The articles are ingested into a temporary SQLite database through the engine.")
	data := fs.String("data", "", "JSON lines of labelled articles")
	queries := fs.String("queries", "", "category<TAB>query lines")
	if _, err := cli.Parse(env, fs, args); err != nil {
		return err
	}
	if *data == "" || *queries == "" {
		return cli.UsageErr(env, fs, "give --data FILE.jsonl and --queries FILE.tsv")
	}
	docs, err := readData(*data, eval.ReadLabeledDocs)
	if err != nil {
		return err
	}
	qs, err := readData(*queries, eval.ReadQueries)
	if err != nil {
		return err
	}
	ours, cleanup, err := engineSelector(ctx, env, docs)
	if err != nil {
		return err
	}
	defer cleanup()
	rows, err := eval.EvalSelection(docs, qs, []eval.Selector{ours, eval.Contains(docs)})
	if err != nil {
		return err
	}
	printSelection(env.Out, filepath.Base(*data), len(docs), rows)
	return ctx.Err()
}

// engineSelector ingests docs through a real engine and store and returns
// the selector `briefbot match` is: Engine.Match with no limit.
func engineSelector(ctx context.Context, env *cli.Env, docs []eval.LabeledDoc) (eval.Selector, func(), error) {
	dir, err := os.MkdirTemp("", "briefbot-eval")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	store, err := storage.Open(ctx, filepath.Join(dir, "eval.db"), storage.Options{Logger: env.Log})
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	cleanup = func() { store.Close(); os.RemoveAll(dir) }
	eng := briefing.NewEngine(store, briefing.Config{Logger: env.Log})
	byArticle, err := ingestLabeled(ctx, eng, docs)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	sel := func(query string) (map[string]bool, error) {
		ms, err := eng.Match(ctx, query, briefing.MatchOptions{})
		if err != nil {
			return nil, err
		}
		out := make(map[string]bool, len(ms))
		for _, m := range ms {
			out[byArticle[m.ArticleID]] = true
		}
		return out, nil
	}
	return sel, cleanup, nil
}

func ingestLabeled(ctx context.Context, eng *briefing.Engine, docs []eval.LabeledDoc) (map[int64]string, error) {
	const batch = 500
	byArticle := make(map[int64]string, len(docs))
	for i := 0; i < len(docs); i += batch {
		part := docs[i:min(i+batch, len(docs))]
		arts := make([]briefing.Article, len(part))
		for j, d := range part {
			arts[j] = briefing.Article{Source: "eval", GUID: d.ID, Title: d.Title, Text: d.Text, Published: d.Date}
		}
		res, err := eng.Ingest(ctx, arts)
		if err != nil {
			return nil, fmt.Errorf("ingest: %w", err)
		}
		for _, a := range res.Added {
			byArticle[a.ID] = a.GUID
		}
	}
	return byArticle, nil
}

func printSelection(w io.Writer, name string, n int, rows []eval.SelectionRow) {
	fmt.Fprintf(w, "%s: %d articles; briefbot = Engine.Match (what `briefbot match`, watches and digests use),\n", name, n)
	fmt.Fprintln(w, "contains = case-insensitive substring of title or text")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| category | query | relevant | briefbot P | R | F1 | selected | contains P | R | F1 | selected |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		o, c := r.Scores[0], r.Scores[1]
		fmt.Fprintf(w, "| %s | %s | %d | %.3f | %.3f | %.3f | %d | %.3f | %.3f | %.3f | %d |\n", r.Query.Category, r.Query.Text,
			o.Relevant, o.Precision, o.Recall, o.F1, o.Selected, c.Precision, c.Recall, c.F1, c.Selected)
	}
	m := rows[len(rows)-1].Scores
	fmt.Fprintf(w, "\nmacro F1: briefbot %.3f, contains %.3f (%+.3f); macro precision %+.3f\n",
		m[0].F1, m[1].F1, m[0].F1-m[1].F1, m[0].Precision-m[1].Precision)
}

// readData opens path and parses it with read.
func readData[T any](path string, read func(io.Reader) ([]T, error)) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out, err := read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
