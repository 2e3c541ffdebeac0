// Package ingest turns bytes into briefing.Articles: RSS 2.0, Atom and JSON
// Feed documents (gofeed), HTML pages (go-readability), and plain-text
// saved pages, which may hold several articles with page furniture and
// teaser paragraphs between them. It also fetches URLs within limits.
//
// Invariants:
//   - Parse never panics and never returns partial garbage: input that is
//     empty, binary, too large or malformed gives an error naming the
//     input, and no articles.
//   - Text handed to the core is valid UTF-8 (decoded by its declared
//     charset, else repaired) with no markup, script or style in it.
package ingest
