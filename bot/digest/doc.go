// Package digest is briefbot's scheduled digests: each channel's
// schedule (Schedule, in the channel's own time zone: daily, weekdays,
// weekly, hourly or every N hours with quiet hours), the exactly-once
// delivery ledger (Delivery, DeliveryStore), the Digester that builds a
// digest with the engine and posts it through an adapter, the gocron
// Scheduler with its distributed locker, and the /digest command, which
// Register adds to a bot.Router.
//
// Invariants:
//   - A channel gets at most one digest per period (one occurrence:
//     local date and scheduled time): every delivery
//     starts with ClaimDelivery, and every ledger transition is a
//     compare-and-set in the store. A send whose outcome nobody knows
//     (the process died mid-send) is marked unknown and never resent
//     automatically; only an admin's /digest retry requeues it.
//   - A story is announced to a channel once: the articles a digest
//     covers are reserved in the same transaction that marks it sending,
//     and released only when nothing was posted.
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
//   - Schedules are wall-clock times in IANA zones; "Local" is refused,
//     so no result depends on the host's zone.
//   - The engine builds the content (briefing.Engine.Digest); this
//     package decides when, to whom, and records what was sent. It
//     imports briefing and bot, never storage or an adapter.
package digest
