package briefing

import (
	"context"
	"fmt"
	"hash/fnv"
)

// IdentityStore is a Store that can tell one database from another. An
// index snapshot saved from an engine on such a store records the
// database's id and a checksum of the articles it covers, and loads only
// where both match: two databases with the same number of articles whose
// sampled articles happen to agree (the same sample feeds ingested first,
// say) still have different ids, and an article added below the
// snapshot's watermark, removed or edited since (by this engine or by
// hand) changes the checksum, so a foreign or stale index file costs a
// rebuild, never a wrong answer. The check runs at every start-up from an
// index, so the checksum must be cheap to read: package storage keeps it
// in counters its database triggers maintain, not by reading the
// articles.
type IdentityStore interface {
	// DatabaseID is a random id given to the database at creation.
	DatabaseID(ctx context.Context) (string, error)
	// ContentChecksum digests the articles with an ID up to through: it
	// differs whenever one of them was inserted, deleted or changed
	// between two calls, and is unaffected by articles after through.
	ContentChecksum(ctx context.Context, through int64) (string, error)
}

// identitySampleID marks the snapshot sample that carries the identity
// (article IDs start at 1). A reader without this file's rule looks for
// article 0, does not find it and rebuilds: safe either way.
const identitySampleID = 0

// identitySample returns the identity of the store's articles up to
// through as a snapshot sample; ok is false for stores without identity.
func (e *Engine) identitySample(ctx context.Context, through int64) (s snapshotSample, ok bool, err error) {
	is, ok := e.store.(IdentityStore)
	if !ok {
		return snapshotSample{}, false, nil
	}
	id, err := is.DatabaseID(ctx)
	if err != nil {
		return snapshotSample{}, true, err
	}
	sum, err := is.ContentChecksum(ctx, through)
	if err != nil {
		return snapshotSample{}, true, err
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%d\x00%s", id, through, sum)
	return snapshotSample{id: identitySampleID, hash: h.Sum64()}, true, nil
}

// splitIdentity separates the identity sample from the article samples.
func splitIdentity(samples []snapshotSample) (articles []snapshotSample, identity *snapshotSample) {
	for i := range samples {
		if samples[i].id == identitySampleID {
			identity = &samples[i]
			continue
		}
		articles = append(articles, samples[i])
	}
	return articles, identity
}

// checkIdentity compares a snapshot's identity with the store's.
func (e *Engine) checkIdentity(ctx context.Context, last int64, identity *snapshotSample) error {
	want, ok, err := e.identitySample(ctx, last)
	switch {
	case err != nil:
		return err
	case !ok:
		return nil
	case identity == nil:
		return fmt.Errorf("%w: it records no database identity", errSnapshot)
	case *identity != want:
		return fmt.Errorf("%w: it was built from another database, or from other articles", errSnapshot)
	}
	return nil
}
