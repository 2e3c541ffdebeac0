package briefing

import (
	"context"
	"time"
)

// Revision names a corrected article and when it was corrected.
type Revision struct {
	ID      int64
	Updated time.Time
}

// ArticleStore keeps articles. Implementations live outside the core
// (package storage); briefingtest has an in-memory one for tests.
type ArticleStore interface {
	// SaveArticles stores the articles whose (Source, Key) is not stored
	// yet and returns just those, with ID set, in input order. Saving an
	// article twice is not an error: it is skipped. All or nothing: on
	// error nothing was stored.
	SaveArticles(ctx context.Context, articles []Article) (added []Article, err error)
	// ReviseArticles applies corrections: each article whose (Source,
	// Key) is stored with another ContentHash (its title or text changed,
	// whitespace aside) replaces the stored title, author, tags, text and
	// Fragment mark in place, under the same ID, and its Fetched becomes
	// the stored Updated; the stored Published, Fetched, GUID, URL and
	// Backfill stay the first version's. Articles not stored, or stored
	// with the same content, are left alone (an unchanged re-send writes
	// nothing). At most limit are revised, in input order, a key repeated
	// in the input counting once (its first occurrence); more is how many
	// further stored articles differ, left as they are. Returns the
	// revised articles as now stored, in ID order. All or nothing.
	ReviseArticles(ctx context.Context, articles []Article, limit int) (revised []Article, more int, err error)
	// RevisedSince lists the articles corrected at or after since (their
	// Updated), oldest correction first, at most limit: what another
	// process's index must re-read (see revise.go).
	RevisedSince(ctx context.Context, since time.Time, limit int) ([]Revision, error)
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

// JudgmentStore keeps each channel's verdicts on articles per topic (see
// Judgment). Topics are compared in their NormalizeTopic form; a later
// verdict on the same article replaces the earlier one.
type JudgmentStore interface {
	Judge(ctx context.Context, ch Channel, topic string, j Judgment, by string) error
	// Judgments lists the channel's verdicts for topic, oldest first;
	// empty, not an error, when there are none.
	Judgments(ctx context.Context, ch Channel, topic string) ([]Judgment, error)
}

// Store is everything the engine and the bot keep in a database.
type Store interface {
	ArticleStore
	WatchStore
}
