package main

import (
	"context"
	"fmt"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
)

// pollerPlugin polls the sources in serve. It first registers the
// BRIEFBOT_FEEDS URLs as trusted operator sources (already registered
// ones are left as they are). Every replica runs the poller; the database
// claim makes each due source checked by one of them. /metrics counts the
// sources by health.
func pollerPlugin(ctx context.Context, env *cli.Env, app *App) ([]route, []service, error) {
	s, err := config.LoadSources(env.Config.Getenv)
	if err != nil {
		return nil, nil, err
	}
	for _, u := range s.Feeds {
		src, added, err := app.Sources.Register(ctx, sources.Source{URL: u})
		if err != nil {
			return nil, nil, fmt.Errorf("BRIEFBOT_FEEDS: %s: %s", u, briefing.ErrorMessage(err))
		}
		if added {
			env.Log.Info("registered operator source", "source_id", src.ID, "url", src.URL)
		}
	}
	app.Metrics.CountSources(app.Store.Sources)
	return nil, []service{{name: "source poller", run: app.Sources.Run}}, nil
}
