package evalcmd

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/eval"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/storage"
)

// Run is `briefbot eval`: it measures selection and summaries on
// labelled data, next to the baselines, and prints Markdown tables
// (QUALITY.md keeps the latest).
func Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "summarize":
			return runEvalSummarize(ctx, env, args[1:])
		case "select":
			return runEvalSelect(ctx, env, args[1:])
		case "events":
			return runEvalEvents(ctx, env, args[1:])
		case "-h", "--help", "-help", "help":
			fmt.Fprint(env.Out, evalUsage)
			return nil
		}
	}
	fmt.Fprint(env.Err, evalUsage)
	return cli.ErrUsage
}

const evalUsage = `Usage: briefbot eval summarize --data FILE.jsonl [--sentences 3] [--half all|design|held-back]
       briefbot eval select --data FILE.jsonl --queries FILE.tsv [--queries MORE.tsv ...] [--held-back CATS] [--blind] [--feedback N,...] [--explore N]
       briefbot eval events --data SET.txt [--data MORE.txt ...] [--orders N] [--pairs]

summarize: ROUGE-1, ROUGE-2 and ROUGE-L F1 of briefbot's summaries and of LEAD-N
against the references ({id, title?, text, summary, sentences?} per line).
select: precision, recall and F1 of what "briefbot match" selects for each query
(category<TAB>query) against the category labels ({id, date, title, text, topics}
per line), next to a case-insensitive substring filter and a whole-word filter,
with macro figures for the design queries and the held-back ones apart, and
for each further --queries file (a set of its own, named after the file);
--feedback also measures after a simulated user's judgments.
events: pairwise "same story" precision, recall and F1 of the engine's story
fold on hand-labelled event sets (briefing/eventset's format), per set and
pooled, with a 95% interval over events.
`

func runEvalSummarize(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "eval summarize", "--data FILE.jsonl [--sentences N] [--half all|design|held-back]",
		"Score briefbot's summaries and LEAD-N against reference summaries with ROUGE.")
	data := fs.String("data", "", "JSON lines with text and reference summary")
	n := fs.Int("sentences", 3, "sentences per summary")
	half := fs.String("half", "all", "articles to score: all, design or held-back (FNV-32a of the id even: design)")
	if _, err := cli.Parse(env, fs, args); err != nil {
		return err
	}
	if *data == "" || *n < 1 {
		return cli.UsageErr(env, fs, "give --data FILE.jsonl and --sentences of at least 1")
	}
	if *half != "all" && *half != "design" && *half != "held-back" {
		return cli.UsageErr(env, fs, "--half is all, design or held-back")
	}
	docs, err := readData(*data, eval.ReadSummaryDocs)
	if err != nil {
		return err
	}
	// The file is one source: the engine learns what it repeats around its
	// articles (page furniture) as it would from a feed's stored articles.
	source := filepath.Base(*data)
	eng := briefing.NewEngine(nil, briefing.Config{})
	for _, d := range docs {
		eng.LearnFurniture(briefing.Article{Source: source, Title: d.Title, Text: d.Text})
	}
	name := source // furniture is learned for source: the name printed may differ
	if *half != "all" {
		docs = slices.DeleteFunc(docs, func(d eval.SummaryDoc) bool { return eval.DesignHalf(d.ID) != (*half == "design") })
		name += " (" + *half + " half)"
	}
	ours := func(k int) eval.Summarizer {
		return func(d eval.SummaryDoc) []string {
			return eng.SummarizeArticle(briefing.Article{Source: source, Title: d.Title, Text: d.Text}, k, "")
		}
	}
	lead := "lead-" + strconv.Itoa(*n)
	rows := eval.EvalSummaries(docs, []eval.System{
		{Name: "briefbot", Summarize: ours(*n)},
		{Name: lead + " (our splitter)", Summarize: eval.Lead(*n)},
		{Name: lead + " (dataset sentences)", Summarize: eval.LeadGiven(*n)},
	})
	printRouge(env.Out, name, *n, rows)
	if *n != 2 {
		two := eval.EvalSummaries(docs, []eval.System{{Name: "briefbot", Summarize: ours(2)}})[0]
		fmt.Fprintf(env.Out, "\nbriefbot 2-sentence summaries: %.1f%% with a dangling sentence\n", 100*two.Dangling)
	}
	return ctx.Err()
}

