// Package sources is briefbot's feed sources: the Source model and its
// polling state, the Store contract (package storage implements it), the
// OPML codec for importing and exporting them, the Poller that checks
// them, and the /source command, which Register adds to a bot.Router.
//
// Bytes become articles in briefing/ingest (parsers, the fetcher with its
// conditional GET and SSRF guard); this package owns everything that
// remembers something between two checks.
//
// Invariants (the poller's own are on Poller):
//   - Sources are unique by URL, normalised by NormalizeURL.
//   - Every article the poller stores has Article.Source equal to the
//     source's URL, is stored once per source, and is marked Backfill
//     when it must never be announced as new (see Source).
//   - Sources added from chat are untrusted: fetched only from public
//     addresses unless the operator allows otherwise.
//   - A source is shared by every channel unless Private (added with
//     "for this channel"): then only its Channel reads its articles.
//     Operator sources (BRIEFBOT_FEEDS, OPML, the CLI) are never private,
//     so WriteOPML leaves private sources out (a comment counts them): a
//     re-import would make them shared.
//     Directory resolves source names for "/watch … from" among the
//     sources a channel may read.
//   - A source is checked every Interval (MinInterval to MaxInterval
//     when set from chat) unless paused: by an admin (Held, lifted only by
//     a resume; a check in flight cannot undo it) or by the poller after
//     failures (State.Paused: tried daily, resumed by a check that works).
//   - It imports briefing, briefing/ingest and bot, never storage or an
//     adapter.
package sources
