package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/adapters/slack"
)

// slackKeys are the environment keys of the Slack adapter (see
// .env.example); the first three are its credentials.
var slackKeys = []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "SLACK_BRIEF_VISIBILITY"}

// slackConfig reads the Slack keys; set is false when no token or secret
// is set (the other keys alone change nothing).
func slackConfig(env *Env) (cfg slack.Config, set bool, err error) {
	vals := map[string]string{}
	for i, k := range slackKeys {
		if env.Config.rawEnv != nil {
			vals[k] = strings.TrimSpace(env.Config.rawEnv(k))
		}
		set = set || (i < 3 && vals[k] != "")
	}
	if !set {
		return cfg, false, nil
	}
	cfg = slack.Config{BotToken: vals["SLACK_BOT_TOKEN"], AppToken: vals["SLACK_APP_TOKEN"],
		SigningSecret: vals["SLACK_SIGNING_SECRET"], APIURL: vals["SLACK_API_URL"], Logger: env.Log.With("adapter", "slack")}
	if cfg.BriefVisibility, err = slack.ParseVisibility(vals["SLACK_BRIEF_VISIBILITY"]); err != nil {
		return cfg, true, fmt.Errorf("SLACK_BRIEF_VISIBILITY: %w", err)
	}
	switch {
	case cfg.BotToken == "":
		return cfg, true, errors.New("slack: SLACK_BOT_TOKEN is required when any SLACK_ key is set")
	case cfg.AppToken == "" && cfg.SigningSecret == "":
		return cfg, true, errors.New("slack: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP endpoints) so commands can reach briefbot")
	}
	return cfg, true, nil
}

// slackPlugin wires the Slack adapter into serve when its keys are set:
// digests go out through it, the HTTP endpoints are served when
// SLACK_SIGNING_SECRET is set, and Socket Mode runs when SLACK_APP_TOKEN
// is.
func slackPlugin(ctx context.Context, env *Env, app *App) ([]route, []service, error) {
	cfg, set, err := slackConfig(env)
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
	var services []service
	if cfg.AppToken != "" {
		services = append(services, service{name: "slack", run: func(ctx context.Context) error { return a.Run(ctx, app.handler()) }})
	}
	env.Log.Info("slack adapter enabled", "socket_mode", cfg.AppToken != "", "http_endpoints", cfg.SigningSecret != "",
		"brief_visibility", string(cfg.BriefVisibility))
	return routes, services, nil
}