// bootstrapResamples and bootstrapSeed fix the intervals' resampling, so
// a rerun prints the same figures.
const (
	bootstrapResamples = 1000
	bootstrapSeed      = 1
)

func printRouge(w io.Writer, name string, n int, rows []eval.RougeRow) {
	fmt.Fprintf(w, "%s: %d articles, %d-sentence summaries, ROUGE F1 x100 (mean over articles)\n\n", name, rows[0].Docs, n)
	fmt.Fprintln(w, "| system | ROUGE-1 | ROUGE-2 | ROUGE-L | words | dangling |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %.2f | %.2f | %.2f | %.0f | %.1f%% |\n", r.System, r.R1, r.R2, r.RL, r.Words, 100*r.Dangling)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "briefbot minus baseline, mean [95%% paired bootstrap interval, %d resamples, seed %d]:\n", bootstrapResamples, bootstrapSeed)
	for _, base := range rows[1:] {
		iv := eval.Bootstrap(rows[0], base, bootstrapResamples, 0.95, bootstrapSeed)
		fmt.Fprintf(w, "- %s: ROUGE-1 %+.2f [%+.2f, %+.2f], ROUGE-2 %+.2f [%+.2f, %+.2f], ROUGE-L %+.2f [%+.2f, %+.2f]\n",
			base.System, iv[0].Mean, iv[0].Low, iv[0].High, iv[1].Mean, iv[1].Low, iv[1].High, iv[2].Mean, iv[2].Low, iv[2].High)
	}
}

// heldBackDefault are the Reuters categories kept out of design: the
// second, fourth, ... sixteenth of the sixteen queries added after the
// first ten, fixed before the selection rule was redesigned (QUALITY.md).
const heldBackDefault = "veg-oil,livestock,cocoa,reserves,rubber,ipi,zinc,wpi"

func runEvalSelect(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "eval select", "--data FILE.jsonl --queries FILE.tsv [--queries MORE.tsv ...] [--held-back CATS] [--blind] [--feedback N,...] [--explore N]",
		"Score what `briefbot match` selects against category labels, next to a substring filter and a\n"+
			"whole-word filter. The articles are ingested into a temporary SQLite database through the engine.")
	data := fs.String("data", "", "JSON lines of labelled articles")
	var queries queryFiles
	fs.Var(&queries, "queries", "category<TAB>query lines; repeat for further sets (each reported apart, named after its file)")
	held := fs.String("held-back", heldBackDefault, "comma-separated categories of the first --queries file not looked at while designing (macro reported apart)")
	blind := fs.Bool("blind", false, "print no per-query row for a held-back category (design runs)")
	fbFlag := fs.String("feedback", "0", "comma-separated N: also measure after a simulated user judges the top N stories shown per topic")
	explore := fs.Int("explore", 0, "with --feedback: of each 5 stories shown, this many (0-2) are exploratory near misses (MatchOptions.Explore)")
	if _, err := cli.Parse(env, fs, args); err != nil {
		return err
	}
	if *data == "" || len(queries) == 0 {
		return cli.UsageErr(env, fs, "give --data FILE.jsonl and --queries FILE.tsv")
	}
	rounds, err := parseCounts(*fbFlag)
	if err != nil {
		return cli.UsageErr(env, fs, "--feedback: "+err.Error())
	}
	if *explore < 0 || *explore > maxExplore {
		return cli.UsageErr(env, fs, fmt.Sprintf("--explore: want 0 to %d", maxExplore))
	}
	docs, err := readData(*data, eval.ReadLabeledDocs)
	if err != nil {
		return err
	}
	sets, err := readQuerySets(queries)
	if err != nil {
		return err
	}
	var qs []eval.Query
	for _, s := range sets {
		qs = append(qs, s.queries...)
	}
	heldBack := map[string]bool{}
	for _, c := range strings.Split(*held, ",") {
		if c = strings.TrimSpace(c); c != "" {
			heldBack[c] = true
		}
	}
	eng, byArticle, cleanup, err := evalEngine(ctx, env, docs)
	if err != nil {
		return err
	}
	defer cleanup()
	rows, err := eval.EvalSelection(docs, qs, []eval.Selector{engineSelector(ctx, eng, byArticle), eval.Contains(docs), eval.WholeWord(docs)})
	if err != nil {
		return err
	}
	set := labelRows(sets, heldBack)
	printSelection(env.Out, filepath.Base(*data), len(docs), rows, set, sets, *blind)
	var fbRows [][]eval.SelectionRow
	var fbN []int
	var judged []map[string]judgedCount
	words := eval.WholeWord(docs)
	for _, n := range rounds {
		if n == 0 {
			continue
		}
		counts := map[string]judgedCount{}
		sel := feedbackSelector(ctx, eng, byArticle, docs, qs, n, *explore, words, counts)
		r, err := eval.EvalSelection(docs, qs, []eval.Selector{sel})
		if err != nil {
			return err
		}
		fbRows, fbN, judged = append(fbRows, r), append(fbN, n), append(judged, counts)
	}
	if len(fbN) > 0 {
		printFeedback(env.Out, rows, fbRows, fbN, judged, set, sets, *blind, *explore)
	}
	return ctx.Err()
}

