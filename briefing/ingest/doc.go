// Package ingest turns bytes into briefing.Articles: RSS 2.0, Atom and JSON
// Feed documents (gofeed), HTML pages (go-readability), and plain-text
// saved pages, which may hold several articles with page furniture and
// teaser paragraphs between them. It also fetches URLs within limits
// (Fetcher: size and time bounds, conditional GET with cache validators,
// and the Guard that keeps untrusted URLs off private addresses), and
// reads a feed's own metadata (FeedMeta) and a page's feed link.
//
// Everything here is stateless: bytes in, articles out. What remembers
// something between two fetches (the source list, validators, health,
// the poller) is in bot/sources.
//
// Invariants:
//   - Parse never panics and never returns partial garbage: input that is
//     empty, binary, too large or malformed gives an error naming the
//     input, and no articles.
//   - Text handed to the core is valid UTF-8 (decoded by its declared
//     charset, else repaired) with no markup, script or style in it.
//   - Every read is bounded: MaxBytes per input, a timeout per fetch,
//     and a feed's newest MaxItems items kept (ParseInput counts those
//     left out); a feed offering more than MaxFeedFactor times as many is
//     refused while counting, before it is parsed.
package ingest
