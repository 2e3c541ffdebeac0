package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// Engine builds digests (briefing.Engine implements it).
type Engine interface {
	Digest(ctx context.Context, opt briefing.DigestOptions) (briefing.Digest, error)
}

// Store is what digests keep in the database: the channel's
// watches, its schedule and the delivery ledger.
type Store interface {
	briefing.WatchStore
	ScheduleStore
	DeliveryStore
	CarryStore
	LivePostStore
}

// DigesterConfig tunes a Digester. The zero value is usable.
type DigesterConfig struct {
	// Owner names this process in the ledger (unique per process).
	Owner string
	// Now is the clock; the scheduler passes its own so that ledger
	// periods match the time jobs fire at.
	Now func() time.Time
	// DefaultZone is the time zone of a channel that never chose one.
	DefaultZone string
	MaxItems    int // stories per digest unless the channel set a limit; default 10
	// Judgments, when set, keeps each channel's 👍/👎 per topic; its
	// digests apply them (an article judged down is never announced).
	Judgments briefing.JudgmentStore
	// Scopes, when set, keeps other channels' private sources out of a
	// channel's digests (see briefing.SourceScopes).
	Scopes    briefing.SourceScopes
	Sentences int // summary sentences per story; default 2
	// Lease is how long a delivery may stay pending or sending before
	// other processes assume its owner died; default 10 minutes.
	Lease time.Duration
	// Attempts is how many failed sends a delivery gets before it is
	// abandoned (its articles go to the next digest); default 5.
	Attempts int
	// Backoff is the wait before the first retry, doubling each time (at
	// most an hour); default 1 minute.
	Backoff time.Duration
	// CatchUp is how late a missed scheduled digest (the process was down
	// or died holding the job's lock) is still sent; default 1 hour.
	CatchUp time.Duration
	Logger  *slog.Logger
	// Overview, when set, writes checked overviews of digest sections.
	Overview bot.Overviewer
	// LiveWindow batches live alerts (/digest live): a story is posted at
	// most this long after it was stored, with the others stored by then,
	// in one message. 0 posts each story in a message of its own, at once.
	LiveWindow time.Duration
	// LiveTick is how often the scheduler looks for live alerts to post;
	// default a quarter of LiveWindow, between 1 and 10 seconds (5 seconds
	// when LiveWindow is 0).
	LiveTick time.Duration
}

