package main

import (
	"context"

	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// discordPlugin wires the Discord adapter into serve when its token or
// public key is set (config.Discord): digests go out through it, the
// interactions endpoint is served
// when DISCORD_PUBLIC_KEY is set, and the gateway is opened when
// DISCORD_BOT_TOKEN is (the service also lets HTTP interactions in flight
// finish at shutdown).
func discordPlugin(ctx context.Context, env *cli.Env, app *App) ([]route, []service, error) {
	cfg, set := env.Config.Discord(env.Log)
	if !set {
		return nil, nil, nil
	}
	a, err := discord.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	app.Adapters[a.Name()] = a
	var routes []route
	if cfg.PublicKey != "" {
		routes = append(routes, route{"POST " + discord.InteractionsPath, a.Interactions(app.handler())})
	}
	if cfg.Token == "" {
		env.Log.Warn("discord: DISCORD_BOT_TOKEN is not set, so commands are not registered and digests cannot be posted")
	}
	env.Log.Info("discord adapter enabled", "gateway", cfg.Token != "", "interactions_endpoint", cfg.PublicKey != "",
		"guild", cfg.GuildID)
	return routes, []service{{name: "discord", adapter: true, run: func(ctx context.Context) error { return a.Run(ctx, app.handler()) }}}, nil
}
