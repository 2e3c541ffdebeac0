package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/indexfile"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/metrics"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/sharedindex"
	"github.com/briefbot/briefbot/storage"
)

// App is the wired core: store, engine and command router.
type App struct {
	Store  *storage.Store
	Engine *briefing.Engine
	Router *bot.Router
	// Adapters are the chat platforms that can receive digests, by
	// platform key; serve's plugins register theirs.
	Adapters map[string]bot.Adapter
	// Digests builds and delivers channel digests (/digest and the
	// scheduler); Clock is the time they go by.
	Digests *digest.Digester
	Clock   clockwork.Clock
	// Sources adds, lists and (in serve) polls the feeds and pages.
	Sources *sources.Poller
	// Metrics count what the process does; serve exposes them.
	Metrics *metrics.Metrics
	// Overview writes checked overviews for /brief; nil unless
	// BRIEFBOT_LLM_URL is set.
	Overview bot.Overviewer

	env *cli.Env
	// indexSaved is how many articles the index file holds, and
	// indexSavedThrough the newest article ID in it, as far as this
	// process knows; the file is rewritten when either changed. The count
	// alone missed a prune that removed as many articles as ingest added
	// between two saves: the stale file was kept and the next start-up
	// refused it and rebuilt.
	indexMu           sync.Mutex
	indexSaved        int
	indexSavedThrough int64
	// indexSavedFixes is the engine's Corrections when the file was
	// written: a correction changes an article without changing the count.
	indexSavedFixes int64
	shared          *sharedindex.Replica // PostgreSQL's shared snapshot; nil when off
}

// openApp opens the database (retrying while it is unreachable, up to
// wait) and wires the engine and router.
func openApp(ctx context.Context, env *cli.Env, wait time.Duration) (*App, error) {
	if err := checkDatabaseURL(env.Config.DatabaseURL); err != nil {
		return nil, err
	}
	var store *storage.Store
	var err error
	deadline := time.Now().Add(wait)
	for delay := 500 * time.Millisecond; ; delay = min(delay*2, 5*time.Second) {
		store, err = storage.Open(ctx, env.Config.DatabaseURL, storage.Options{Logger: env.Log})
		if err == nil || errors.Is(err, storage.ErrBadURL) || time.Now().Add(delay).After(deadline) {
			break
		}
		env.Log.Warn("database not reachable yet; retrying", "err", err, "retry_in", delay.String())
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
		}
	}
	if err != nil {
		return nil, err
	}
	eng := briefing.NewEngine(store, briefing.Config{Logger: env.Log, RankDepth: env.Config.RankDepth, Location: env.Config.Timezone,
		QueryBudget: env.Config.QueryBudget,
		SourceTitle: func(ctx context.Context, source string) (string, string) {
			title, site, err := store.SourceTitle(ctx, source)
			if err != nil {
				return "", ""
			}
			return title, site
		}})
	naming, err := env.Config.Naming()
	if err != nil {
		store.Close()
		return nil, err
	}
	router := bot.NewRouter(bot.RouterConfig{Admins: env.Config.Admins, Logger: env.Log, Naming: naming})
	m := metrics.New()
	ov, err := newOverviewer(env, store, m)
	if err != nil {
		store.Close()
		return nil, err
	}
	bot.RegisterCore(router, eng, store, bot.CoreConfig{BriefLimit: env.Config.BriefLimit, Explore: env.Config.Explore, Overview: ov, Judgments: store, Articles: store, TopicRefs: store, Retention: env.Config.Retention,
		Sources: sources.NewDirectory(store), Zone: digest.ChannelZones(store)})
	app := &App{Store: store, Engine: eng, Router: router, Adapters: map[string]bot.Adapter{}, Metrics: m, Overview: ov, env: env}
	app.indexSaved = indexfile.Load(ctx, env.Log, env.Config.IndexFile, eng)
	app.indexSavedThrough = eng.IndexedThrough()
	if app.shared = sharedindex.New(env.Log, store, eng, env.Config.SharedIndex); app.indexSaved == 0 {
		eng.SetWarmStart(func(ctx context.Context) { app.shared.Load(ctx) }) // only if the index is used
	}
	if err := wireDigests(env, app); err != nil {
		store.Close()
		return nil, err
	}
	if err := wireSources(env, app); err != nil {
		store.Close()
		return nil, err
	}
	return app, nil
}

// parseAndOpen parses the flags of a subcommand that takes no positional
// arguments, then opens the app; the caller closes it.
func parseAndOpen(ctx context.Context, env *cli.Env, fs *flag.FlagSet, args []string) (*App, error) {
	if _, err := cli.Parse(env, fs, args); err != nil {
		return nil, err
	}
	return openApp(ctx, env, 0)
}

// Close saves the index file if the index grew, then closes the database.
func (a *App) Close() error {
	if err := a.saveIndex(context.Background()); err != nil {
		a.env.Log.Warn("index file not saved; the next start rebuilds it", "err", err)
	}
	if _, err := a.shared.Publish(context.Background()); err != nil {
		a.env.Log.Warn("shared index snapshot not published", "err", err)
	}
	if err := a.Store.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// saveIndex rewrites the index file when the index holds more or fewer
// (retention) articles than it does.
func (a *App) saveIndex(ctx context.Context) error {
	a.indexMu.Lock()
	defer a.indexMu.Unlock()
	// through is read before the save: an article indexed while the file
	// is written makes the next comparison differ, so it is saved then.
	through, fixes := a.Engine.IndexedThrough(), a.Engine.Corrections()
	if a.env.Config.IndexFile == "" || (a.Engine.Indexed() == a.indexSaved && through == a.indexSavedThrough && fixes == a.indexSavedFixes) {
		return nil
	}
	n, err := indexfile.Save(ctx, a.env.Log, a.env.Config.IndexFile, a.Engine)
	if err != nil {
		return err
	}
	a.indexSaved, a.indexSavedThrough, a.indexSavedFixes = n, through, fixes
	return nil
}

// keepIndexFile refreshes the index file every IndexSaveEvery while serve
// runs, so a crash (no Close) still restarts from a recent one.
func (a *App) keepIndexFile(ctx context.Context) error {
	t := time.NewTicker(a.env.Config.IndexSaveEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := a.saveIndex(ctx); err != nil {
				a.env.Log.Warn("index file not saved", "err", err)
			}
		}
	}
}

// handler is the router as the chat adapters should get it: timed.
func (a *App) handler() bot.Handler { return a.Metrics.WrapHandler(a.Router) }