func (c *DigesterConfig) setDefaults() {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Owner == "" {
		c.Owner = "briefbot"
	}
	if c.DefaultZone == "" {
		c.DefaultZone = "UTC"
	}
	if c.MaxItems <= 0 {
		c.MaxItems = 10
	}
	if c.Lease <= 0 {
		c.Lease = 10 * time.Minute
	}
	if c.Attempts <= 0 {
		c.Attempts = 5
	}
	if c.Backoff <= 0 {
		c.Backoff = time.Minute
	}
	if c.CatchUp <= 0 {
		c.CatchUp = time.Hour
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.LiveWindow < 0 {
		c.LiveWindow = 0
	}
	if c.LiveTick <= 0 {
		c.LiveTick = min(max(c.LiveWindow/4, time.Second), 10*time.Second)
		if c.LiveWindow == 0 {
			c.LiveTick = 5 * time.Second
		}
	}
}

// Digester builds channels' digests and delivers them through the
// ledger, so that each digest period reaches a channel at most once and,
// barring a crash mid-send, exactly once:
//
//  1. claim (channel, period) as pending; a claim that exists means
//     another run or replica owns the period: stop;
//  2. build the digest; nothing new settles the period as empty;
//  3. reserve its articles for the channel and mark it sending (one
//     transaction), then call the adapter;
//  4. record sent with the platform's message ids; a failure that
//     posted nothing releases the articles and is retried with back-off.
//
// A delivery left sending past its lease is the one case nobody can
// decide: the process may have died just before or just after the
// platform accepted the message, and no platform offers an idempotency
// key for posts. Resending could post twice, so it is marked unknown,
// logged, and not resent; its articles stay reserved. An operator who
// checked the channel requeues it with /digest retry (which risks the
// duplicate knowingly). A delivery left pending past its lease never
// reached the adapter, so another process takes it over and sends it.
type Digester struct {
	eng      Engine
	store    Store
	adapters map[string]bot.Adapter
	cfg      DigesterConfig
	log      *slog.Logger
	// onChange is the in-process scheduler's Sync, set by NewScheduler:
	// a schedule changed here runs at the time its reply states even
	// when that is sooner than the next periodic sync.
	onChange atomic.Pointer[func(context.Context) error]
}

// changed tells the in-process scheduler that a schedule changed.
func (d *Digester) changed(ctx context.Context) {
	if f := d.onChange.Load(); f != nil {
		if err := (*f)(ctx); err != nil {
			d.log.Warn("digest schedule sync after a change failed; the periodic sync retries", "err", err)
		}
	}
}

// NewDigester returns a Digester delivering through adapters (by platform
// key). The map is read at delivery time, so adapters registered after
// NewDigester are used; it must not change while digests run.
func NewDigester(eng Engine, store Store, adapters map[string]bot.Adapter, cfg DigesterConfig) *Digester {
	cfg.setDefaults()
	return &Digester{eng: eng, store: store, adapters: adapters, cfg: cfg, log: cfg.Logger}
}

// judgments reads the channel's 👍/👎 per topic, when there is a store.
func (d *Digester) judgments(ch briefing.Channel) func(context.Context, string) ([]briefing.Judgment, error) {
	if d.cfg.Judgments == nil {
		return nil
	}
	return func(ctx context.Context, topic string) ([]briefing.Judgment, error) {
		return d.cfg.Judgments.Judgments(ctx, ch, topic)
	}
}

// Owner is this process's name in the ledger.
func (d *Digester) Owner() string { return d.cfg.Owner }

// build makes the channel's digest as of now (reserving nothing). Live
// alerts use it too (live), so whatever restricts what a channel's watches
// match applies to both: a live build asks for follow-ups and offers
// nothing as carried (a live story past the cap is posted at the next
// look, never dropped).
func (d *Digester) build(ctx context.Context, ch briefing.Channel, zone string, maxItems int, live bool) (briefing.Digest, []string, error) {
	ws, err := d.store.Watches(ctx, ch)
	if err != nil {
		return briefing.Digest{}, nil, err
	}
	topics := make([]string, len(ws))
	for i, w := range ws {
		topics[i] = w.Topic
	}
	if maxItems <= 0 {
		maxItems = d.cfg.MaxItems
	}
	var hidden map[string]bool
	if d.cfg.Scopes != nil {
		if hidden, err = d.cfg.Scopes.HiddenSources(ctx, ch); err != nil {
			return briefing.Digest{}, nil, err
		}
	}
	// Watches carry each topic's sources: briefing.Watch.Admits filters
	// every story of the digest.
	dg, err := d.eng.Digest(ctx, briefing.DigestOptions{Topics: topics, Watches: ws, Hidden: hidden, MaxItems: maxItems, Sentences: d.cfg.Sentences,
		Seen: func(ctx context.Context, ids []int64) (map[int64]bool, error) {
			return d.store.DeliveredArticles(ctx, ch, ids)
		}, Judgments: d.judgments(ch), FollowUps: live,
		Carried: func(ctx context.Context, ids []int64) (map[int64]bool, error) {
			if live {
				return nil, nil
			}
			return d.store.CarriedArticles(ctx, ch, ids)
		}})
	return d.localTimes(dg, zone), topics, err
}

// localTimes shows the digest's story times in the channel's zone (the
// schedule's, else DefaultZone): the engine formats them in the process's
// zone, but a channel that chose Asia/Seoul reads its 09:00 digest in KST.
// Items are copied, so nothing the engine keeps is changed.
func (d *Digester) localTimes(dg briefing.Digest, zone string) briefing.Digest {
	if zone == "" {
		zone = d.cfg.DefaultZone
	}
	loc, err := LoadZone(zone)
	if err != nil {
		return dg
	}
	in := func(it briefing.Item) briefing.Item {
		it.When = briefing.FormatItemWhen(it, loc)
		return it
	}
	sections := slices.Clone(dg.Sections)
	for i := range sections {
		items := slices.Clone(sections[i].Items)
		for j := range items {
			items[j] = in(items[j])
		}
		sections[i].Items = items
	}
	fus := slices.Clone(dg.FollowUps)
	for i := range fus {
		fus[i].Item = in(fus[i].Item)
	}
	dg.Sections, dg.FollowUps = sections, fus
	return dg
}

// RunOccurrence delivers the digest of the schedule's occurrence at occ,
// unless its period is claimed already. It returns the period's status.
func (d *Digester) RunOccurrence(ctx context.Context, s Schedule, occ time.Time) (DeliveryStatus, error) {
	period := s.Period(occ)
	del, claimed, err := d.store.ClaimDelivery(ctx, Delivery{Channel: s.Channel, Period: period,
		Owner: d.cfg.Owner, LeaseUntil: d.cfg.Now().Add(d.cfg.Lease)})
	if err != nil {
		return "", err
	}
	if !claimed {
		d.log.Debug("digest period already claimed", "channel", s.Channel.String(), "period", period,
			"status", string(del.Status), "owner", del.Owner)
		return del.Status, nil
	}
	return d.work(ctx, del, s)
}

// work builds and sends a pending delivery this process owns.
func (d *Digester) work(ctx context.Context, del Delivery, s Schedule) (DeliveryStatus, error) {
	if isLive(del.Period) {
		return d.liveWork(ctx, del, s)
	}
	dg, _, err := d.build(ctx, del.Channel, s.Zone, s.MaxItems, false)
	if err != nil {
		return d.fail(ctx, del, err)
	}
	// Overviews are written while the delivery is pending, never while it
	// is sending: a model call must not widen the window of unknown outcomes.
	overviews := bot.SectionOverviews(ctx, d.cfg.Overview, ReplyFor(dg, false))
	if dg.Shown() > 0 || len(dg.Covered) > 0 {
		var reserved []int64
		if reserved, err = d.store.BeginSend(ctx, del.ID, d.cfg.Owner, dg.Covered, d.cfg.Now().Add(d.cfg.Lease)); err != nil {
			return d.fail(ctx, del, err)
		}
		dg = keepReserved(dg, reserved)
	}
	if dg.Shown() == 0 {
		return d.finish(ctx, del, Outcome{Status: DeliveryEmpty})
	}
	posted, err := d.store.HasPosted(ctx, del.Channel, del.ID)
	if err != nil {
		return d.fail(ctx, del, err)
	}
	return d.send(ctx, del, datedReply(dg, periodDate(del.Period, s.Hourly()), !posted), dg, overviews)
}

// periodDate is a scheduled period's date as the channel reads it, for
// the digest's title: "Tue 1 Dec 2026", or "20:00, Mon 30 Nov 2026" for
// an hourly slot ("" when period is not a scheduled one). The period is
// already in the channel's zone, so a retry the next day still names the
// occurrence's date.
func periodDate(period string, hourly bool) string {
	if len(period) < len("2006-01-02 15:04") {
		return ""
	}
	t, err := time.Parse("2006-01-02 15:04", period[:len("2006-01-02 15:04")])
	if err != nil {
		return ""
	}
	if hourly {
		return t.Format("15:04, Mon 2 Jan 2006")
	}
	return t.Format("Mon 2 Jan 2006")
}

// datedReply is ReplyFor with date in its title: "Digest for Tue 1 Dec
// 2026: gsomia". The date goes first, so a title cut for a platform's
// header keeps it.
func datedReply(dg briefing.Digest, date string, first bool) bot.Reply {
	r := ReplyFor(dg, first)
	if date != "" {
		r.Title = "Digest for " + date + strings.TrimPrefix(r.Title, "Digest")
	}
	return r
}

// send calls the adapter and records the outcome. It runs to the end
// even when ctx is cancelled (shutdown): an interrupted send would leave
// the outcome unknown.
func (d *Digester) send(ctx context.Context, del Delivery, r bot.Reply, dg briefing.Digest, overviews map[string]*bot.Overview) (DeliveryStatus, error) {
	ad, ok := d.adapters[del.Channel.Platform]
	if !ok {
		return d.fail(ctx, del, fmt.Errorf("no %q adapter in this process", del.Channel.Platform))
	}
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.cfg.Lease/2)
	defer cancel()
	ids, err := ad.Send(sendCtx, del.Channel, bot.WithOverviews(r, overviews))
	if len(ids) > 0 {
		d.carry(ctx, del, dg)
	}
	return d.settleSend(ctx, del, ids, err, dg.Shown())
}

