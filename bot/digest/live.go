package digest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// Live alerts (/digest live) go through the same ledger as digests: each
// post is a delivery whose period names its first article ("live:123";
// a thread reply "live:re:456"), claimed before the build is sent, its
// articles reserved in the same transaction that marks it sending, and
// its outcome recorded after. Replicas that look at the same moment
// build the same period and only one claims it; replicas that saw
// different articles claim different periods, and the reservations give
// each article to one of them. Nothing about a batch lives in memory: the
// window is measured from the articles' storage times, so a restart loses
// no batch and, through the ledger, repeats none.
const (
	livePrefix      = "live:"
	liveReplyPrefix = "live:re:"
	// liveClaimTries bounds the periods tried for one first article: a
	// period that ended (abandoned, or empty because another replica took
	// its articles, which were later released) is not claimed again, so
	// the next look tries "live:123#2", and so on.
	liveClaimTries = 5
)

// isLive reports whether a ledger period is a live alert's.
func isLive(period string) bool { return strings.HasPrefix(period, livePrefix) }

// liveStory is one story of a live post: the engine's item and the
// articles it accounts for.
type liveStory struct {
	topic string
	item  briefing.Item
	ids   []int64
}

// liveBatch is one live post: new stories, or (threadOf set) other
// outlets' reports of a story posted before, as a reply under its post.
type liveBatch struct {
	stories  []liveStory
	silent   []int64 // new copies of stories the channel had, reserved and not shown
	threadOf string
}

// ids are every article the batch accounts for.
func (b liveBatch) ids() []int64 {
	var out []int64
	for _, s := range b.stories {
		out = append(out, s.ids...)
	}
	return append(out, b.silent...)
}

// key is the batch's period before any "#n": its lowest article id.
func (b liveBatch) key() string {
	ids := b.ids()
	prefix := livePrefix
	if b.threadOf != "" {
		prefix = liveReplyPrefix
	}
	return prefix + strconv.FormatInt(slices.Min(ids), 10)
}

// keep drops what another delivery reserved first.
func (b liveBatch) keep(reserved []int64) liveBatch {
	mine := make(map[int64]bool, len(reserved))
	for _, id := range reserved {
		mine[id] = true
	}
	out := liveBatch{threadOf: b.threadOf}
	for _, s := range b.stories {
		var ids []int64
		for _, id := range s.ids {
			if mine[id] {
				ids = append(ids, id)
			}
		}
		// A story whose first report went elsewhere is that delivery's.
		if len(ids) > 0 && mine[s.item.ID] {
			s.ids = ids
			out.stories = append(out.stories, s)
		} else {
			out.silent = append(out.silent, ids...)
		}
	}
	for _, id := range b.silent {
		if mine[id] {
			out.silent = append(out.silent, id)
		}
	}
	return out
}

// reply renders the batch: sections by topic in order of appearance.
func (b liveBatch) reply() bot.Reply {
	r := bot.Reply{ThreadOf: b.threadOf}
	var topics []string
	for _, s := range b.stories {
		i := slices.Index(topics, s.topic)
		if i < 0 {
			topics = append(topics, s.topic)
			r.Sections = append(r.Sections, bot.Section{Heading: s.topic, Topic: s.topic})
			i = len(topics) - 1
		}
		r.Sections[i].Items = append(r.Sections[i].Items, s.item)
	}
	if b.threadOf != "" {
		r.Title = "Also reported: " + strings.Join(topics, ", ")
		r.Text = fmt.Sprintf("%s of this story.", bot.Plural(len(b.stories), "Another outlet's report", "Other outlets' reports"))
		return r
	}
	r.Title = "Live: " + strings.Join(topics, ", ")
	r.Text = bot.Plural(len(b.stories), "new story", "new stories") + "."
	return r
}

// Live posts the live alerts due now to the channels with /digest live
// on platforms (this process's adapters) that keep passes. It is what
// the scheduler runs every LiveTick on every replica; the engine's sync
// brings in articles other replicas stored. A channel in its quiet hours
// gets nothing until they end; then what waited goes out.
func (d *Digester) Live(ctx context.Context, platforms []string, keep func(briefing.Channel) bool) error {
	if len(platforms) == 0 {
		return nil
	}
	scheds, err := d.store.Schedules(ctx, platforms...)
	if err != nil {
		return err
	}
	var errs []error
	for _, s := range scheds {
		if s.Live() && (keep == nil || keep(s.Channel)) {
			errs = append(errs, d.liveChannel(ctx, s))
		}
	}
	return errors.Join(errs...)
}

