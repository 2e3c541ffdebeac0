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
//   - It imports briefing, briefing/ingest and bot, never storage or an
//     adapter.
package sources
