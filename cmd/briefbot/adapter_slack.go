package main

import (
	"context"

	"github.com/briefbot/briefbot/adapters/slack"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// slackPlugin wires the Slack adapter into serve when its keys are set:
// digests go out through it, the HTTP endpoints are served when
// SLACK_SIGNING_SECRET is set, and Socket Mode runs when SLACK_APP_TOKEN
// is. Tokens Slack refuses at start stop this adapter only.
func slackPlugin(ctx context.Context, env *cli.Env, app *App) ([]route, []service, error) {
	cfg, set, err := env.Config.Slack(env.Log)
	if !set || err != nil {
		return nil, nil, err
	}
	a, err := slack.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	app.Adapters[a.Name()] = a
	var routes []route
	if cfg.SigningSecret != "" {
		h := a.Handler(app.handler())
		for _, p := range a.Routes() {
			routes = append(routes, route{p, h})
		}
	}
	// Run checks the tokens with Slack first, then runs Socket Mode when
	// there is an app token, or waits.
	services := []service{{name: "slack", adapter: true, run: func(ctx context.Context) error { return a.Run(ctx, app.handler()) }}}
	env.Log.Info("slack adapter enabled", "socket_mode", cfg.AppToken != "", "http_endpoints", cfg.SigningSecret != "",
		"brief_visibility", string(cfg.BriefVisibility))
	return routes, services, nil
}
