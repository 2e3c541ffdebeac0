// Package prune is `briefbot prune`: the operator's one-off retention pass
// (briefing/retention), deleting the articles older than --older-than
// from the database and from the index file, or with --dry-run only
// counting them.
//
// Invariants: the database goes first and the index follows it
// (Engine.DropDeleted), so an interrupted prune leaves an index file that
// the next start refuses and rebuilds, never one that brings deleted
// articles back. A running serve drops the same articles from its index
// at its next retention pass, or, without BRIEFBOT_RETENTION, at its next
// restart (its saved index file no longer matches the database).
package prune

import (
	"context"
	"fmt"
	"time"

	"github.com/briefbot/briefbot/briefing/retention"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// Target is what a prune works on; Close saves the index file (when it
// changed) and closes the database.
type Target struct {
	Store retention.Store
	Index retention.Index
	Close func() error
}

// Command returns the subcommand; open opens the database and the index.
func Command(open func(ctx context.Context, env *cli.Env) (Target, error)) func(ctx context.Context, env *cli.Env, args []string) error {
	return func(ctx context.Context, env *cli.Env, args []string) error {
		fs := cli.NewFlags(env, "prune", "--older-than AGE [--dry-run]",
			"Delete the articles older than AGE (publication time; stored time when undated) from the database and the index file.\n"+
				"AGE is days (180d) or a duration (12h). Deliveries, judgments and watches are kept.")
		olderThan := fs.String("older-than", "", "the age past which articles are deleted: 180d, 30d, 12h (required)")
		dryRun := fs.Bool("dry-run", false, "only count the articles that would be deleted")
		if pos, err := cli.Parse(env, fs, args); err != nil {
			return err
		} else if len(pos) > 0 {
			return cli.UsageErr(env, fs, fmt.Sprintf("unexpected argument %q", pos[0]))
		}
		if *olderThan == "" {
			return cli.UsageErr(env, fs, "give --older-than, for example --older-than 180d")
		}
		age, err := retention.ParseAge(*olderThan)
		if err != nil {
			return cli.UsageErr(env, fs, "--older-than: "+err.Error())
		}
		t, err := open(ctx, env)
		if err != nil {
			return err
		}
		err = run(ctx, env, t, age, *dryRun)
		if cerr := t.Close(); err == nil {
			err = cerr
		}
		return err
	}
}

func run(ctx context.Context, env *cli.Env, t Target, age time.Duration, dryRun bool) error {
	p := retention.NewPruner(t.Store, t.Index, retention.Config{MaxAge: age, Logger: env.Log})
	before := p.Cutoff().UTC().Format(time.RFC3339)
	if dryRun {
		n, err := p.Count(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Out, "%d articles are older than %s (before %s); nothing deleted (--dry-run).\n", n, retention.FormatAge(age), before)
		return nil
	}
	r, err := p.Pass(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "Deleted %d articles older than %s (before %s); %d left the index.\n", r.Deleted, retention.FormatAge(age), before, r.Dropped)
	return nil
}
