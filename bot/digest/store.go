package digest

import (
	"context"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// ScheduleStore keeps each channel's digest schedule (at most one per
// channel).
type ScheduleStore interface {
	// SetSchedule creates or replaces the channel's schedule.
	SetSchedule(ctx context.Context, s Schedule) error
	// Schedule returns the channel's schedule, or ErrNotFound.
	Schedule(ctx context.Context, ch briefing.Channel) (Schedule, error)
	// RemoveSchedule deletes the channel's schedule; removed is false when
	// there was none.
	RemoveSchedule(ctx context.Context, ch briefing.Channel) (removed bool, err error)
	// Schedules lists the schedules of channels on the given platforms (all
	// platforms when none are given).
	Schedules(ctx context.Context, platforms ...string) ([]Schedule, error)
}

// DeliveryStore is the digest delivery ledger, the exactly-once guard for
// digests across restarts and replicas (see DeliveryStatus for the
// lifecycle). Every transition is a compare-and-set: a method that finds
// the row changed by someone else reports it (false, or an briefing.EConflict
// error) instead of overwriting.
type DeliveryStore interface {
	// ClaimDelivery inserts d (briefing.Channel, Period, Owner, LeaseUntil) as
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
	// channel holds; briefing.EConflict when the delivery is not the owner's
	// pending one any more.
	BeginSend(ctx context.Context, id int64, owner string, articleIDs []int64, lease time.Time) (reserved []int64, err error)
	// FinishDelivery records the outcome of the owner's pending, sending
	// or (settling late) unknown delivery. Failed and abandoned outcomes
	// release its article reservations. briefing.EConflict when not the owner's.
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
	FindDelivery(ctx context.Context, ch briefing.Channel, period string) (Delivery, error)
	// RecentDeliveries lists the channel's latest deliveries, newest
	// first.
	RecentDeliveries(ctx context.Context, ch briefing.Channel, limit int) ([]Delivery, error)
	// HasPosted reports whether a delivery of the channel other than
	// except (0: none) posted something, is posting it, or may have
	// (sending, sent, partial or unknown): false until the channel's
	// first digest or live alert.
	HasPosted(ctx context.Context, ch briefing.Channel, except int64) (bool, error)
	// RequeueUnknown makes the channel's unknown deliveries failed and due
	// at now, releasing their article reservations, and returns how many
	// it moved: the operator's decision to risk a duplicate.
	RequeueUnknown(ctx context.Context, ch briefing.Channel, now time.Time) (int, error)
	// DeliveredArticles returns which of ids are reserved for the channel
	// (delivered, or in a delivery being sent).
	DeliveredArticles(ctx context.Context, ch briefing.Channel, ids []int64) (map[int64]bool, error)
}

// CarryStore remembers the stories a digest left out for its cap, so
// that the channel's next digest brings them back once, marked carried
// over, instead of dropping them.
type CarryStore interface {
	// CarryArticles records ids as carried by the delivery; ids carried
	// before stay as they are (a story is carried once).
	CarryArticles(ctx context.Context, deliveryID int64, ch briefing.Channel, ids []int64) error
	// CarriedArticles returns which of ids a digest of the channel
	// carried (delivered or not since).
	CarriedArticles(ctx context.Context, ch briefing.Channel, ids []int64) (map[int64]bool, error)
}

// LivePostStore remembers which platform message announced each article
// to a channel under /digest live, so that a later report of the same
// story from another outlet is posted in that message's thread.
type LivePostStore interface {
	// RecordLivePosts records that messageID, posted by the delivery,
	// announced ids in the channel; ids recorded before keep their message.
	RecordLivePosts(ctx context.Context, deliveryID int64, ch briefing.Channel, messageID string, ids []int64) error
	// LivePosts returns the message that announced each of ids in the
	// channel, for those that have one.
	LivePosts(ctx context.Context, ch briefing.Channel, ids []int64) (map[int64]string, error)
}
