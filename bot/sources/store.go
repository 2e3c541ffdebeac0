package sources

import (
	"context"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// Store keeps the feeds and pages the poller checks, with their
// polling state. Several pollers (replicas) may share one store:
// ClaimSource is how a check starts, so each due source is checked by one
// of them per interval. Sources are unique by URL.
type Store interface {
	// AddSource stores s and returns it with ID and CreatedAt set; added
	// is true. It records s's scope for briefing.SourceScopes: private to
	// s.Channel when s.Private (kept after the source is removed), else
	// shared. If a source with s.URL exists it is returned unchanged with
	// added false.
	AddSource(ctx context.Context, s Source) (stored Source, added bool, err error)
	// Source returns the source with the ID, or ErrNotFound.
	Source(ctx context.Context, id int64) (Source, error)
	// SourceByURL returns the source with the URL, or ErrNotFound.
	SourceByURL(ctx context.Context, url string) (Source, error)
	// Sources lists every source by ID; empty, not an error, when none.
	Sources(ctx context.Context) ([]Source, error)
	// UpdateSource writes s's title, site URL, trust, interval and state
	// (by s.ID). ErrNotFound if the source was removed meanwhile.
	UpdateSource(ctx context.Context, s Source) error
	// RemoveSource deletes the source, or returns ErrNotFound. Its
	// articles stay.
	RemoveSource(ctx context.Context, id int64) error
	// DueSources lists up to limit sources that are not paused or held and whose
	// NextCheck is at or before now, earliest first.
	DueSources(ctx context.Context, now time.Time, limit int) ([]Source, error)
	// ClaimSource atomically takes a due source for one check by moving
	// its NextCheck to until, only if it is still due at now and not
	// paused or held. won is false when another poller claimed it first or it is
	// no longer due. until is a lease: a poller that dies mid-check leaves
	// the source due again then.
	ClaimSource(ctx context.Context, id int64, now, until time.Time, owner string) (won bool, err error)
	// HoldSource pauses (held true) or resumes the source and returns it.
	// Resuming also clears a pause after failures and makes the source
	// due at now. ErrNotFound if there is no such source.
	HoldSource(ctx context.Context, id int64, held bool, now time.Time) (Source, error)
	// RestrictedWatches lists the watches (of every channel) restricted
	// to named sources (briefing.Watch.Sources), at most limit of them.
	RestrictedWatches(ctx context.Context, limit int) ([]briefing.Watch, error)
	// SourceArticles returns up to limit articles stored with
	// briefing.Article.Source equal to source, most recently stored first.
	SourceArticles(ctx context.Context, source string, limit int) ([]briefing.Article, error)
}
