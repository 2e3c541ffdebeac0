package main

import (
	"context"
	"embed"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
	"github.com/briefbot/briefbot/briefing/retention"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/memlimit"
	"github.com/briefbot/briefbot/storage"
)

//go:embed sample
var sampleNews embed.FS

type parsedInput struct {
	name     string
	kind     ingest.Kind
	articles []briefing.Article
	// title and site name the outlet as a poll of the input would
	// (ingest.SourceTitle): briefings show it for the articles' source.
	title, site string
	// omitted counts a feed's oldest items left out over the per-feed
	// limit, of offered.
	omitted, offered int
}

func runIngest(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "ingest", "[--keep-going] PATH|URL...",
		"Ingest RSS, Atom or JSON feeds, HTML pages or plain-text pages. Re-ingesting adds nothing.\n"+
			"By default nothing is stored unless every input parses.")
	keepGoing := fs.Bool("keep-going", false, "store the inputs that parse even when others fail")
	pos, err := cli.Parse(env, fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return cli.UsageErr(env, fs, "name at least one file or URL")
	}
	fetcher := ingest.Fetcher{MaxBytes: env.Config.MaxBodyBytes}
	inputs, failed := loadInputs(ctx, env, fetcher, pos)
	if failed > 0 && (!*keepGoing || failed == len(pos)) {
		switch {
		case len(pos) == 1:
			fmt.Fprintln(env.Err, "briefbot ingest: nothing stored: the input failed")
		case failed == len(pos):
			fmt.Fprintf(env.Err, "briefbot ingest: nothing stored: all %d inputs failed\n", failed)
		default:
			fmt.Fprintf(env.Err, "briefbot ingest: nothing stored: %d of %d inputs failed (use --keep-going to store the other %d)\n",
				failed, len(pos), len(pos)-failed)
		}
		return cli.ExitError{Code: 1}
	}
	app, err := openApp(ctx, env, 0)
	if err != nil {
		return err
	}
	defer app.Close()
	// Started once the index is loaded; the limit it sets last stays
	// through Close, which saves the index file.
	lctx, stopLimit := context.WithCancel(ctx)
	defer stopLimit()
	go memlimit.FollowIngest(lctx, os.Getenv, time.Second)
	for _, in := range inputs {
		res, err := retention.Guard(app.Engine, app.Store, env.Config.Retention, nil).Ingest(ctx, in.articles)
		if err != nil {
			return fmt.Errorf("%s: %w", in.name, err)
		}
		if err := app.Store.SetSourceTitle(ctx, in.articles[0].Source, in.title, in.site, time.Now()); err != nil {
			return fmt.Errorf("%s: %w", in.name, err)
		}
		printIngested(env.Out, in, res)
	}
	if failed > 0 {
		fmt.Fprintf(env.Err, "briefbot ingest: stored %d of %d inputs; %d failed (named above)\n", len(inputs), len(pos), failed)
		return cli.ExitError{Code: 1}
	}
	return nil
}

// printIngested reports one input. Items that repeat an earlier item's id
// (a feed giving two items one GUID) are the same article to the store:
// they are named apart from those stored by an earlier run. A feed's
// items left out over the per-feed limit are counted, with the reason.
func printIngested(w io.Writer, in parsedInput, res briefing.IngestResult) {
	repeats := min(repeatedIDs(in.articles), res.Skipped)
	line := fmt.Sprintf("%s: added %d, skipped %d already stored (%s)", in.name, len(res.Added), res.Skipped, in.kind)
	if repeats > 0 {
		line = fmt.Sprintf("%s: added %d, skipped %d already stored and %d repeated in the input (%s)",
			in.name, len(res.Added), res.Skipped-repeats, repeats, in.kind)
	}
	if n := len(res.Revised); n > 0 || res.Deferred > 0 {
		line += fmt.Sprintf("; corrected %d stored under the same id", n)
		if res.Deferred > 0 {
			line += fmt.Sprintf(" (%d more corrections left for the next run)", res.Deferred)
		}
	}
	if in.omitted > 0 {
		line += fmt.Sprintf("; left out its %d oldest items: the feed has %d, and briefbot keeps a feed's newest %d",
			in.omitted, in.offered, in.offered-in.omitted)
	}
	fmt.Fprintln(w, line)
}

// repeatedIDs counts the articles whose id (GUID, else link) an earlier
// article of the same input has.
func repeatedIDs(arts []briefing.Article) int {
	seen := make(map[string]bool, len(arts))
	n := 0
	for _, a := range arts {
		id := "guid:" + strings.TrimSpace(a.GUID)
		if id == "guid:" {
			id = "url:" + strings.TrimSpace(a.URL)
		}
		if id == "url:" {
			continue
		}
		if seen[id] {
			n++
		}
		seen[id] = true
	}
	return n
}

// loadInputs reads and parses every input before anything is stored, so a
// bad input leaves the database as it was.
func loadInputs(ctx context.Context, env *cli.Env, f ingest.Fetcher, names []string) ([]parsedInput, int) {
	var out []parsedInput
	failed := 0
	bar := newProgress(env.Err, len(names))
	for i, name := range names {
		shown := briefing.RedactURL(name) // a URL's credentials are used, not printed
		bar.step(i, shown)
		in, err := f.Load(ctx, name)
		if err == nil {
			var p ingest.Parsed
			if p, err = ingest.ParseInput(in, ingest.Options{MaxBytes: env.Config.MaxBodyBytes}); err == nil {
				title, site := ingest.SourceTitle(ingest.ReadInputMeta(in))
				out = append(out, parsedInput{name: shown, kind: p.Kind, articles: p.Articles, title: title, site: site,
					omitted: p.Omitted, offered: p.Offered})
				continue
			}
		}
		bar.clear()
		fmt.Fprintf(env.Err, "briefbot ingest: %s\n", briefing.RedactText(err.Error()))
		failed++
	}
	bar.clear()
	return out, failed
}

// progress draws "[3/40] name" on a terminal, and nothing elsewhere.
type progress struct {
	w     io.Writer
	total int
	on    bool
}

func newProgress(w io.Writer, total int) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, total: total, on: ok && total > 1 && term.IsTerminal(int(f.Fd()))}
}

func (p *progress) step(i int, name string) {
	if p.on {
		fmt.Fprintf(p.w, "\r\033[K[%d/%d] %s", i+1, p.total, name)
	}
}

func (p *progress) clear() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func runDemo(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "demo", "[--topic TOPIC]",
		"Ingest the bundled sample news into the configured database (SQLite briefbot.db by default)\n"+
			"and print the answer to /brief TOPIC.")
	topic := fs.String("topic", "gsomia", "the topic to brief")
	app, err := parseAndOpen(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer app.Close()
	entries, err := sampleNews.ReadDir("sample")
	if err != nil {
		return fmt.Errorf("read sample news: %w", err)
	}
	for _, e := range entries {
		data, err := sampleNews.ReadFile("sample/" + e.Name())
		if err != nil {
			return fmt.Errorf("read sample news: %w", err)
		}
		arts, _, err := ingest.Parse(ingest.Input{Name: e.Name(), Data: data}, ingest.Options{})
		if err != nil {
			return err
		}
		res, err := app.Engine.Ingest(ctx, arts)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Out, "Sample news %s: %d articles (%d new) in %s\n\n", e.Name(), len(arts), len(res.Added), storage.Redact(env.Config.DatabaseURL))
	}
	fmt.Fprintf(env.Out, "> /brief %s\n", *topic)
	return askOnce(ctx, env, app, askOptions{line: "/brief " + *topic})
}