// liveChannel posts one channel's due alerts: thread replies, then new
// stories once the oldest of them has waited the window out.
func (d *Digester) liveChannel(ctx context.Context, s Schedule) error {
	now := d.cfg.Now()
	if s.QuietAt(now) {
		return nil
	}
	dg, _, err := d.build(ctx, s.Channel, s.Zone, s.MaxItems, true)
	if err != nil {
		return err
	}
	replies, err := d.liveReplies(ctx, s.Channel, dg.FollowUps, now, false)
	if err != nil {
		return err
	}
	var errs []error
	for _, b := range replies {
		errs = append(errs, d.postLive(ctx, s.Channel, b))
	}
	stories, silent := liveStories(dg)
	if len(stories) == 0 || !d.due(oldest(stories), now) {
		return errors.Join(errs...)
	}
	for _, b := range d.split(stories, "") {
		b.silent, silent = silent, nil
		errs = append(errs, d.postLive(ctx, s.Channel, b))
	}
	return errors.Join(errs...)
}

// due reports whether something stored at stored must go out at this
// look: the next look, a LiveTick later, would be past the window.
func (d *Digester) due(stored, now time.Time) bool {
	return stored.IsZero() || !now.Before(stored.Add(d.cfg.LiveWindow-d.cfg.LiveTick))
}

// split makes the posts of stories: one, or one each with no window.
func (d *Digester) split(stories []liveStory, threadOf string) []liveBatch {
	if d.cfg.LiveWindow > 0 {
		return []liveBatch{{stories: stories, threadOf: threadOf}}
	}
	out := make([]liveBatch, len(stories))
	for i, s := range stories {
		out[i] = liveBatch{stories: []liveStory{s}, threadOf: threadOf}
	}
	return out
}

// liveStories are the digest's new stories, and the articles it covers
// without showing them (new copies of stories the channel had).
func liveStories(dg briefing.Digest) (stories []liveStory, silent []int64) {
	shown := map[int64]bool{}
	for _, sec := range dg.Sections {
		for _, it := range sec.Items {
			var ids []int64
			for _, src := range it.Sources {
				ids = append(ids, src.ID)
				shown[src.ID] = true
			}
			stories = append(stories, liveStory{topic: sec.Topic, item: it, ids: ids})
		}
	}
	for _, id := range dg.Covered {
		if !shown[id] {
			silent = append(silent, id)
		}
	}
	return stories, silent
}

func oldest(stories []liveStory) time.Time {
	var t time.Time
	for _, s := range stories {
		if t.IsZero() || s.item.Stored.Before(t) {
			t = s.item.Stored
		}
	}
	return t
}

// liveReplies groups the follow-ups that are due (all, with force) by the
// post their story went out in. A follow-up of a story the channel got in
// a digest, not a live post, has no thread: it is left alone.
func (d *Digester) liveReplies(ctx context.Context, ch briefing.Channel, fus []briefing.FollowUp, now time.Time, force bool) ([]liveBatch, error) {
	if len(fus) == 0 {
		return nil, nil
	}
	var of []int64
	for _, fu := range fus {
		of = append(of, fu.Of...)
	}
	posts, err := d.store.LivePosts(ctx, ch, of)
	if err != nil {
		return nil, err
	}
	var roots []string
	byRoot := map[string][]liveStory{}
	for _, fu := range fus {
		root := rootOf(fu.Of, posts)
		if root == "" || !(force || d.due(fu.Item.Stored, now)) {
			continue
		}
		if _, ok := byRoot[root]; !ok {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], liveStory{topic: fu.Topic, item: fu.Item, ids: fu.IDs})
	}
	var out []liveBatch
	for _, r := range roots {
		out = append(out, d.split(byRoot[r], r)...)
	}
	return out, nil
}

