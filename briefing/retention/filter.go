package retention

import (
	"context"
	"fmt"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// Ingester stores articles (*briefing.Engine is one).
type Ingester interface {
	Ingest(ctx context.Context, articles []briefing.Article) (briefing.IngestResult, error)
}

// PrunedStore remembers the keys of removed articles that were dated by
// their fetch (storage.Store is one).
type PrunedStore interface {
	Pruned(ctx context.Context, articles []briefing.Article) ([]bool, error)
}

// Filter is an Ingester that leaves out what retention removes: articles
// published before the cutoff, and articles a pass removed that were
// dated by their fetch (undated or clamped: fetched again, they would look
// new). Left-out articles count as skipped.
type Filter struct {
	Next   Ingester
	Store  PrunedStore
	MaxAge time.Duration
	Now    func() time.Time // default time.Now
}

// Ingest stores the articles retention would keep.
func (f Filter) Ingest(ctx context.Context, articles []briefing.Article) (briefing.IngestResult, error) {
	now := time.Now
	if f.Now != nil {
		now = f.Now
	}
	cutoff := now().Add(-f.MaxAge)
	pruned, err := f.Store.Pruned(ctx, articles)
	if err != nil {
		return briefing.IngestResult{}, fmt.Errorf("retention: %w", err)
	}
	keep := make([]briefing.Article, 0, len(articles))
	for i, a := range articles {
		if pruned[i] || (!a.Published.IsZero() && a.Published.Before(cutoff)) || (a.Published.IsZero() && !a.Fetched.IsZero() && a.Fetched.Before(cutoff)) {
			continue
		}
		keep = append(keep, a)
	}
	left := len(articles) - len(keep)
	if len(keep) == 0 {
		return briefing.IngestResult{Skipped: left}, nil
	}
	res, err := f.Next.Ingest(ctx, keep)
	res.Skipped += left
	return res, err
}

// Guard returns next behind a Filter when maxAge is set, and next itself
// when retention is off; now nil means time.Now.
func Guard(next Ingester, store PrunedStore, maxAge time.Duration, now func() time.Time) Ingester {
	if maxAge <= 0 {
		return next
	}
	return Filter{Next: next, Store: store, MaxAge: maxAge, Now: now}
}
