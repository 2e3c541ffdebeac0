package main

import (
	"context"

	"github.com/briefbot/briefbot/briefing/retention"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/prune"
)

// retentionPlugin prunes in serve at start and periodically (BRIEFBOT_RETENTION; every replica, so each index follows the database).
func retentionPlugin(_ context.Context, env *cli.Env, app *App) ([]route, []service, error) {
	if env.Config.Retention == 0 {
		return nil, nil, nil
	}
	cfg := retention.Config{MaxAge: env.Config.Retention, Now: app.Clock.Now, Logger: env.Log}
	return nil, []service{{name: "retention", run: retention.NewPruner(app.Store, app.Engine, cfg).Run}}, nil
}

func openPruneTarget(ctx context.Context, env *cli.Env) (prune.Target, error) {
	app, err := openApp(ctx, env, 0)
	if err != nil {
		return prune.Target{}, err
	}
	return prune.Target{Store: app.Store, Index: app.Engine, Close: app.Close}, nil
}
