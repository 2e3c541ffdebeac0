package briefing

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Corrections: a feed sends an item again under the same key (GUID, else
// link) with another title or text, a correction or a growing
// "developing" story.
//
// Invariants:
//   - The Store keeps one row per key: Ingest asks it to revise the
//     stored articles among those it did not add (ArticleStore.
//     ReviseArticles), which updates them in place under the same ID, so
//     judgments, deliveries and links still name them, and sets Updated.
//     The first version's Published and Fetched stay: a story's place in
//     a timeline, and what digests count as new, are when it was first
//     seen, so a burst of corrections never makes old stories look new
//     (nor announces them again: deliveries are by article ID).
//   - "Changed" is the ContentHash of the cleaned title and text: an
//     identical re-send, or one differing in whitespace only, writes
//     nothing and leaves the index alone; it costs the store one indexed
//     read of the batch's keys.
//   - One Ingest revises at most Config.MaxRevisions articles (a poll of
//     one feed is one Ingest); the rest are counted in
//     IngestResult.Deferred and logged, and, still different, are
//     revised by later polls. Only items the feed still lists can be
//     corrected: a correction is an item of the current fetch.
//   - The Store has a correction at once, and with it every briefing,
//     digest and page, which load the text they show from it. The index
//     follows: the corrected articles' documents are removed (as
//     DropDeleted removes, one compaction of the whole index) and added
//     again under the same IDs, reusing Ingest's analysis. A compaction
//     is linear in the index (about 20 ms at 10k articles, 0.2 s at
//     100k), so at most one runs per Config.ReindexEvery: corrections
//     stored in between wait (pending) and are taken in together by the
//     first sync after it. Re-added documents come after the others, as a
//     late commit's do; the furniture (furniture.go) keeps what it learned
//     from the first version and does not learn the second (a paragraph
//     the two share would count twice). Cached event prints of those IDs
//     and digests' shared topic work are dropped.
//   - Other engines over the same Store (replicas, a CLI ingest) take a
//     correction in at their next full sync (syncRevisions, below), as
//     they take in new articles.
//   - No snapshot brings a first version back: one saved before a
//     correction is refused after it (the Store's content checksum counts
//     updates, see snapshot_identity.go); this engine revises the Store
//     and its index under syncMu, the lock SaveIndex takes; and SaveIndex
//     reads the checksum before taking in other writers' corrections and
//     every waiting one, so a snapshot never claims a correction its
//     index lacks.

// DefaultMaxRevisions is Config.MaxRevisions' default.
const DefaultMaxRevisions = 50

// revise applies the corrections among prepared, the articles of one
// Ingest (analysed[i] is prepared[i]'s analysis) that added only added,
// and returns the revised articles as stored and how many more were left
// for a later Ingest.
func (e *Engine) revise(ctx context.Context, prepared []Article, analysed []docTerms, added []Article) ([]Article, int, error) {
	isNew := make(map[string]bool, len(added))
	for _, a := range added {
		isNew[a.Source+"\x00"+a.Key()] = true
	}
	var known []Article
	at := make(map[string]int, len(prepared)) // source and key -> first index in prepared
	for i, a := range prepared {
		k := a.Source + "\x00" + a.Key()
		if isNew[k] {
			continue
		}
		if _, dup := at[k]; !dup {
			at[k] = i
		}
		known = append(known, a)
	}
	if len(known) == 0 {
		return nil, 0, nil
	}
	limit := e.cfg.MaxRevisions
	if limit <= 0 {
		limit = DefaultMaxRevisions
	}
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	revised, more, err := e.store.ReviseArticles(ctx, known, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("briefing: revise articles: %w", err)
	}
	if more > 0 {
		e.log.Warn("ingest: corrections over the bound left for a later poll", "revised", len(revised), "deferred", more)
	}
	if len(revised) == 0 {
		return nil, more, nil
	}
	e.log.Info("ingest: articles corrected", "count", len(revised))
	e.queueReindex(revised)
	err = e.applyPending(ctx, false, func(a Article) (docTerms, bool) {
		i, ok := at[a.Source+"\x00"+a.Key()]
		if !ok {
			return docTerms{}, false
		}
		p := prepared[i]
		if p.Title != a.Title || p.Text != a.Text || !slices.Equal(p.Tags, a.Tags) {
			return docTerms{}, false // stored otherwise than analysed: analyse as stored
		}
		return analysed[i], true
	})
	if err != nil {
		return nil, 0, fmt.Errorf("briefing: revise articles: %w", err)
	}
	return revised, more, nil
}

// DefaultReindexEvery is Config.ReindexEvery's default.
const DefaultReindexEvery = time.Minute

// queueReindex marks the documents of corrected articles the index has
// reached (ID at most lastID; later IDs are read as stored by the next
// sync) for re-reading. Their cached event prints go at once: they are
// computed from the stored text. The caller holds syncMu.
func (e *Engine) queueReindex(revised []Article) {
	rs := &e.revs
	ids := map[int64]bool{}
	for _, a := range revised {
		if a.ID > e.lastID || rs.pending[a.ID] {
			continue
		}
		if rs.pending == nil {
			rs.pending = map[int64]bool{}
		}
		rs.pending[a.ID], ids[a.ID] = true, true
	}
	e.sigs.drop(ids)
	e.corrected.Add(int64(len(ids)))
}

// applyPending re-reads the queued corrected articles from the Store and
// replaces their documents, unless the last time was less than
// Config.ReindexEvery ago and force is false (a sync after that does it);
// pre supplies analyses made already. The caller holds syncMu.
func (e *Engine) applyPending(ctx context.Context, force bool, pre func(Article) (docTerms, bool)) error {
	rs := &e.revs
	if len(rs.pending) == 0 {
		return nil
	}
	every := e.cfg.ReindexEvery
	if every == 0 {
		every = DefaultReindexEvery
	}
	now := e.cfg.Now()
	if !force && !rs.reindexed.IsZero() && now.Sub(rs.reindexed) < every {
		return nil
	}
	ids := make([]int64, 0, len(rs.pending))
	for id := range rs.pending {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	arts, err := e.store.Articles(ctx, ids) // a deleted one is missing: DropDeleted removes its document
	if err != nil {
		return err
	}
	e.reindex(arts, pre)
	clear(rs.pending)
	rs.reindexed = now
	return nil
}

// reindex replaces the documents of arts (their IDs at most lastID) with
// documents of their text, in one compaction of the index; pre supplies
// analyses made already. The caller holds syncMu.
func (e *Engine) reindex(arts []Article, pre func(Article) (docTerms, bool)) {
	if len(arts) == 0 {
		return
	}
	ids := make(map[int64]bool, len(arts))
	for _, a := range arts {
		ids[a.ID] = true
	}
	e.index.removeDocs(func(id int64) bool { return ids[id] })
	e.index.add(arts, pre)
	now := e.cfg.Now()
	for _, a := range arts {
		e.revs.noteIndexed(a, now)
	}
	e.sigs.drop(ids)
	e.gen.Add(1) // digests' shared topic work is redone
}

// Corrections is how many corrections of indexed articles the engine has
// seen since it started: an index file saved before the last one is
// stale (its holder saves again though the count of articles did not
// move; SaveIndex takes in the queued ones first).
func (e *Engine) Corrections() int64 { return e.corrected.Load() }

// Corrections another process stored (another replica's poll, a CLI
// ingest) reach this index through syncRevisions: each full sync lists
// the corrections stored since the last look, less revisionLag, and
// re-reads the articles whose indexed version is older. Correction times
// come from the writer's clock and become visible at its commit, so the
// look goes back revisionLag further (clock skew between replicas plus a
// correction's transaction); what this index already holds (revised
// records the version per ID) is not read again.
const revisionLag = 5 * time.Minute

// revisionsPerSync bounds the corrections one sync lists: the rest are
// listed by the next, which starts where this one stopped.
const revisionsPerSync = 2000

// revisionState is what syncRevisions keeps between syncs (under
// syncMu).
type revisionState struct {
	// looked is when the last look ran (this engine's clock), or the
	// newest correction it listed when it listed as many as it may.
	looked  time.Time
	indexed map[int64]time.Time // the correction each recently revised document holds
	// pending are corrected articles whose documents hold an older
	// version, waiting for applyPending; reindexed is when it last ran.
	pending   map[int64]bool
	reindexed time.Time
}

// noteIndexed records that the index holds a's version, when a is a
// correction recent enough for syncRevisions to list again.
func (rs *revisionState) noteIndexed(a Article, now time.Time) {
	if a.Updated.IsZero() || a.Updated.Before(now.Add(-2*revisionLag)) {
		return
	}
	if rs.indexed == nil {
		rs.indexed = map[int64]time.Time{}
	}
	rs.indexed[a.ID] = a.Updated
}

// syncRevisions re-reads the articles other writers corrected since the
// last look. The caller holds syncMu.
func (e *Engine) syncRevisions(ctx context.Context) error {
	rs := &e.revs
	now := e.cfg.Now()
	if rs.looked.IsZero() {
		rs.looked = now // the index was built or loaded from the Store as it is now
	}
	since := rs.looked.Add(-revisionLag)
	list, err := e.store.RevisedSince(ctx, since, revisionsPerSync)
	if err != nil {
		return err
	}
	var stale []Article
	for _, r := range list {
		if r.ID <= e.lastID && !rs.pending[r.ID] && !rs.indexed[r.ID].Equal(r.Updated) {
			stale = append(stale, Article{ID: r.ID})
		}
	}
	if len(stale) > 0 {
		e.log.Info("index: articles corrected by another writer", "count", len(stale))
		e.queueReindex(stale)
	}
	for id, at := range rs.indexed {
		if at.Before(since) {
			delete(rs.indexed, id) // out of every later look's reach
		}
	}
	rs.looked = now
	if len(list) == revisionsPerSync {
		// More may follow: the next look starts at the last listed.
		rs.looked = list[len(list)-1].Updated.Add(revisionLag)
	}
	return nil
}
