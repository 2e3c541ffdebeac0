package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/sourcecli"
)

// registerAll adds operator sources and says what happened to each. With
// check, each URL is fetched and parsed first (as /source add does, but
// trusted: private addresses are allowed), so one that 404s or is not a
// feed or page is reported now rather than failing later in serve; a
// page that names its feed adds the feed. Failures never stop the others;
// they (and skipped entries, already counted in skipped) make the exit
// status 1 after a summary line.
func registerAll(ctx context.Context, env *cli.Env, app *App, srcs []sources.Source, check bool, skipped int) error {
	added, present, failed := 0, 0, skipped
	for _, s := range srcs {
		var got sources.Source
		var isNew bool
		var err error
		if check {
			s.Trusted = true
			var res sources.Added
			res, err = app.Sources.AddSource(ctx, s)
			got, isNew = res.Source, err == nil && !res.Resumed
			if res.Resumed {
				fmt.Fprintf(env.Out, "resumed #%d %s\n", got.ID, briefing.RedactURL(got.URL))
				present++
				continue
			}
			if briefing.ErrorCode(err) == briefing.EConflict {
				fmt.Fprintf(env.Out, "already a source: %s\n", briefing.RedactURL(s.URL))
				present++
				continue
			}
		} else {
			got, isNew, err = app.Sources.Register(ctx, s)
		}
		switch {
		case err != nil && ctx.Err() != nil:
			return err
		case err != nil:
			fmt.Fprintf(env.Err, "briefbot sources: not added: %s\n", sourcecli.Words(oneLine(briefing.ErrorMessage(err))))
			failed++
		case isNew:
			added++
			fmt.Fprintf(env.Out, "added #%d %s\n", got.ID, briefing.RedactURL(got.URL))
		default:
			present++
			fmt.Fprintf(env.Out, "already a source: #%d %s\n", got.ID, briefing.RedactURL(got.URL))
		}
	}
	then := "`briefbot serve` checks them; their current items are stored as already seen."
	if check {
		then = "Each was fetched and parsed; `briefbot serve` polls them from now on."
	}
	fmt.Fprintf(env.Out, "%d added, %d already present, %d failed. %s\n", added, present, failed, then)
	if failed > 0 {
		return cli.ExitError{Code: 1}
	}
	return nil
}

// removeSources deletes sources named by id (#3 or 3) or URL; their
// stored articles stay. Every name is tried; an unknown one makes the
// exit status 1.
func removeSources(ctx context.Context, env *cli.Env, app *App, names []string) error {
	var all []sources.Source
	failed := 0
	for _, name := range names {
		id, err := strconv.ParseInt(strings.TrimPrefix(name, "#"), 10, 64)
		if err != nil { // a URL
			if all == nil {
				if all, err = app.Sources.Sources(ctx); err != nil {
					return err
				}
			}
			u, nerr := sources.NormalizeURL(name)
			id = 0
			for _, s := range all {
				if s.URL == name || (nerr == nil && s.URL == u) {
					id = s.ID
				}
			}
		}
		if id <= 0 {
			fmt.Fprintf(env.Err, "briefbot sources: no source %s (see `briefbot sources list`)\n", name)
			failed++
			continue
		}
		s, err := app.Sources.RemoveSource(ctx, id)
		if errors.Is(err, briefing.ErrNotFound) || briefing.ErrorCode(err) == briefing.ENotFound {
			fmt.Fprintf(env.Err, "briefbot sources: no source #%d (see `briefbot sources list`)\n", id)
			failed++
			continue
		} else if err != nil {
			return err
		}
		fmt.Fprintf(env.Out, "removed #%d %s (its stored articles stay)\n", s.ID, briefing.RedactURL(s.URL))
	}
	if failed > 0 {
		return cli.ExitError{Code: 1}
	}
	return nil
}
