package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
	"github.com/briefbot/briefbot/briefing/retention"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/sourcecli"
)

// wireSources builds the source poller (app.Sources) and registers
// /source with it. serve runs the poller (poller.go); every other command
// only uses it to add, list and remove sources.
func wireSources(env *cli.Env, app *App) error {
	s, err := config.LoadSources(env.Config.Getenv)
	if err != nil {
		return err
	}
	p, err := newSourcePoller(env, app, s, nil)
	if err != nil {
		return err
	}
	app.Sources = p
	// Only serve polls: elsewhere the default interval shown would be this
	// process's setting, not the one in force, so it is left unknown.
	var interval time.Duration
	if env.Serving {
		interval = s.Interval
	}
	sources.Register(app.Router, p, sources.CommandConfig{Now: app.Clock.Now, Interval: interval})
	return nil
}

// newSourcePoller builds a poller on the app's store, engine and clock.
// guard nil means the real network (tests pass a fake resolver's).
func newSourcePoller(env *cli.Env, app *App, s config.Sources, guard *ingest.Guard) (*sources.Poller, error) {
	return sources.NewPoller(sources.PollerConfig{Sources: app.Store, Ingester: app.Metrics.WrapIngester(retention.Guard(app.Engine, app.Store, env.Config.Retention, app.Clock.Now)), OnPass: app.Metrics.ObservePass,
		Fetcher: ingest.Fetcher{MaxBytes: env.Config.MaxBodyBytes}, Guard: guard, AllowPrivate: s.AllowPrivate,
		Clock: app.Clock, Interval: s.Interval, Tick: s.Tick, Lease: s.Lease, Backfill: s.Backfill, MaxFailures: s.MaxFailures,
		Owner: processOwner(), Notify: notifier(env, app), Logger: env.Log})
}

// notifier tells the channel that added a source, through its platform's
// adapter, that the source is paused. Processes without that adapter
// (the CLI, a serve without the platform's tokens) log it instead.
func notifier(env *cli.Env, app *App) func(ctx context.Context, src sources.Source, text string) error {
	return func(ctx context.Context, src sources.Source, text string) error {
		ad, ok := app.Adapters[src.Channel.Platform]
		if !ok {
			env.Log.Warn("cannot tell the channel that added a paused source: no adapter for its platform",
				"source_id", src.ID, "channel", src.Channel.String())
			return nil
		}
		_, err := ad.Send(ctx, src.Channel, bot.Reply{Title: "Source paused", Text: text})
		return err
	}
}

func runSources(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "sources", "list | import [--no-check] FILE.opml | export | add [--no-check] URL... | remove ID|URL... | pause ID... | resume ID...",
		"Manage the polled feeds and pages as the operator: list them with their health, import an OPML\n"+
			"file (its folders are kept), export OPML 2.0 to stdout, add URLs, or remove sources (their\n"+
			"stored articles stay), pause sources (not checked until resumed) or resume them (checked at once).\n"+
			"add and import fetch each URL first and skip those that do not fetch\n"+
			"and parse, saying why; the rest are added. Operator sources are trusted (they may be on\n"+
			"private addresses).")
	noCheck := fs.Bool("no-check", false, "add and import without fetching (serve checks them later)")
	pos, err := cli.Parse(env, fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return cli.UsageErr(env, fs, "say what to do: list, import FILE.opml, export, add URL or remove ID")
	}
	verb, rest := pos[0], pos[1:]
	nargs, known := map[string]int{"list": 0, "export": 0, "import": 1, "add": -1, "remove": -1, "pause": -1, "resume": -1}[verb] // -1: one or more
	if !known || nargs >= 0 && len(rest) != nargs || nargs < 0 && len(rest) == 0 {
		return cli.UsageErr(env, fs, fmt.Sprintf("unknown or incomplete sources command %q", strings.Join(pos, " ")))
	}
	app, err := openApp(ctx, env, 0)
	if err != nil {
		return err
	}
	defer app.Close()
	switch verb {
	case "list":
		return listSources(ctx, env, app)
	case "export":
		return exportOPML(ctx, env, app)
	case "import":
		return importOPML(ctx, env, app, rest[0], !*noCheck)
	case "remove":
		return removeSources(ctx, env, app, rest)
	case "pause", "resume":
		return sourcecli.Each(ctx, env, verb, rest, app.Router.Handle)
	}
	return addSources(ctx, env, app, rest, !*noCheck)
}

func listSources(ctx context.Context, env *cli.Env, app *App) error {
	reply := app.Router.Handle(ctx, bot.Request{Channel: briefing.Channel{Platform: "console", ID: "console"},
		User: bot.User{ID: "operator", Admin: true}, Command: "source", Text: "list"})
	if reply.Error {
		return fmt.Errorf("%s", sourcecli.Words(reply.Text))
	}
	fmt.Fprintln(env.Out, sourcecli.Text(reply))
	return nil
}

func addSources(ctx context.Context, env *cli.Env, app *App, urls []string, check bool) error {
	var srcs []sources.Source
	bad := 0
	for _, u := range urls {
		if _, err := sources.NormalizeURL(u); err != nil {
			fmt.Fprintf(env.Err, "briefbot sources: skipped %s\n", briefing.ErrorMessage(err))
			bad++
			continue
		}
		srcs = append(srcs, sources.Source{URL: u})
	}
	return registerAll(ctx, env, app, srcs, check, bad)
}

func exportOPML(ctx context.Context, env *cli.Env, app *App) error {
	srcs, err := app.Sources.Sources(ctx)
	if err != nil {
		return err
	}
	return sources.WriteOPML(env.Out, srcs, app.Clock.Now())
}

func importOPML(ctx context.Context, env *cli.Env, app *App, path string, check bool) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	srcs, bad, err := sources.ReadOPML(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, b := range bad {
		fmt.Fprintf(env.Err, "briefbot sources: %s: skipped %s\n", path, b)
	}
	if len(srcs) == 0 && len(bad) == 0 {
		return fmt.Errorf("%s: no feeds in it (no outline has an xmlUrl, or type=\"link\" and a url)", path)
	}
	return registerAll(ctx, env, app, srcs, check, len(bad))
}
