package main

import (
	"context"

	"github.com/briefbot/briefbot/adapters/web"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// webPlugin serves the web side (permalinks, topic feeds, the operator
// page) and hooks it into the chat commands and the adapters' sends. It
// runs after the chat adapters' plugins so that it wraps them.
func webPlugin(ctx context.Context, env *cli.Env, app *App) ([]route, []service, error) {
	cfg, err := env.Config.Web(env.Log)
	if err != nil {
		return nil, nil, err
	}
	if app.Clock != nil {
		cfg.Now = app.Clock.Now
	}
	srv, err := web.New(app.Engine, app.Store, cfg)
	if err != nil {
		return nil, nil, err
	}
	srv.WireRouter(app.Router)
	for k, a := range app.Adapters {
		app.Adapters[k] = srv.WrapAdapter(a)
	}
	var routes []route
	for _, p := range srv.Routes() {
		routes = append(routes, route{p, srv})
	}
	env.Log.Info("web pages enabled", "public_url", cfg.PublicURL, "links_in_chat", cfg.PublicURL != "",
		"operator_page", cfg.AdminToken != "", "page_ttl", cfg.PageTTL.String())
	return routes, nil, nil
}
