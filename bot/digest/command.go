package digest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

const digestUsage = "/digest [daily HH:MM [ZONE] | weekdays HH:MM [ZONE] | weekly DAY HH:MM [ZONE] | " +
	"hourly [quiet HH:MM-HH:MM] [ZONE] | every 2h|3h|4h|6h|12h [quiet HH:MM-HH:MM] [ZONE] | live [quiet HH:MM-HH:MM] [ZONE] | " +
	"off | now | limit N | retry]"

// Register registers /digest. Anyone may see the schedule and ask
// for a digest now; changing the schedule, its size, turning it off and
// requeueing unknown deliveries are for admins (checked per subcommand,
// since one command mixes both).
func Register(r *bot.Router, d *Digester) {
	r.Register(&bot.Command{CommandSpec: bot.CommandSpec{Name: "digest",
		Description: "This channel's digest (scheduled, or live as stories arrive) of new stories on its watched topics",
		Usage:       digestUsage, Example: "/digest daily 09:00 Asia/Seoul",
		Args: []bot.Arg{{Name: "schedule", Description: "daily|weekdays HH:MM [ZONE], weekly DAY HH:MM, hourly, every 2h, live, off, now, limit N, retry"}}},
		Run: d.command})
}

func (d *Digester) command(ctx context.Context, req bot.Request) (bot.Reply, error) {
	fields := strings.Fields(req.Text)
	if len(fields) == 0 {
		return d.show(ctx, req.Channel)
	}
	sub := strings.ToLower(fields[0])
	if sub == "now" && len(fields) == 1 {
		return d.Now(ctx, req)
	}
	if sub != "off" && sub != "limit" && sub != "retry" && sub != EveryDay && sub != EveryWeekday && sub != EveryWeek &&
		sub != EveryHour && sub != EveryHours && sub != EveryLive {
		if _, _, err := parseClock(fields[0]); err == nil {
			when := strings.Join(fields, " ")
			return bot.Reply{}, briefing.Errorf(briefing.EInvalid, "say how often before the time: /digest daily %s "+
				"(or weekdays %s, or weekly mon %s)", when, when, when)
		}
		return bot.Reply{}, briefing.Errorf(briefing.EInvalid, "unknown /digest option “%s”. Usage: %s", fields[0], digestUsage)
	}
	if !req.User.Admin {
		return bot.Reply{}, briefing.Errorf(briefing.EForbidden, "only briefbot admins can change this channel's digest; "+
			"anyone can see it with /digest or get one now with /digest now")
	}
	switch sub {
	case "off":
		return d.off(ctx, req)
	case "limit":
		return d.limit(ctx, req, fields[1:])
	case "retry":
		return d.retry(ctx, req.Channel)
	}
	return d.set(ctx, req, fields)
}

func (d *Digester) set(ctx context.Context, req bot.Request, fields []string) (bot.Reply, error) {
	prev, err := d.store.Schedule(ctx, req.Channel)
	if err != nil && briefing.ErrorCode(err) != briefing.ENotFound {
		return bot.Reply{}, err
	}
	hadOne := err == nil
	zone := d.cfg.DefaultZone
	if prev.Zone != "" {
		zone = prev.Zone
	}
	s, err := ParseSchedule(fields, zone)
	if err != nil {
		return bot.Reply{}, err
	}
	s.Channel, s.MaxItems, s.UpdatedBy, s.UpdatedAt = req.Channel, prev.MaxItems, req.User.ID, d.cfg.Now()
	s.TimingChangedAt = s.UpdatedAt
	if hadOne && s.SameTiming(prev) {
		// The schedule typed again: an occurrence missed before it is
		// still missed, and the sweep sends it.
		s.TimingChangedAt = prev.TimingChangedAt
	}
	if err := d.store.SetSchedule(ctx, s); err != nil {
		return bot.Reply{}, err
	}
	d.changed(ctx)
	text := fmt.Sprintf("Digest scheduled %s. Next: %s.", s, nextRun(s, d.cfg.Now()))
	if s.Live() {
		text = "Live alerts on: " + d.liveNote(s) + " Back to a digest: /digest daily 09:00 (or hourly, every 2h…); stop: /digest off."
	}
	return bot.Reply{Text: text + d.watchNote(ctx, req.Channel)}, nil
}