// settleSend records what a send of stories stories did: sent, partly
// sent, unknown (timed out: it may have been posted), or failed.
func (d *Digester) settleSend(ctx context.Context, del Delivery, ids []string, err error, stories int) (DeliveryStatus, error) {
	switch {
	case err == nil:
		d.log.Info("digest sent", "channel", del.Channel.String(), "period", del.Period, "stories", stories, "messages", len(ids))
		return d.finish(ctx, del, Outcome{Status: DeliverySent, MessageIDs: ids, Stories: stories})
	case len(ids) > 0:
		d.log.Warn("digest partly sent; the rest is not resent", "channel", del.Channel.String(), "period", del.Period,
			"messages", len(ids), "err", err)
		return d.finish(ctx, del, Outcome{Status: DeliveryPartial, MessageIDs: ids, Error: err.Error(), Stories: stories})
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		d.log.Warn("digest send timed out; outcome unknown, not resending (see /digest retry)", "channel", del.Channel.String(),
			"period", del.Period, "err", err)
		return d.finish(ctx, del, Outcome{Status: DeliveryUnknown, Error: err.Error(), Stories: stories})
	}
	return d.fail(ctx, del, err)
}

// carry records the stories the posted digest left out for its cap, for
// the next digest. A failure loses no story: uncarried, they stay fresh
// and compete again, only without the "carried over" mark.
func (d *Digester) carry(ctx context.Context, del Delivery, dg briefing.Digest) {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := d.store.CarryArticles(wctx, del.ID, del.Channel, dg.Carry); err != nil {
		d.log.Warn("recording carried stories failed", "channel", del.Channel.String(), "period", del.Period, "err", err)
	}
}

