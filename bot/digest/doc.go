// Package digest is briefbot's scheduled digests and live alerts: each
// channel's schedule (Schedule, in the channel's own time zone: daily,
// weekdays, weekly, hourly or every N hours with quiet hours, or live),
// the exactly-once
// delivery ledger (Delivery, DeliveryStore), the Digester that builds a
// digest with the engine and posts it through an adapter, the gocron
// Scheduler with its distributed locker, and the /digest command, which
// Register adds to a bot.Router.
//
// Invariants:
//   - A channel gets at most one digest per period (one occurrence:
//     local date, scheduled time and zone): every delivery
//     starts with ClaimDelivery, and every ledger transition is a
//     compare-and-set in the store. A send whose outcome nobody knows
//     (the process died mid-send) is marked unknown and never resent
//     automatically; only an admin's /digest retry requeues it.
//   - A story is announced to a channel once: the articles a digest
//     covers are reserved in the same transaction that marks it sending,
//     and released only when nothing was posted.
//   - A correction is not a new story: a source re-sending an item with
//     another title or text updates the stored article under the same ID
//     and keeps its stored time (briefing/revise.go), so an article a
//     digest or live alert delivered is not delivered again; what the
//     channel reads next (/brief, a later digest that carries it, the
//     web page) shows the corrected text marked "updated 15:20" in the
//     channel's zone. Messages already posted are not edited.
//   - A digest uses only what its channel may read: never another
//     channel's private sources, and for a watch that names sources only
//     theirs (briefing.DigestOptions.Watches and Hidden, applied by
//     briefing.Watch.Admits).
//   - A story cut by a digest's cap is not lost: the posted digest
//     records it as carried (CarryStore), and the next digest offers it
//     again, once, under "(carried over)"; cut a second time it is
//     covered and counted in the footer. The cap keeps each topic's best
//     stories in the engine's rank order, not the newest stored.
//   - A schedule change is synced to the in-process scheduler at once,
//     so the "Next:" its reply states is when the digest goes out; a run
//     that found nothing uses only its own occurrence. /digest off keeps
//     the schedule row (Every "off") and with it the channel's limit.
//   - A scheduled digest no process ran is sent by the sweep while it is
//     less than CatchUp late, unless the schedule's times changed after
//     it (Schedule.TimingChangedAt): a new limit, or the same schedule
//     set again, never cancels a missed digest.
//   - Live alerts (/digest live) are deliveries of the same ledger, one per
//     message, claimed before they are sent ("live:<first article id>",
//     a thread reply "live:re:<id>"), their articles reserved when they are
//     marked sending, the platform message recorded after (LivePostStore).
//     A story is posted live at most LiveWindow after it was stored
//     (the last look before the window closes posts it), batched
//     with the others waiting; never in the channel's quiet hours. The
//     window is measured from storage times, never kept in memory, so a
//     restart neither loses nor repeats a batch.
//   - Another outlet's later report of a story posted live is a reply in
//     the first post's thread (bot.Reply.ThreadOf), never a new post; a
//     third outlet's joins the same thread. Live alerts select stories
//     with the same build as digests, so whatever limits a channel's
//     watches limits both.
//   - Schedules are wall-clock times in IANA zones; "Local" is refused,
//     so no result depends on the host's zone. A digest shows the
//     channel's zone too: its title's date and its stories' times.
//   - The engine builds the content (briefing.Engine.Digest); this
//     package decides when, to whom, and records what was sent. It
//     imports briefing and bot, never storage or an adapter.
package digest
