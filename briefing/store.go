package briefing

import (
	"context"
	"time"
)

// ArticleStore keeps articles. Implementations live outside the core
// (package storage); briefingtest has an in-memory one for tests.
type ArticleStore interface {
	// SaveArticles stores the articles whose (Source, Key) is not stored
	// yet and returns just those, with ID set, in input order. Saving an
	// article twice is not an error: it is skipped. All or nothing: on
	// error nothing was stored.
	SaveArticles(ctx context.Context, articles []Article) (added []Article, err error)
	// Articles returns the articles with the given IDs; missing IDs are
	// left out (no error).
	Articles(ctx context.Context, ids []int64) ([]Article, error)
	// ScanArticles calls fn with batches of the articles whose ID is
	// greater than afterID, in ID order, until done or fn returns an error.
	ScanArticles(ctx context.Context, afterID int64, batch int, fn func([]Article) error) error
	// CountArticles returns how many articles are stored.
	CountArticles(ctx context.Context) (int64, error)
	// CountArticlesThrough returns how many stored articles have an ID at
	// or below id.
	CountArticlesThrough(ctx context.Context, id int64) (int64, error)
	// ArticleIDs returns the IDs of the stored articles in (after,
	// through], ascending.
	ArticleIDs(ctx context.Context, after, through int64) ([]int64, error)
}

// WatchStore keeps the topics each channel watches. Topics are compared in
// their NormalizeTopic form.
type WatchStore interface {
	// AddWatch stores w; added is false when the channel already watched
	// the topic.
	AddWatch(ctx context.Context, w Watch) (added bool, err error)
	// RemoveWatch deletes the channel's watch of topic; removed is false
	// when there was none.
	RemoveWatch(ctx context.Context, ch Channel, topic string) (removed bool, err error)
	// Watches lists a channel's watches, oldest first; empty, not an
	// error, when there are none.
	Watches(ctx context.Context, ch Channel) ([]Watch, error)
}

// Store is everything the engine and the bot keep in a database.
type Store interface {
	ArticleStore
	WatchStore
}

// SourceStore keeps the feeds and pages the poller checks, with their
// polling state. Several pollers (replicas) may share one store:
// ClaimSource is how a check starts, so each due source is checked by one
// of them per interval. Sources are unique by URL.
type SourceStore interface {
	// AddSource stores s and returns it with ID and CreatedAt set; added
	// is true. If a source with s.URL exists it is returned unchanged with
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
	// DueSources lists up to limit sources that are not paused and whose
	// NextCheck is at or before now, earliest first.
	DueSources(ctx context.Context, now time.Time, limit int) ([]Source, error)
	// ClaimSource atomically takes a due source for one check by moving
	// its NextCheck to until, only if it is still due at now and not
	// paused. won is false when another poller claimed it first or it is
	// no longer due. until is a lease: a poller that dies mid-check leaves
	// the source due again then.
	ClaimSource(ctx context.Context, id int64, now, until time.Time, owner string) (won bool, err error)
	// SourceArticles returns up to limit articles stored with
	// Article.Source equal to source, most recently stored first.
	SourceArticles(ctx context.Context, source string, limit int) ([]Article, error)
}

// DigestStore keeps each channel's digest schedule (at most one per
// channel).
type DigestStore interface {
	// SetDigest creates or replaces the channel's schedule.
	SetDigest(ctx context.Context, s DigestSchedule) error
	// Digest returns the channel's schedule, or ErrNotFound.
	Digest(ctx context.Context, ch Channel) (DigestSchedule, error)
	// RemoveDigest deletes the channel's schedule; removed is false when
	// there was none.
	RemoveDigest(ctx context.Context, ch Channel) (removed bool, err error)
	// Digests lists the schedules of channels on the given platforms (all
	// platforms when none are given).
	Digests(ctx context.Context, platforms ...string) ([]DigestSchedule, error)
}

// DeliveryStore is the digest delivery ledger, the exactly-once guard for
// digests across restarts and replicas (see DeliveryStatus for the
// lifecycle). Every transition is a compare-and-set: a method that finds
// the row changed by someone else reports it (false, or an EConflict
// error) instead of overwriting.
type DeliveryStore interface {
	// ClaimDelivery inserts d (Channel, Period, Owner, LeaseUntil) as
	// pending. When the channel already has a delivery for the period it
	// stores nothing and returns that one with claimed false.
	ClaimDelivery(ctx context.Context, d Delivery) (cur Delivery, claimed bool, err error)
	// TakeOver moves d, as last read, back to pending under owner until
	// lease: a failed delivery whose retry is due, or a pending one whose
	// lease expired. False when the row changed since it was read.
	TakeOver(ctx context.Context, d Delivery, owner string, lease time.Time) (bool, error)
	// BeginSend moves the owner's pending delivery to sending and
	// reserves articleIDs for its channel, in one transaction. It returns
	// the IDs it reserved, leaving out those another delivery of the
	// channel holds; EConflict when the delivery is not the owner's
	// pending one any more.
	BeginSend(ctx context.Context, id int64, owner string, articleIDs []int64, lease time.Time) (reserved []int64, err error)
	// FinishDelivery records the outcome of the owner's pending, sending
	// or (settling late) unknown delivery. Failed and abandoned outcomes
	// release its article reservations. EConflict when not the owner's.
	FinishDelivery(ctx context.Context, id int64, owner string, o Outcome) error
	// DueDeliveries lists the deliveries of channels on the given
	// platforms that need attention at now: failed ones whose retry is
	// due, and pending or sending ones past their lease.
	DueDeliveries(ctx context.Context, now time.Time, platforms ...string) ([]Delivery, error)
	// MarkUnknown moves d, a sending delivery past its lease, to unknown.
	// False when the row changed since it was read.
	MarkUnknown(ctx context.Context, d Delivery) (bool, error)
	// FindDelivery returns the channel's delivery for period, or
	// ErrNotFound.
	FindDelivery(ctx context.Context, ch Channel, period string) (Delivery, error)
	// RecentDeliveries lists the channel's latest deliveries, newest
	// first.
	RecentDeliveries(ctx context.Context, ch Channel, limit int) ([]Delivery, error)
	// RequeueUnknown makes the channel's unknown deliveries failed and due
	// at now, releasing their article reservations, and returns how many
	// it moved: the operator's decision to risk a duplicate.
	RequeueUnknown(ctx context.Context, ch Channel, now time.Time) (int, error)
	// DeliveredArticles returns which of ids are reserved for the channel
	// (delivered, or in a delivery being sent).
	DeliveredArticles(ctx context.Context, ch Channel, ids []int64) (map[int64]bool, error)
}
