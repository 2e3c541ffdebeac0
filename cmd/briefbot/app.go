package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
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
	Digests *bot.Digester
	Clock   clockwork.Clock
	// Sources adds, lists and (in serve) polls the feeds and pages.
	Sources *ingest.Poller
	// Metrics count what the process does; serve exposes them.
	Metrics *metrics
}

// openApp opens the database (retrying while it is unreachable, up to
// wait) and wires the engine and router.
func openApp(ctx context.Context, env *Env, wait time.Duration) (*App, error) {
	var store *storage.Store
	var err error
	deadline := time.Now().Add(wait)
	for delay := 500 * time.Millisecond; ; delay = min(delay*2, 5*time.Second) {
		store, err = storage.Open(ctx, env.Config.DatabaseURL, storage.Options{Logger: env.Log})
		if err == nil || time.Now().Add(delay).After(deadline) {
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
	eng := briefing.NewEngine(store, briefing.Config{Logger: env.Log})
	router := bot.NewRouter(bot.RouterConfig{Admins: env.Config.Admins, Logger: env.Log})
	bot.RegisterCore(router, eng, store, bot.CoreConfig{BriefLimit: env.Config.BriefLimit})
	app := &App{Store: store, Engine: eng, Router: router, Adapters: map[string]bot.Adapter{}, Metrics: newMetrics()}
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

func (a *App) Close() error {
	if err := a.Store.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}
