package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/adapters/httpapi"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/memlimit"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/metrics"
)

// route is an HTTP endpoint an adapter serves on the shared server.
type route struct {
	pattern string
	handler http.Handler
}

// service is one long-running part of `briefbot serve` (a chat adapter's
// connection, the scheduler). Run blocks until ctx is done.
type service struct {
	name string
	run  func(ctx context.Context) error
	// adapter marks a chat adapter's service: its failure stops that
	// adapter only (see adapterHealth).
	adapter bool
}

// minAPITokenLength is the shortest BRIEFBOT_API_TOKEN serve takes. The
// API and /metrics take the token on every request with no limit on wrong
// guesses (a limit for the whole process would let anyone lock the
// operator out), so its length is what keeps it from being guessed.
const minAPITokenLength = 16

// checkAPIToken refuses a token short enough to guess.
func checkAPIToken(tok string) error {
	if n := utf8.RuneCountInString(tok); tok != "" && n < minAPITokenLength {
		return fmt.Errorf("BRIEFBOT_API_TOKEN is %d characters; use at least %d random ones (for example the output of `openssl rand -hex 24`): "+
			"the API and /metrics accept it on every request", n, minAPITokenLength)
	}
	return nil
}

func runServe(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "serve", "", "Run the bot: the HTTP API on BRIEFBOT_HTTP_ADDR, plus every chat adapter whose tokens are set.")
	if _, err := cli.Parse(env, fs, args); err != nil {
		return err
	}
	if err := checkAPIToken(env.Config.APIToken); err != nil {
		return err
	}
	env.Serving = true
	app, err := openApp(ctx, env, 2*time.Minute)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := app.Engine.Sync(ctx); err != nil {
		return err
	}
	if limit := memlimit.Set(os.Getenv); limit > 0 {
		env.Log.Info("serve: soft memory limit", "mib", limit>>20)
		fctx, stop := context.WithCancel(ctx) // ends with serve, whatever ends it
		defer stop()
		go memlimit.Follow(fctx, os.Getenv, time.Minute)
	}
	health := newAdapterHealth()
	apiHandler := httpapi.New(app.Engine, app.Store, httpapi.Config{Token: env.Config.APIToken, BriefLimit: env.Config.BriefLimit, Logger: env.Log,
		Adapters: health.snapshot})
	m := app.Metrics
	routes := []route{{"GET " + metrics.Path, m.Handler(env.Config.APIToken)}}
	for _, p := range apiHandler.Routes() {
		routes = append(routes, route{p, apiHandler})
	}
	var services []service
	for _, plug := range plugins() {
		r, s, err := plug(ctx, env, app)
		if err != nil {
			return err
		}
		for _, sv := range s {
			if sv.adapter {
				health.set(sv.name, "up")
			}
		}
		routes, services = append(routes, r...), append(services, s...)
	}
	m.WrapAdapters(app.Adapters) // before any service runs, so every delivery is counted
	if env.Config.IndexFile != "" {
		services = append(services, service{name: "index-file", run: app.keepIndexFile})
	}
	if app.shared.Enabled() {
		services = append(services, service{name: "shared-index", run: func(ctx context.Context) error { return app.shared.Keep(ctx, env.Config.IndexSaveEvery) }})
	}
	return serveAll(ctx, env, routes, services, health)
}

// plugin wires one optional part (an adapter) into serve; it returns
// nothing when its configuration is absent.
type plugin func(ctx context.Context, env *cli.Env, app *App) ([]route, []service, error)

// plugins lists the optional parts, each in its own file. Chat adapters
// come first so the scheduler can deliver to them and the web side, last,
// can wrap them (permalinks under digests).
func plugins() []plugin {
	return []plugin{slackPlugin, discordPlugin, pollerPlugin, schedulerPlugin, webPlugin, retentionPlugin}
}

// serveAll runs the HTTP server and the services until ctx is done or one
// fails, then shuts everything down gracefully.
func serveAll(ctx context.Context, env *cli.Env, routes []route, services []service, health *adapterHealth) error {
	mux := http.NewServeMux()
	for _, r := range routes {
		mux.Handle(r.pattern, r.handler)
	}
	ln, err := net.Listen("tcp", env.Config.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", env.Config.HTTPAddr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(env.Log.Handler(), slog.LevelWarn)} // JSON logs stay JSON
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			cancel(fmt.Errorf("http server: %w", err))
		}
	}()
	for _, s := range services {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s.adapter {
				if err := health.runAdapter(ctx, env, s); err != nil {
					cancel(err)
				}
				return
			}
			if err := s.run(ctx); err != nil && ctx.Err() == nil {
				cancel(named(s.name, err))
			}
		}()
	}
	env.Log.Info("briefbot serving", "addr", ln.Addr().String(), "services", len(services))
	<-ctx.Done()
	env.Log.Info("shutting down")
	shutCtx, done := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer done()
	_ = srv.Shutdown(shutCtx)
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

var _ bot.Handler = (*bot.Router)(nil)
