package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
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
	sources.Register(app.Router, p, sources.CommandConfig{Now: app.Clock.Now, Interval: s.Interval})
	return nil
}

// newSourcePoller builds a poller on the app's store, engine and clock.
// guard nil means the real network (tests pass a fake resolver's).
func newSourcePoller(env *cli.Env, app *App, s config.Sources, guard *ingest.Guard) (*sources.Poller, error) {
	return sources.NewPoller(sources.PollerConfig{Sources: app.Store, Ingester: app.Metrics.WrapIngester(app.Engine), OnPass: app.Metrics.ObservePass,
		Fetcher: ingest.Fetcher{MaxBytes: env.Config.MaxBodyBytes}, Guard: guard, AllowPrivate: s.AllowPrivate,
		Clock: app.Clock, Interval: s.Interval, Tick: s.Tick, Backfill: s.Backfill, MaxFailures: s.MaxFailures,
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
	fs := cli.NewFlags(env, "sources", "list | import FILE.opml | export | add URL...",
		"Manage the polled feeds as the operator: list them with their health, import an OPML file,\n"+
			"export OPML 2.0 to stdout, or add URLs. Operator sources are trusted (they may be on private\n"+
			"addresses); `briefbot serve` checks them.")
	pos, err := cli.Parse(env, fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return cli.UsageErr(env, fs, "say what to do: list, import FILE.opml, export or add URL")
	}
	verb, rest := pos[0], pos[1:]
	nargs, known := map[string]int{"list": 0, "export": 0, "import": 1, "add": -1}[verb] // -1: one or more
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
		return importOPML(ctx, env, app, rest[0])
	}
	return addSources(ctx, env, app, rest)
}

func listSources(ctx context.Context, env *cli.Env, app *App) error {
	reply := app.Router.Handle(ctx, bot.Request{Channel: briefing.Channel{Platform: "console", ID: "console"},
		User: bot.User{ID: "operator", Admin: true}, Command: "source", Text: "list"})
	if reply.Error {
		return fmt.Errorf("%s", reply.Text)
	}
	fmt.Fprintln(env.Out, strings.TrimSpace(reply.Title+"\n"+reply.Text))
	return nil
}

func addSources(ctx context.Context, env *cli.Env, app *App, urls []string) error {
	for _, u := range urls {
		if _, err := sources.NormalizeURL(u); err != nil {
			return fmt.Errorf("%s", briefing.ErrorMessage(err))
		}
	}
	return registerAll(ctx, env, app, sourcesFromURLs(urls))
}

func sourcesFromURLs(urls []string) []sources.Source {
	out := make([]sources.Source, len(urls))
	for i, u := range urls {
		out[i] = sources.Source{URL: u}
	}
	return out
}

// registerAll registers operator sources and says what happened to each.
func registerAll(ctx context.Context, env *cli.Env, app *App, srcs []sources.Source) error {
	added := 0
	for _, s := range srcs {
		got, isNew, err := app.Sources.Register(ctx, s)
		if err != nil {
			return fmt.Errorf("%s: %w", s.URL, err)
		}
		if isNew {
			added++
			fmt.Fprintf(env.Out, "added #%d %s\n", got.ID, got.URL)
		} else {
			fmt.Fprintf(env.Out, "already a source: #%d %s\n", got.ID, got.URL)
		}
	}
	fmt.Fprintf(env.Out, "%d added, %d already present. `briefbot serve` checks them; their current items are stored as already seen.\n",
		added, len(srcs)-added)
	return nil
}

func exportOPML(ctx context.Context, env *cli.Env, app *App) error {
	srcs, err := app.Sources.Sources(ctx)
	if err != nil {
		return err
	}
	return sources.WriteOPML(env.Out, srcs, app.Clock.Now())
}

func importOPML(ctx context.Context, env *cli.Env, app *App, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	srcs, err := sources.ReadOPML(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(srcs) == 0 {
		return fmt.Errorf("%s: no feeds in it (no outline has an xmlUrl)", path)
	}
	return registerAll(ctx, env, app, srcs)
}
