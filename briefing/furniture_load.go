package briefing

import (
	"context"
	"errors"
)

// Loading an index snapshot skips the sync that would have taught the
// furniture learner (furniture.go) what each source repeats, and summaries
// drop furniture sentences: without it a replica that loaded a snapshot
// would summarise differently from one that rebuilt. The learner only
// keeps each source's last furnitureWindow articles, so after a load it is
// taught exactly those, in ID order, as a sync from scratch would have
// left it.

// RecentBySourceStore is a Store that lists each source's newest
// articles directly. Without it the loader reads every article up to the
// snapshot's last (correct, slower).
type RecentBySourceStore interface {
	// RecentArticleIDsBySource returns the IDs of each source's newest n
	// articles with an ID at or below through, ascending.
	RecentArticleIDsBySource(ctx context.Context, through int64, n int) ([]int64, error)
}

var errScanDone = errors.New("scan done")

// learnFurnitureThrough teaches the (still empty) learner the articles a
// sync from scratch through ID through would have left in it; on error
// the learner is left empty again.
func (e *Engine) learnFurnitureThrough(ctx context.Context, through int64) (err error) {
	defer func() {
		if err != nil {
			e.furniture.reset()
		}
	}()
	learn := func(batch []Article) error {
		for _, a := range batch {
			if a.ID > through {
				return errScanDone
			}
			e.furniture.Learn(a.Source, a.Text)
		}
		return nil
	}
	rs, ok := e.store.(RecentBySourceStore)
	if !ok {
		if err := e.store.ScanArticles(ctx, 0, 2000, learn); err != nil && !errors.Is(err, errScanDone) {
			return err
		}
		return nil
	}
	ids, err := rs.RecentArticleIDsBySource(ctx, through, furnitureWindow)
	if err != nil {
		return err
	}
	for start := 0; start < len(ids); start += 2000 {
		arts, err := e.store.Articles(ctx, ids[start:min(start+2000, len(ids))])
		if err != nil {
			return err
		}
		if err := learn(arts); err != nil {
			return err
		}
	}
	return nil
}

// reset forgets everything learned.
func (f *Furniture) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bySource = map[string]*sourceFurniture{}
}