// rootOf is the post of the story's first announced article.
func rootOf(of []int64, posts map[int64]string) string {
	of = slices.Sorted(slices.Values(of))
	for _, id := range of {
		if m := posts[id]; m != "" {
			return m
		}
	}
	return ""
}

// postLive claims the batch's period and sends it. A period someone else
// holds (being sent, or failed and awaiting its retry) is left to them.
func (d *Digester) postLive(ctx context.Context, ch briefing.Channel, b liveBatch) error {
	key := b.key()
	for n := 1; n <= liveClaimTries; n++ {
		period := key
		if n > 1 {
			period = fmt.Sprintf("%s#%d", key, n)
		}
		del, claimed, err := d.store.ClaimDelivery(ctx, Delivery{Channel: ch, Period: period,
			Owner: d.cfg.Owner, LeaseUntil: d.cfg.Now().Add(d.cfg.Lease)})
		if err != nil {
			return err
		}
		if claimed {
			_, err = d.sendLive(ctx, del, b)
			return err
		}
		if !del.Status.Final() {
			return nil
		}
	}
	d.log.Warn("live alert not claimed: its periods are used up", "channel", ch.String(), "period", key)
	return nil
}

// sendLive reserves the batch's articles, posts it and records the post,
// as send does for a digest.
func (d *Digester) sendLive(ctx context.Context, del Delivery, b liveBatch) (DeliveryStatus, error) {
	reserved, err := d.store.BeginSend(ctx, del.ID, d.cfg.Owner, b.ids(), d.cfg.Now().Add(d.cfg.Lease))
	if err != nil {
		return d.fail(ctx, del, err)
	}
	if b = b.keep(reserved); len(b.stories) == 0 {
		return d.finish(ctx, del, Outcome{Status: DeliveryEmpty})
	}
	ad, ok := d.adapters[del.Channel.Platform]
	if !ok {
		return d.fail(ctx, del, fmt.Errorf("no %q adapter in this process", del.Channel.Platform))
	}
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.cfg.Lease/2)
	defer cancel()
	ids, err := ad.Send(sendCtx, del.Channel, b.reply())
	if len(ids) > 0 {
		d.recordPosts(ctx, del, b, ids[0])
	}
	return d.settleSend(ctx, del, ids, err, len(b.stories))
}

// recordPosts remembers the message each story went out in, for thread
// replies: a new story's is the post's first message, a reply's the
// thread it went to (so a third outlet's report joins the same thread).
// A failure costs only the threading: a later report then stays silent.
func (d *Digester) recordPosts(ctx context.Context, del Delivery, b liveBatch, first string) {
	root := first
	if b.threadOf != "" {
		root = b.threadOf
	}
	var ids []int64
	for _, s := range b.stories {
		ids = append(ids, s.ids...)
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := d.store.RecordLivePosts(wctx, del.ID, del.Channel, root, ids); err != nil {
		d.log.Warn("recording live posts failed; later reports of these stories will not be threaded",
			"channel", del.Channel.String(), "period", del.Period, "err", err)
	}
}

// liveWork sends a live delivery this process took over (its owner died
// before sending) or retries (its send failed): what its period stands
// for as of now, without waiting for the window.
func (d *Digester) liveWork(ctx context.Context, del Delivery, s Schedule) (DeliveryStatus, error) {
	dg, _, err := d.build(ctx, del.Channel, s.Zone, s.MaxItems, true)
	if err != nil {
		return d.fail(ctx, del, err)
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(del.Period, liveReplyPrefix), livePrefix), "#")
	var b liveBatch
	if strings.HasPrefix(del.Period, liveReplyPrefix) {
		replies, err := d.liveReplies(ctx, del.Channel, dg.FollowUps, d.cfg.Now(), true)
		if err != nil {
			return d.fail(ctx, del, err)
		}
		for _, r := range replies {
			if slices.Contains(r.ids(), parseID(first)) {
				b = r
			}
		}
	} else {
		b.stories, b.silent = liveStories(dg)
	}
	if len(b.stories) == 0 {
		return d.finish(ctx, del, Outcome{Status: DeliveryEmpty})
	}
	return d.sendLive(ctx, del, b)
}

func parseID(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