// windowWords writes a live window as people say it ("2 min", "90 s",
// "1 h 30 min"), not Go's "2m0s".
func windowWords(d time.Duration) string {
	switch {
	case d < time.Minute || d%time.Minute != 0:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d%time.Hour == 0:
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
}

// liveNote says what /digest live does in this process's setting.
func (d *Digester) liveNote(s Schedule) string {
	text := "each new story on this channel's watches is posted once, as soon as it is stored"
	if d.cfg.LiveWindow > 0 {
		text = fmt.Sprintf("new stories on this channel's watches are posted once, at most %s after they are stored, "+
			"those of the same %s in one message", windowWords(d.cfg.LiveWindow), windowWords(d.cfg.LiveWindow))
	}
	text += "; another outlet's later report of a posted story goes in its thread."
	if s.hasQuiet() {
		text += fmt.Sprintf(" Quiet %02d:%02d-%02d:%02d (%s): what arrives then is posted when they end.",
			s.QuietFrom/60, s.QuietFrom%60, s.QuietTo/60, s.QuietTo%60, s.Zone)
	}
	return strings.ToUpper(text[:1]) + text[1:]
}

func (d *Digester) watchNote(ctx context.Context, ch briefing.Channel) string {
	ws, err := d.store.Watches(ctx, ch)
	if err != nil || len(ws) > 0 {
		return ""
	}
	return " This channel watches no topics yet, so digests will be empty: add one with /watch <topic>."
}

// nextRun formats the next occurrence in the channel's zone:
// "Tue 1 Dec 2026, 09:00 KST".
func nextRun(s Schedule, now time.Time) string {
	if s.Live() {
		return "as stories arrive (live)"
	}
	loc, err := LoadZone(s.Zone)
	if err != nil {
		return "unknown"
	}
	return s.Next(now).In(loc).Format("Mon 2 Jan 2006, 15:04 MST")
}

// off turns the schedule off but keeps its row, so that the channel's
// limit (and zone) survive until a schedule is set again.
func (d *Digester) off(ctx context.Context, req bot.Request) (bot.Reply, error) {
	s, err := d.store.Schedule(ctx, req.Channel)
	if briefing.ErrorCode(err) == briefing.ENotFound || (err == nil && s.Off()) {
		return bot.Reply{Text: "This channel has no scheduled digest."}, nil
	} else if err != nil {
		return bot.Reply{}, err
	}
	s.Every, s.UpdatedBy, s.UpdatedAt = EveryOff, req.User.ID, d.cfg.Now()
	s.TimingChangedAt = s.UpdatedAt
	if err := d.store.SetSchedule(ctx, s); err != nil {
		return bot.Reply{}, err
	}
	d.changed(ctx)
	return bot.Reply{Text: "Scheduled digest turned off (its limit is kept for when you set one again). /digest now still works."}, nil
}

func (d *Digester) limit(ctx context.Context, req bot.Request, args []string) (bot.Reply, error) {
	n, err := strconv.Atoi(strings.Join(args, ""))
	if len(args) != 1 || err != nil || n < 1 || n > MaxSize {
		return bot.Reply{}, briefing.Errorf(briefing.EInvalid, "give the most stories per digest, 1 to %d: /digest limit 10", MaxSize)
	}
	s, err := d.store.Schedule(ctx, req.Channel)
	if briefing.ErrorCode(err) == briefing.ENotFound {
		return bot.Reply{}, briefing.Errorf(briefing.EInvalid, "schedule a digest first, for example /digest daily 09:00 %s", d.cfg.DefaultZone)
	} else if err != nil {
		return bot.Reply{}, err
	}
	// TimingChangedAt stays: a new limit moves no digest, so one missed
	// before it is still sent by the catch-up sweep.
	s.MaxItems, s.UpdatedBy, s.UpdatedAt = n, req.User.ID, d.cfg.Now()
	if err := d.store.SetSchedule(ctx, s); err != nil {
		return bot.Reply{}, err
	}
	d.changed(ctx)
	if s.Off() {
		return bot.Reply{Text: fmt.Sprintf("Digests in this channel will hold at most %s once one is scheduled again "+
			"(the schedule is off).", bot.Plural(n, "story", "stories"))}, nil
	}
	return bot.Reply{Text: fmt.Sprintf("Digests in this channel now hold at most %s. Next: %s.",
		bot.Plural(n, "story", "stories"), nextRun(s, d.cfg.Now()))}, nil
}

func (d *Digester) retry(ctx context.Context, ch briefing.Channel) (bot.Reply, error) {
	n, err := d.store.RequeueUnknown(ctx, ch, d.cfg.Now())
	if err != nil {
		return bot.Reply{}, err
	}
	if n == 0 {
		return bot.Reply{Text: "No digest of this channel has an unknown outcome; nothing to retry."}, nil
	}
	return bot.Reply{Text: fmt.Sprintf("Requeued %s whose outcome was unknown; the running bot sends %s again shortly "+
		"(if %s reached the channel after all, it appears twice).", bot.Plural(n, "digest", "digests"),
		pick(n, "it", "them"), pick(n, "it", "they"))}, nil
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (d *Digester) show(ctx context.Context, ch briefing.Channel) (bot.Reply, error) {
	s, err := d.store.Schedule(ctx, ch)
	if briefing.ErrorCode(err) == briefing.ENotFound {
		return bot.Reply{Text: fmt.Sprintf("This channel has no scheduled digest. An admin can set one, for example "+
			"/digest daily 09:00 %s; anyone can get one now with /digest now.", d.cfg.DefaultZone)}, nil
	} else if err != nil {
		return bot.Reply{}, err
	}
	size := s.MaxItems
	if size == 0 {
		size = d.cfg.MaxItems
	}
	var b strings.Builder
	if s.Off() {
		fmt.Fprintf(&b, "This channel has no scheduled digest: it was turned off. An admin can set one again, for example "+
			"/digest daily 09:00 %s; it will hold at most %s. Anyone can get one now with /digest now.",
			s.Zone, bot.Plural(size, "story", "stories"))
	} else if s.Live() {
		fmt.Fprintf(&b, "Digest: live, at most %s a message. %s", bot.Plural(size, "story", "stories"), d.liveNote(s))
	} else {
		fmt.Fprintf(&b, "Digest: %s, at most %s. Next: %s.", s, bot.Plural(size, "story", "stories"), nextRun(s, d.cfg.Now()))
	}
	b.WriteString(d.watchNote(ctx, ch))
	recent, err := d.store.RecentDeliveries(ctx, ch, 20)
	if err != nil {
		return bot.Reply{}, err
	}
	b.WriteString(ledgerNote(recent, s.Zone))
	return bot.Reply{Title: "Scheduled digest", Text: b.String()}, nil
}

// ledgerNote sums up recent deliveries: the last one, and any whose
// outcome is unknown.
func ledgerNote(recent []Delivery, zone string) string {
	var b strings.Builder
	unknown := 0
	for _, d := range recent {
		if d.Status == DeliveryUnknown {
			unknown++
		}
	}
	if len(recent) > 0 {
		last := recent[0]
		fmt.Fprintf(&b, "\nLast digest: %s, %s", periodName(last.Period, zone), last.Status)
		if last.Status == DeliverySent || last.Status == DeliveryPartial {
			fmt.Fprintf(&b, " (%s)", bot.Plural(last.Stories, "story", "stories"))
		}
		if (last.Status == DeliveryFailed || last.Status == DeliveryAbandoned || last.Status == DeliveryPartial) && last.Error != "" {
			fmt.Fprintf(&b, ": %s", strings.TrimSuffix(last.Error, "."))
		}
		if last.Status == DeliveryFailed && !last.NextAttempt.IsZero() {
			b.WriteString("; it is retried automatically")
		}
		b.WriteString(".")
	}
	if unknown > 0 {
		fmt.Fprintf(&b, "\n%s stopped while sending, so briefbot does not know whether %s arrived; %s not resent. "+
			"An admin can send %s again with /digest retry.", bot.Plural(unknown, "digest's delivery", "digests' deliveries"),
			pick(unknown, "it", "they"), pick(unknown, "it is", "they are"), pick(unknown, "it", "them"))
	}
	return b.String()
}

// periodName shows a ledger period: "2026-12-01 09:00" for a scheduled digest,
// "/digest now at 2026-12-01 09:30 KST" for one asked for.
func periodName(period, zone string) string {
	if strings.HasPrefix(period, liveReplyPrefix) {
		return "live thread reply"
	}
	if isLive(period) {
		return "live alert"
	}
	at, ok := strings.CutPrefix(period, "now:")
	if !ok {
		return period
	}
	at, _, _ = strings.Cut(at, "|")
	t, err := time.Parse(time.RFC3339Nano, at)
	loc, lerr := LoadZone(zone)
	if err != nil || lerr != nil {
		return "/digest now"
	}
	return "/digest now at " + t.In(loc).Format("2006-01-02 15:04 MST")
}

// Now builds the channel's digest at once and answers with it; the
// reply is the delivery (the adapter posts it where the command was
// typed), so its stories are recorded as sent to the channel.
func (d *Digester) Now(ctx context.Context, req bot.Request) (bot.Reply, error) {
	s, err := d.store.Schedule(ctx, req.Channel)
	if err != nil && briefing.ErrorCode(err) != briefing.ENotFound {
		return bot.Reply{}, err
	}
	dg, topics, err := d.build(ctx, req.Channel, s.Zone, s.MaxItems, false)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(topics) == 0 {
		return bot.Reply{}, briefing.Errorf(briefing.EInvalid, "this channel watches no topics yet; add one with /watch <topic>")
	}
	// Asked before this delivery is recorded, which would count.
	posted, err := d.store.HasPosted(ctx, req.Channel, 0)
	if err != nil {
		return bot.Reply{}, err
	}
	if dg.Shown() > 0 {
		if dg, err = d.recordNow(ctx, req, dg); err != nil {
			return bot.Reply{}, err
		}
	}
	if dg.Shown() == 0 && !posted {
		return bot.Reply{Text: fmt.Sprintf("Nothing on %s yet.", strings.Join(topics, ", "))}, nil
	}
	if dg.Shown() == 0 {
		return bot.Reply{Text: fmt.Sprintf("Nothing new on %s since the last digest.", strings.Join(topics, ", "))}, nil
	}
	return bot.WithOverview(ctx, d.cfg.Overview, datedReply(dg, d.today(s.Zone), !posted)), nil
}

// today is the date in zone (else DefaultZone): "Tue 1 Dec 2026".
func (d *Digester) today(zone string) string {
	if zone == "" {
		zone = d.cfg.DefaultZone
	}
	loc, err := LoadZone(zone)
	if err != nil {
		return ""
	}
	return d.cfg.Now().In(loc).Format("Mon 2 Jan 2006")
}

func (d *Digester) recordNow(ctx context.Context, req bot.Request, dg briefing.Digest) (briefing.Digest, error) {
	now := d.cfg.Now()
	del, _, err := d.store.ClaimDelivery(ctx, Delivery{Channel: req.Channel, Owner: d.cfg.Owner,
		Period: "now:" + now.UTC().Format(time.RFC3339Nano) + "|" + req.ID, LeaseUntil: now.Add(d.cfg.Lease)})
	if err != nil {
		return dg, err
	}
	reserved, err := d.store.BeginSend(ctx, del.ID, d.cfg.Owner, dg.Covered, now.Add(d.cfg.Lease))
	if err != nil {
		return dg, err
	}
	dg = keepReserved(dg, reserved)
	o := Outcome{Status: DeliverySent, MessageIDs: []string{"reply:" + req.ID}, Stories: dg.Shown()}
	if dg.Shown() == 0 {
		o = Outcome{Status: DeliveryEmpty}
	}
	if _, err = d.finish(ctx, del, o); err != nil {
		return dg, err
	}
	if dg.Shown() > 0 {
		d.carry(ctx, del, dg)
	}
	return dg, nil
}

// ReplyFor renders a digest: one section per topic (its stories carried
// over from the last digest in a section of their own), and a closing
// line saying what became of the stories past the cap. Every section
// names its topic, so its stories carry 👍/👎 controls (bot.Section).
// first is true for the channel's first digest, which has no last one
// to count from.
func ReplyFor(dg briefing.Digest, first bool) bot.Reply {
	r := bot.Reply{Title: "Digest"}
	var topics []string
	carried := 0
	for _, s := range dg.Sections {
		old, fresh := splitCarried(s)
		if len(fresh) > 0 {
			r.Sections = append(r.Sections, bot.Section{Heading: s.Topic, Items: fresh, Topic: s.Topic})
		}
		if len(old) > 0 {
			r.Sections = append(r.Sections, bot.Section{Heading: s.Topic + " (carried over)", Items: old, Topic: s.Topic})
			carried += len(old)
		}
		topics = append(topics, s.Topic)
	}
	r.Title += ": " + strings.Join(topics, ", ")
	r.Text = fmt.Sprintf("%s since the last digest, most relevant kept, oldest first.", bot.Plural(dg.Shown(), "new story", "new stories"))
	if first {
		r.Text = fmt.Sprintf("First digest in this channel: %s, most relevant kept, oldest first.", bot.Plural(dg.Shown(), "story", "stories"))
	}
	if carried > 0 {
		r.Text = fmt.Sprintf("%s since the last digest and %s carried over from it, most relevant kept, oldest first.",
			bot.Plural(dg.Shown()-carried, "new story", "new stories"), bot.Plural(carried, "story", "stories"))
	}
	var notes []string
	if dg.Carrying > 0 {
		notes = append(notes, fmt.Sprintf("%s past this digest's limit carried over to the next one.",
			bot.Plural(dg.Carrying, "more story", "more stories")))
	}
	if dg.Dropped > 0 {
		notes = append(notes, fmt.Sprintf("%s carried over before did not fit again and will not be sent.",
			bot.Plural(dg.Dropped, "story", "stories")))
	}
	if more := dg.Total - dg.Shown() - dg.Carrying - dg.Dropped; more > 0 {
		notes = append(notes, fmt.Sprintf("%s not shown.", bot.Plural(more, "more story", "more stories")))
	}
	if len(notes) > 0 {
		briefs := make([]string, len(dg.MoreTopics))
		for i, t := range dg.MoreTopics {
			briefs[i] = "/brief " + t
		}
		r.Footer = strings.Join(notes, " ") + " See them now: " + strings.Join(briefs, ", ") + "."
	}
	return r
}

// splitCarried separates a section's stories carried over from an
// earlier digest from its new ones.
func splitCarried(s briefing.DigestSection) (carried, fresh []briefing.Item) {
	was := make(map[int64]bool, len(s.Carried))
	for _, id := range s.Carried {
		was[id] = true
	}
	for _, it := range s.Items {
		if was[it.ID] {
			carried = append(carried, it)
		} else {
			fresh = append(fresh, it)
		}
	}
	return carried, fresh
}