// parseCounts reads "0,5,10" as counts of at least 0.
func parseCounts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 || n > 1000 {
			return nil, fmt.Errorf("want whole numbers from 0 to 1000, got %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// evalEngine ingests docs through a real engine and store.
func evalEngine(ctx context.Context, env *cli.Env, docs []eval.LabeledDoc) (*briefing.Engine, map[int64]string, func(), error) {
	dir, err := os.MkdirTemp("", "briefbot-eval")
	if err != nil {
		return nil, nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	store, err := storage.Open(ctx, filepath.Join(dir, "eval.db"), storage.Options{Logger: env.Log})
	if err != nil {
		cleanup()
		return nil, nil, nil, err
	}
	cleanup = func() { store.Close(); os.RemoveAll(dir) }
	eng := briefing.NewEngine(store, briefing.Config{Logger: env.Log})
	byArticle, err := ingestLabeled(ctx, eng, docs)
	if err != nil {
		cleanup()
		return nil, nil, nil, err
	}
	return eng, byArticle, cleanup, nil
}

// engineSelector is the selector `briefbot match` is: Engine.Match with no
// limit.
func engineSelector(ctx context.Context, eng *briefing.Engine, byArticle map[int64]string) eval.Selector {
	return func(query string) (map[string]bool, error) {
		return matchedDocs(ctx, eng, query, briefing.MatchOptions{}, byArticle)
	}
}

// matchedDocs runs Engine.Match and names the documents it selects.
func matchedDocs(ctx context.Context, eng *briefing.Engine, query string, opt briefing.MatchOptions,
	byArticle map[int64]string) (map[string]bool, error) {
	ms, err := eng.Match(ctx, query, opt)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(ms))
	for _, m := range ms {
		out[byArticle[m.ArticleID]] = true
	}
	return out, nil
}

// feedbackRound is how many stories a simulated user is shown at a time;
// maxExplore how many of them may be exploratory (as in chat).
const (
	feedbackRound = 5
	maxExplore    = briefing.MaxExplore
)

// feedbackSelector simulates a channel that watches each query and judges
// the stories it is shown, feedbackRound at a time, until it has judged n:
// 👍 when the article carries the query's category label, 👎 otherwise
// (the labels stand in for the person; the engine only sees the
// judgments). Each round shows the best stories not judged yet under the
// judgments so far. With explore > 0, the last explore of each round's
// stories are the engine's exploratory near misses (MatchOptions.Explore),
// judged like the others: the user judges exactly what an answer with
// exploration shows, no more. The selection measured is Engine.Match with
// no limit and the n judgments. What was judged is counted per query in
// counts: how many 👍, and how many of the judged articles the whole-word
// filter (words) also selects (judgments on those say nothing about the
// articles that do not name the topic).
func feedbackSelector(ctx context.Context, eng *briefing.Engine, byArticle map[int64]string, docs []eval.LabeledDoc, qs []eval.Query, n, explore int,
	words eval.Selector, counts map[string]judgedCount) eval.Selector {
	rel := eval.Relevant(docs)
	cat := map[string]string{}
	for _, q := range qs {
		cat[q.Text] = q.Category
	}
	return func(query string) (map[string]bool, error) {
		var js []briefing.Judgment
		judged := map[int64]bool{}
		for len(js) < n {
			ms, err := eng.Match(ctx, query, briefing.MatchOptions{Limit: len(js) + feedbackRound - explore, Judgments: js, Explore: explore})
			if err != nil {
				return nil, err
			}
			shown, best := 0, 0
			for _, m := range ms {
				if judged[m.ArticleID] || shown == feedbackRound || len(js) == n {
					continue
				}
				if !m.Exploratory {
					if best == feedbackRound-explore {
						continue
					}
					best++
				}
				judged[m.ArticleID] = true
				js = append(js, briefing.Judgment{ArticleID: m.ArticleID, Up: rel[cat[query]][byArticle[m.ArticleID]]})
				shown++
			}
			if shown == 0 {
				break // nothing left to show
			}
		}
		named, err := words(query)
		if err != nil {
			return nil, err
		}
		var c judgedCount
		for _, j := range js {
			c.judged++
			if j.Up {
				c.up++
			}
			if named[byArticle[j.ArticleID]] {
				c.named++
			}
		}
		counts[query] = c
		return matchedDocs(ctx, eng, query, briefing.MatchOptions{Judgments: js}, byArticle)
	}
}

// judgedCount is what a simulated user judged for one query: how many
// articles, how many of them 👍, how many the whole-word filter selects.
type judgedCount struct{ judged, up, named int }

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

func printSelection(w io.Writer, name string, n int, rows []eval.SelectionRow, set []string, sets []querySet, blind bool) {
	fmt.Fprintf(w, "%s: %d articles; briefbot = Engine.Match (what `briefbot match`, watches and digests use),\n", name, n)
	fmt.Fprintln(w, "contains = case-insensitive substring of title or text; words = whole-word filter (tokens [a-z0-9]+,")
	fmt.Fprintln(w, "each query word as itself or itself+\"s\", a several-word query's words adjacent and in order)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| category | query | set | relevant | briefbot P | R | F1 | sel | contains P | R | F1 | words P | R | F1 | sel | F1 − words |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	hidden := 0
	for i, r := range rows[:len(set)] {
		if blind && set[i] == "held-back" {
			hidden++
			continue
		}
		o, c, ww := r.Scores[0], r.Scores[1], r.Scores[2]
		fmt.Fprintf(w, "| %s | %s | %s | %d | %.3f | %.3f | %.3f | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %d | %+.3f |\n",
			r.Query.Category, r.Query.Text, set[i], o.Relevant, o.Precision, o.Recall, o.F1, o.Selected,
			c.Precision, c.Recall, c.F1, ww.Precision, ww.Recall, ww.F1, ww.Selected, o.F1-ww.F1)
	}
	if hidden > 0 {
		fmt.Fprintf(w, "\n(%d held-back queries not shown: --blind)\n", hidden)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| queries | n | briefbot P | R | F1 | contains P | R | F1 | words P | R | F1 | F1 − words (95% interval) | bootstrap 95% | P − words | bootstrap 95% | worst F1 − words |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, part := range evalParts(sets) {
		m, kept := macroOf(rows, set, part.keep)
		if len(kept) == 0 {
			continue
		}
		worst := 1.0
		var diffs, pdiffs []float64
		for _, r := range kept {
			worst = min(worst, r.Scores[0].F1-r.Scores[2].F1)
			diffs = append(diffs, r.Scores[0].F1-r.Scores[2].F1)
			pdiffs = append(pdiffs, r.Scores[0].Precision-r.Scores[2].Precision)
		}
		// Paired over queries: the same resamples of the set's queries
		// for both systems (resampling query differences).
		f := eval.BootstrapMean(diffs, bootstrapResamples, 0.95, bootstrapSeed)
		pr := eval.BootstrapMean(pdiffs, bootstrapResamples, 0.95, bootstrapSeed)
		fmt.Fprintf(w, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %+.3f (±%.3f) | [%+.3f, %+.3f] | %+.3f | [%+.3f, %+.3f] | %+.3f |\n", part.name, len(kept),
			m[0].Precision, m[0].Recall, m[0].F1, m[1].Precision, m[1].Recall, m[1].F1, m[2].Precision, m[2].Recall, m[2].F1,
			m[0].F1-m[2].F1, halfInterval(diffs), f.Low, f.High, m[0].Precision-m[2].Precision, pr.Low, pr.High, worst)
	}
}

// halfInterval is the half-width of a 95% interval for the mean of xs
// over queries (Student's t; queries are the unit of noise here: a macro
// average of 8 or 26 topics moves a lot with one topic).
func halfInterval(xs []float64) float64 {
	n := len(xs)
	if n < 2 {
		return math.NaN()
	}
	var mean, ss float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(n)
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return studentT95(n-1) * math.Sqrt(ss/float64(n-1)/float64(n))
}

// studentT95 is the two-sided 95% quantile of Student's t with df degrees
// of freedom (table values; 1.96 in the limit).
func studentT95(df int) float64 {
	table := []float64{12.71, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
		2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042}
	if df >= 1 && df <= len(table) {
		return table[df-1]
	}
	return 1.96
}

// printFeedback prints F1 per query and macro figures after n judgments,
// beside no judgments (rows' engine column).
func printFeedback(w io.Writer, rows []eval.SelectionRow, fb [][]eval.SelectionRow, ns []int, judged []map[string]judgedCount, set []string, sets []querySet, blind bool, explore int) {
	fmt.Fprintln(w)
	fmt.Fprintf(w, "With judgments: a simulated user judges the stories shown, %d at a time", feedbackRound)
	if explore > 0 {
		fmt.Fprintf(w, ", of them %d exploratory near misses,", explore)
	}
	fmt.Fprintln(w, " until N are judged")
	fmt.Fprintln(w, "(👍 = carries the category label); then the whole selection is measured again.")
	fmt.Fprintln(w)
	head, line := "| category | query | F1 N=0", "|---|---|---:"
	for _, n := range ns {
		head += fmt.Sprintf(" | N=%d", n)
		line += "|---:"
	}
	fmt.Fprintln(w, head+" |")
	fmt.Fprintln(w, line+"|")
	for i, r := range rows[:len(set)] {
		if blind && set[i] == "held-back" {
			continue
		}
		s := fmt.Sprintf("| %s | %s | %.3f", r.Query.Category, r.Query.Text, r.Scores[0].F1)
		for k := range ns {
			s += fmt.Sprintf(" | %.3f", fb[k][i].Scores[0].F1)
		}
		fmt.Fprintln(w, s+" |")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| queries | N | P | R | F1 | judged | 👍 | named |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, part := range evalParts(sets) {
		m, kept := macroOf(rows, set, part.keep)
		if len(kept) == 0 {
			continue
		}
		fmt.Fprintf(w, "| %s | 0 | %.3f | %.3f | %.3f | 0 | 0 | 0 |\n", part.name, m[0].Precision, m[0].Recall, m[0].F1)
		for j, n := range ns {
			f, _ := macroOf(fb[j], set, part.keep)
			var c judgedCount
			for _, r := range kept {
				x := judged[j][r.Query.Text]
				c.judged, c.up, c.named = c.judged+x.judged, c.up+x.up, c.named+x.named
			}
			fmt.Fprintf(w, "| %s | %d | %.3f | %.3f | %.3f | %d | %d | %d |\n", part.name, n, f[0].Precision, f[0].Recall, f[0].F1, c.judged, c.up, c.named)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "judged: articles judged over the queries; named: of them, those the whole-word filter selects.")
	fmt.Fprintln(w, "Ceiling for cuts: the macro F1 if every query kept its recall with no judgments at precision 1")
	fmt.Fprintln(w, "(2R/(1+R) per query): what removing articles alone could reach; beyond it, judgments must add articles.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| queries | F1 N=0 | ceiling for cuts |")
	fmt.Fprintln(w, "|---|---:|---:|")
	for _, part := range evalParts(sets) {
		m, kept := macroOf(rows, set, part.keep)
		if len(kept) == 0 {
			continue
		}
		sum := 0.0
		for _, r := range kept {
			rec := r.Scores[0].Recall
			sum += 2 * rec / (1 + rec)
		}
		fmt.Fprintf(w, "| %s | %.3f | %.3f |\n", part.name, m[0].F1, sum/float64(len(kept)))
	}
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