// fail settles a delivery that posted nothing: released for a retry at
// once when the process is shutting down, else retried with back-off, or
// abandoned after the last attempt. Its articles go back to the pool. The
// error returned is only about recording that.
func (d *Digester) fail(ctx context.Context, del Delivery, cause error) (DeliveryStatus, error) {
	if briefing.ErrorCode(cause) == briefing.EConflict {
		d.log.Warn("digest taken over by another process", "channel", del.Channel.String(), "period", del.Period, "err", cause)
		return "", nil
	}
	now := d.cfg.Now()
	o := Outcome{Status: DeliveryFailed, Error: cause.Error(), NextAttempt: now}
	attempts := del.Attempts + 1
	switch {
	case ctx.Err() != nil:
		o.Error = "released at shutdown: " + o.Error
		d.log.Info("digest released at shutdown", "channel", del.Channel.String(), "period", del.Period)
	case attempts >= d.cfg.Attempts:
		o.Status = DeliveryAbandoned
		d.log.Error("digest abandoned after its last attempt", "channel", del.Channel.String(), "period", del.Period,
			"attempts", attempts, "err", cause)
	default:
		o.NextAttempt = now.Add(min(d.cfg.Backoff<<min(attempts-1, 16), time.Hour))
		d.log.Warn("digest send failed; will retry", "channel", del.Channel.String(), "period", del.Period,
			"attempt", attempts, "retry_at", o.NextAttempt.Format(time.RFC3339), "err", cause)
	}
	return d.finish(ctx, del, o) // logged and recorded: the status says it all
}

// finish records an outcome, even during shutdown.
func (d *Digester) finish(ctx context.Context, del Delivery, o Outcome) (DeliveryStatus, error) {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := d.store.FinishDelivery(wctx, del.ID, d.cfg.Owner, o); err != nil {
		return "", err
	}
	return o.Status, nil
}

// keepReserved drops the stories whose articles another delivery of the
// channel reserved between building and reserving (a concurrent
// /digest now): those are that delivery's to send.
func keepReserved(dg briefing.Digest, reserved []int64) briefing.Digest {
	mine := make(map[int64]bool, len(reserved))
	for _, id := range reserved {
		mine[id] = true
	}
	var out []briefing.DigestSection
	for _, s := range dg.Sections {
		kept := s.Items[:0:0]
		for _, it := range s.Items {
			if mine[it.ID] {
				kept = append(kept, it)
			}
		}
		if len(kept) > 0 {
			s.Items = kept
			out = append(out, s)
		}
	}
	dg.Sections = out
	dg.Covered = reserved
	return dg
}
