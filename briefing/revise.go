package briefing

import (
	"context"
	"fmt"
	"slices"
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
//   - The index answers from the new text at once: the revised articles'
//     documents are removed (as DropDeleted removes, one compaction of
//     the index per Ingest that revised any) and added again under the
//     same IDs, from the analysis Ingest already made. Their documents
//     then come after the others, as a late commit's do; the furniture
//     (furniture.go) keeps what it learned from the first version and
//     does not learn the second (a paragraph the two share would count
//     twice). Cached event prints of those IDs and digests' shared topic
//     work are dropped.
//   - An index snapshot saved before a correction is refused after it
//     (the Store's content checksum counts updates, see
//     snapshot_identity.go), and this engine revises the Store and its
//     index under syncMu, the lock SaveIndex takes, so no snapshot holds
//     the new checksum with the old text.

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
	e.reindex(revised, func(a Article) (docTerms, bool) {
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
	e.log.Info("ingest: articles corrected", "count", len(revised))
	return revised, more, nil
}

// reindex replaces the documents of the revised articles the index has
// reached (ID at most lastID) with documents of their stored text; pre
// supplies analyses made already. Later IDs are read as stored by the
// next sync. The caller holds syncMu.
func (e *Engine) reindex(revised []Article, pre func(Article) (docTerms, bool)) {
	ids := make(map[int64]bool, len(revised))
	var batch []Article
	for _, a := range revised {
		if a.ID <= e.lastID {
			ids[a.ID] = true
			batch = append(batch, a)
		}
	}
	if len(batch) == 0 {
		return
	}
	e.index.removeDocs(func(id int64) bool { return ids[id] })
	e.index.add(batch, pre)
	e.sigs.drop(ids)
	e.gen.Add(1) // digests' shared topic work is redone
	e.corrected.Add(int64(len(batch)))
}

// Corrections is how many corrected articles the index has re-read since
// the engine started: an index file saved before the last one is stale
// (its holder saves again though the count of articles did not move).
func (e *Engine) Corrections() int64 { return e.corrected.Load() }
