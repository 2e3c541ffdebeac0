// Package retention removes old articles: a pass deletes the articles
// older than a maximum age from the Store, then has the engine's index drop
// them (briefing.Engine.DropDeleted); serve runs it at start and
// periodically, `briefbot prune` once. Filter keeps ingest from storing
// again what a pass removed.
//
// Invariants:
//   - An article's age is taken from its publication time as stored
//     (clamped to the fetch when the source dated it in the future), or
//     from when it was stored when undated.
//   - The Store is the truth and goes first: the index then drops what the
//     Store no longer holds, whichever process deleted it, so replicas on
//     one PostgreSQL database all converge and a stale index file is never
//     loaded (its snapshot check fails).
//   - A pass never blocks answers: queries keep answering from the current
//     index while it runs (see briefing/prune.go).
//   - Nothing is announced twice because it was removed: article IDs are
//     never reused and the delivery ledger keeps the IDs it sent; Filter
//     refuses articles that a pass would remove, and those a pass removed
//     that were dated by their fetch (a feed that still lists one would
//     otherwise store it again as new).
//   - Judgments and watches are untouched.
package retention

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Store deletes and counts old articles (storage.Store is one).
type Store interface {
	// PruneArticles deletes the articles older than cutoff and returns
	// how many it deleted.
	PruneArticles(ctx context.Context, cutoff time.Time) (int64, error)
	// CountArticlesBefore counts what PruneArticles would delete.
	CountArticlesBefore(ctx context.Context, cutoff time.Time) (int64, error)
}

// Index drops from memory what the Store no longer holds
// (*briefing.Engine is one).
type Index interface {
	DropDeleted(ctx context.Context) (int, error)
}

// ParseAge reads a maximum age: a number of days ("365d", "30d") or a Go
// duration of at least a minute ("12h", "90m").
func ParseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 || n > 100*365 {
			return 0, fmt.Errorf("%q: want a number of days from 1 to 36500, such as 30d or 365d", s)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil || d < time.Minute {
			return 0, fmt.Errorf("%q: want an age such as 365d, 30d or 12h (at least 1m)", s)
		}
	}
	return d, nil
}

// FormatAge writes an age the way people say it: "30 days", "12 hours".
func FormatAge(d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return plural(int(d/(24*time.Hour)), "day")
	case d >= time.Hour && d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/time.Minute), "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// Config configures a Pruner.
type Config struct {
	MaxAge time.Duration // required
	// Every is how often Run prunes; default MaxAge/30, between a minute
	// and an hour.
	Every  time.Duration
	Now    func() time.Time // default time.Now
	Logger *slog.Logger
}

// Pruner runs retention passes.
type Pruner struct {
	store Store
	index Index
	cfg   Config
}

// NewPruner returns a pruner over store and index (nil: no index to keep
// in step, as in a process that does not answer).
func NewPruner(store Store, index Index, cfg Config) *Pruner {
	if cfg.Every <= 0 {
		cfg.Every = min(max(cfg.MaxAge/30, time.Minute), time.Hour)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Pruner{store: store, index: index, cfg: cfg}
}

// Result is what one pass did.
type Result struct {
	Cutoff  time.Time
	Deleted int64 // from the Store
	Dropped int   // from the index (this pass's and other processes')
}

// Cutoff is the time before which articles are removed now.
func (p *Pruner) Cutoff() time.Time { return p.cfg.Now().Add(-p.cfg.MaxAge) }

// Count returns how many articles a pass would delete now.
func (p *Pruner) Count(ctx context.Context) (int64, error) {
	n, err := p.store.CountArticlesBefore(ctx, p.Cutoff())
	if err != nil {
		return 0, fmt.Errorf("retention: %w", err)
	}
	return n, nil
}

// Pass deletes the articles older than the maximum age, then drops from
// the index whatever the Store no longer holds.
func (p *Pruner) Pass(ctx context.Context) (Result, error) {
	r := Result{Cutoff: p.Cutoff()}
	var err error
	if r.Deleted, err = p.store.PruneArticles(ctx, r.Cutoff); err != nil {
		return r, fmt.Errorf("retention: %w", err)
	}
	if p.index != nil {
		if r.Dropped, err = p.index.DropDeleted(ctx); err != nil {
			return r, fmt.Errorf("retention: %w", err)
		}
	}
	if r.Deleted > 0 || r.Dropped > 0 {
		p.cfg.Logger.Info("retention: removed old articles", "deleted", r.Deleted, "dropped_from_index", r.Dropped,
			"older_than", r.Cutoff.UTC().Format(time.RFC3339))
	}
	return r, nil
}

// Run passes once at once, then every cfg.Every, until ctx is done. A
// failed pass is logged and retried at the next tick: retention is
// housekeeping, and a database blip must not stop serving.
func (p *Pruner) Run(ctx context.Context) error {
	t := time.NewTicker(p.cfg.Every)
	defer t.Stop()
	for {
		if _, err := p.Pass(ctx); err != nil && ctx.Err() == nil {
			p.cfg.Logger.Warn("retention pass failed; retrying later", "err", err, "retry_in", p.cfg.Every.String())
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
