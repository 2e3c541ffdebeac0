// Package sharedindex is briefbot's policy for the index snapshot shared
// through PostgreSQL, so that a new replica starts warm: it loads the
// snapshot another replica published and syncs the articles stored after
// it, instead of re-analysing the whole archive (about 25 CPU-s per 100k
// articles).
//
// Invariants:
//   - The snapshot is only a cache, checked exactly as the local index
//     file is (briefing.Engine.LoadIndex: analyser, database id, content
//     checksum over the articles it covers, sampled articles, CRC; plus the
//     stored size and SHA-256 here). Stale, foreign or damaged → ignored
//     with a log line and the index is built from the database: never a
//     wrong answer.
//   - It is used only when the local index file gave nothing, before the
//     engine's first sync (briefing.Engine.SetWarmStart), so a command
//     that never consults the index never fetches it.
//   - It is published periodically and at graceful shutdown, never per
//     ingest, and only when the current one is unusable or this replica's
//     index covers clearly more (supersedes); publishing replaces it
//     atomically.
//   - SQLite: nothing is shared (a Replica for it does nothing); its one
//     process keeps the local index file.
package sharedindex

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
)

// Replica loads and publishes the shared snapshot for one process. A nil
// or disabled Replica does nothing.
type Replica struct {
	log   *slog.Logger
	store *storage.Store
	eng   *briefing.Engine

	mu sync.Mutex
	// known is the (articles, through) of the snapshot this process
	// loaded or last published; publishing the same again is skipped
	// without asking the database.
	knownArticles int
	knownThrough  int64
	// knownFixes is the engine's Corrections then: after a correction the
	// counts stay but the snapshot is stale (its checksum no longer
	// matches), so this index replaces it.
	knownFixes int64
	// replace is set when the current snapshot was unusable here: it is
	// replaced even if it claims to cover as much.
	replace bool
	// minNew is how many more articles than a usable current snapshot
	// this replica must cover before it republishes (see supersedes).
	minNew int
}

// minNewArticles is minNew's default: a new replica catches up on a
// thousand articles in a fraction of a second, while republishing writes
// the whole index (85 MB at 100k articles) to the database.
const minNewArticles = 1000

// New returns the Replica for store, or nil when sharing is off or the
// database is SQLite.
func New(log *slog.Logger, store *storage.Store, eng *briefing.Engine, enabled bool) *Replica {
	if !enabled || !store.SharesIndexSnapshots() {
		return nil
	}
	return &Replica{log: log, store: store, eng: eng, minNew: minNewArticles}
}

// Enabled tells whether r shares snapshots at all.
func (r *Replica) Enabled() bool { return r != nil }

// errForeign marks a snapshot published to another database (the row's
// own record; the engine checks the bytes' identity again).
var errForeign = errors.New("published to another database")

// Load loads the shared snapshot into eng, which must not have synced
// yet, and returns how many articles it covered (0 when none was usable:
// the engine then builds its index from the database as usual).
func (r *Replica) Load(ctx context.Context) int {
	if r == nil {
		return 0
	}
	start := time.Now()
	var n int
	var meta storage.IndexSnapshot
	err := r.store.ReadIndexSnapshot(ctx, func(m storage.IndexSnapshot, rd io.Reader) error {
		meta = m
		id, err := r.store.DatabaseID(ctx)
		if err != nil {
			return err
		}
		if m.DatabaseID != id {
			return fmt.Errorf("%w (%s)", errForeign, m.DatabaseID)
		}
		tap := &errTap{r: rd}
		if n, err = r.eng.LoadIndex(ctx, tap); err != nil && tap.err != nil {
			err = tap.err // the stored bytes' own check says more
		}
		return err
	})
	switch {
	case errors.Is(err, storage.ErrNoIndexSnapshot):
		r.log.Debug("no shared index snapshot yet; building the index from the database")
		return 0
	case err != nil:
		r.log.Warn("shared index snapshot not used; building the index from the database", "reason", err)
		r.mu.Lock()
		r.replace = true
		r.mu.Unlock()
		return 0
	}
	r.mu.Lock()
	r.knownArticles, r.knownThrough, r.knownFixes = meta.Articles, meta.Through, r.eng.Corrections()
	r.mu.Unlock()
	r.log.Info("shared index snapshot loaded", "articles", n, "through_id", meta.Through,
		"mb", meta.Bytes>>20, "ms", time.Since(start).Milliseconds())
	return n
}

// Publish makes this replica's index the shared snapshot when that helps
// the next replica to start (see supersedes). It returns whether it
// published.
func (r *Replica) Publish(ctx context.Context) (bool, error) {
	if r == nil {
		return false, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n, through, fixes := r.eng.Indexed(), r.eng.IndexedThrough(), r.eng.Corrections()
	if n == 0 || (n == r.knownArticles && through == r.knownThrough && fixes == r.knownFixes) {
		return false, nil
	}
	if fixes != r.knownFixes {
		r.replace = true // the snapshot holds a corrected article's first version
	}
	id, err := r.store.DatabaseID(ctx)
	if err != nil {
		return false, err
	}
	cur, err := r.store.CurrentIndexSnapshot(ctx)
	if err != nil && !errors.Is(err, storage.ErrNoIndexSnapshot) {
		return false, err
	}
	if err == nil {
		better, err := r.supersedes(ctx, cur, id, n, through)
		if err != nil || !better {
			return false, err
		}
	}
	start := time.Now()
	meta, err := r.store.PublishIndexSnapshot(ctx, func(w io.Writer) (int, int64, error) {
		return r.eng.SaveIndexThrough(ctx, w)
	})
	if err != nil {
		return false, err
	}
	r.knownArticles, r.knownThrough, r.knownFixes, r.replace = meta.Articles, meta.Through, fixes, false
	r.log.Info("shared index snapshot published", "articles", meta.Articles, "through_id", meta.Through,
		"mb", meta.Bytes>>20, "ms", time.Since(start).Milliseconds())
	return true, nil
}

// supersedes tells whether an index of n articles through ID through
// is worth publishing over the current snapshot cur: always when cur is
// unusable (this replica could not load it, another database's, or stale:
// the database no longer holds exactly the articles it covers, after a
// prune or a late commit below its watermark); never when cur covers as
// much or more; otherwise when this index covers at least minNew (or 1%)
// more articles.
func (r *Replica) supersedes(ctx context.Context, cur storage.IndexSnapshot, id string, n int, through int64) (bool, error) {
	if r.replace || cur.DatabaseID != id {
		return true, nil
	}
	if cur.Through > through || (cur.Through == through && cur.Articles == n) {
		return false, nil
	}
	held, err := r.store.CountArticlesThrough(ctx, cur.Through)
	if err != nil {
		return false, err
	}
	if held != int64(cur.Articles) {
		return true, nil
	}
	return n-cur.Articles >= max(r.minNew, cur.Articles/100), nil
}

// Keep publishes every interval until ctx ends (serve runs it).
func (r *Replica) Keep(ctx context.Context, every time.Duration) error {
	if r == nil {
		return nil
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if _, err := r.Publish(ctx); err != nil {
				r.log.Warn("shared index snapshot not published", "err", err)
			}
		}
	}
}

// errTap remembers the first error other than io.EOF its reader returned.
type errTap struct {
	r   io.Reader
	err error
}

func (t *errTap) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF && t.err == nil {
		t.err = err
	}
	return n, err
}
