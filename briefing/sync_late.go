package briefing

import "context"

// syncLateAnyGap finds articles committed late whatever their ID gap. The
// window of syncLate covers batches in flight at once; a transaction held
// open longer (a slow replica, a paused process, a long import) can commit
// an ID more than lateWindow below the highest synced, and would then be
// missing from every answer until a restart. So each sync also counts the
// stored articles up to the highest ID synced (a primary-key range count)
// and, when the store holds more than the index, lists every ID up to
// there once and indexes the missing ones. The listing repeats only when
// the count changes, so an article the index cannot take costs one
// listing, not one per sync. The caller holds syncMu.
func (e *Engine) syncLateAnyGap(ctx context.Context, pre func(Article) (docTerms, bool)) error {
	if e.lastID == 0 {
		return nil
	}
	n, err := e.store.CountArticlesThrough(ctx, e.lastID)
	if err != nil {
		return err
	}
	if n <= int64(e.index.Len()) || n == e.lateScanned {
		return nil
	}
	ids, err := e.store.ArticleIDs(ctx, 0, e.lastID)
	if err != nil {
		return err
	}
	e.lateScanned = n
	return e.addMissing(ctx, ids, pre)
}
