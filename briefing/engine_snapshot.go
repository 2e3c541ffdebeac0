package briefing

import (
	"context"
	"fmt"
	"io"
)

// Indexed is how many articles the index holds.
func (e *Engine) Indexed() int { return e.index.Len() }

// SaveIndex writes the index as it stands (every article up to the
// highest ID synced) so that a later process can LoadIndex it instead of
// re-analysing every stored article. Queries go on meanwhile; Sync and
// Ingest wait, so the snapshot is an exact prefix of the Store. It
// returns how many articles the snapshot covers.
func (e *Engine) SaveIndex(ctx context.Context, w io.Writer) (int, error) {
	n, _, err := e.SaveIndexThrough(ctx, w)
	return n, err
}

// SaveIndexThrough is SaveIndex that also returns the highest article ID
// the snapshot covers: a loader syncs on from there.
func (e *Engine) SaveIndexThrough(ctx context.Context, w io.Writer) (int, int64, error) {
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	ix := e.index
	// The identity is read before the corrections other writers stored
	// are taken in (revise.go): one stored after this read makes the
	// snapshot's identity older than its text, so it is refused at load;
	// read after, it could claim a correction the index lacks, and a
	// restart would bring the first version back.
	ident, withIdentity, err := e.identitySample(ctx, ix.maxID()) // see snapshot_identity.go
	if err != nil {
		return 0, 0, fmt.Errorf("briefing: save index: %w", err)
	}
	if err := e.syncRevisions(ctx); err != nil {
		return 0, 0, fmt.Errorf("briefing: save index: %w", err)
	}
	if err := e.applyPending(ctx, true, nil); err != nil {
		return 0, 0, fmt.Errorf("briefing: save index: %w", err)
	}
	// Sealed first: the snapshot writes a term with a tail encoded
	// afresh, and nearly every term has one, so it held a second copy of
	// the arena while writing (40 MB more resident at 100k). Sealing
	// rebuilds one chunk at a time.
	ix.seal()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n := snapshotSamples
	if withIdentity {
		n-- // the identity takes one sample's place
	}
	samples, err := e.fingerprints(ctx, ix.sampleIDs(n))
	if err != nil {
		return 0, 0, fmt.Errorf("briefing: save index: %w", err)
	}
	if withIdentity {
		samples = append(samples, ident)
	}
	if err := ix.writeSnapshot(w, samples); err != nil {
		return 0, 0, fmt.Errorf("briefing: save index: %w", err)
	}
	return len(ix.docs), ix.maxID(), nil
}

// LoadIndex reads a snapshot written by SaveIndex into an engine that has
// not synced yet, after checking that the Store holds exactly the
// articles it covers; the next Sync adds the articles stored since. A
// snapshot that does not match (another database, articles missing, a
// different analyser, a damaged file) is an error and changes nothing:
// the engine then builds its index from the Store as usual.
func (e *Engine) LoadIndex(ctx context.Context, r io.Reader) (int, error) {
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	if e.lastID != 0 || e.index.Len() != 0 {
		return 0, fmt.Errorf("briefing: load index: the index is already in use")
	}
	sr, err := openSnapshot(r, e.st)
	if err != nil {
		return 0, fmt.Errorf("briefing: load index: %w", err)
	}
	// The Store is checked, and the furniture learned, while the rest of
	// the snapshot is read: at a million articles each takes about as
	// long as the other.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	checked := make(chan error, 1)
	go func() {
		err := e.checkSnapshot(ctx, len(sr.ix.docs), sr.last, sr.h.samples)
		if err == nil {
			err = e.learnFurnitureThrough(ctx, sr.last) // see furniture_load.go
		}
		checked <- err
	}()
	ix, err := sr.readRest()
	if err != nil {
		cancel()
	}
	if cerr := <-checked; err == nil {
		err = cerr
	}
	if err != nil {
		e.furniture.reset()
		return 0, fmt.Errorf("briefing: load index: %w", err)
	}
	e.index.adopt(ix)
	e.lastID = ix.maxID()
	e.gen.Add(1)
	return len(ix.docs), nil
}

// checkSnapshot compares a snapshot with the Store: the same number of
// articles up to its last ID (none added in between or removed), and the
// same content for its sampled articles (the same database).
func (e *Engine) checkSnapshot(ctx context.Context, docs int, last int64, samples []snapshotSample) error {
	if docs == 0 {
		return nil
	}
	samples, identity := splitIdentity(samples)
	if err := e.checkIdentity(ctx, last, identity); err != nil {
		return err
	}
	n, err := e.store.CountArticlesThrough(ctx, last)
	if err != nil {
		return err
	}
	if n != int64(docs) {
		return fmt.Errorf("%w: it covers %d articles up to ID %d, the database holds %d", errSnapshot, docs, last, n)
	}
	ids := make([]int64, len(samples))
	for i, s := range samples {
		ids[i] = s.id
	}
	got, err := e.fingerprints(ctx, ids)
	if err != nil {
		return err
	}
	if len(got) != len(samples) {
		return fmt.Errorf("%w: sampled articles missing from the database", errSnapshot)
	}
	for i := range got {
		if got[i] != samples[i] {
			return fmt.Errorf("%w: article %d differs from the database's", errSnapshot, samples[i].id)
		}
	}
	return nil
}

func (e *Engine) fingerprints(ctx context.Context, ids []int64) ([]snapshotSample, error) {
	arts, err := e.store.Articles(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]snapshotSample, len(arts))
	for i, a := range arts {
		out[i] = snapshotSample{id: a.ID, hash: articleFingerprint(a)}
	}
	return out, nil
}

// adopt takes over a loaded index's contents.
func (ix *Index) adopt(o *Index) {
	ix.sealMu.Lock()
	defer ix.sealMu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.changed()
	ix.docs, ix.byID, ix.ids, ix.pairs, ix.terms, ix.words = o.docs, o.byID, o.ids, o.pairs, o.terms, o.words
	ix.wordTerm, ix.fwd = o.wordTerm, o.fwd
	ix.arena, ix.chunks, ix.order, ix.tails, ix.tailN = o.arena, o.chunks, o.order, o.tails, o.tailN
	ix.insertCache = nil // terms and words renumbered
	ix.totalLen, ix.aliases = o.totalLen, o.aliases
	ix.vocab.reset()
}
