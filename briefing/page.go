package briefing

import (
	"context"
	"time"
)

// Page is a stored snapshot of a reply with stories (a briefing or a
// digest), served at its permalink until ExpiresAt. ID is unguessable
// (crypto/rand): knowing it is what lets someone read the page, so it is
// the only key a page can be found by. Body is the web adapter's own
// encoding of the snapshot; the store keeps it as opaque bytes.
type Page struct {
	ID        string
	Channel   Channel // where the reply was posted (zero when unknown)
	Kind      string  // "briefing" or "digest"
	Title     string
	Body      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

// WebStore keeps what the web side serves: permalink pages, and the
// tokens of per-watch topic feeds. A feed token names one channel's watch
// of one topic; it stops working when the watch is removed or the token is
// reset.
type WebStore interface {
	// SavePage stores p; its ID must be new.
	SavePage(ctx context.Context, p Page) error
	// Page returns the page with the ID that has not expired at now, or
	// ErrNotFound.
	Page(ctx context.Context, id string, now time.Time) (Page, error)
	// PruneExpiredPages deletes pages expired at now and returns how many.
	PruneExpiredPages(ctx context.Context, now time.Time) (int64, error)
	// WatchFeedToken returns the token of the channel's feed of topic,
	// storing fresh as the token when there is none yet.
	WatchFeedToken(ctx context.Context, ch Channel, topic, fresh string) (string, error)
	// ResetWatchFeedToken replaces the token of the channel's feed of
	// topic with fresh: the old one stops working at once.
	ResetWatchFeedToken(ctx context.Context, ch Channel, topic, fresh string) error
	// WatchByFeedToken returns the watch a token belongs to, or
	// ErrNotFound when the token is unknown, was reset, or the channel no
	// longer watches the topic.
	WatchByFeedToken(ctx context.Context, token string) (Watch, error)
}
