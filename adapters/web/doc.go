// Package web is briefbot's face in a browser: permalink pages of
// briefings and digests (/b/<id>), per-watch Atom feeds
// (/feeds/<token>.atom) and the operator page (/admin). It also hooks the
// chat side: replies with stories get a "Full briefing" link, and /watch
// and /watching show each watch's feed URL.
//
// Invariants:
//   - Every page is rendered server-side by html/template (auto-escaping);
//     reading needs no JavaScript, and the Content-Security-Policy allows
//     none. Every response carries that policy, X-Content-Type-Options,
//     Referrer-Policy and X-Frame-Options.
//   - A link becomes an href only when it is an absolute http(s) URL:
//     article text decides nothing else (javascript:, data: and relative
//     links are shown, at most, as text).
//   - Page ids and feed tokens come from crypto/rand and are the only keys
//     by which a page or feed can be found: nothing is listed, and no
//     page shows another channel's data without its id. The operator page
//     sees everything, behind BRIEFBOT_API_TOKEN. A channel's pages and
//     watch feeds read only what the channel may (no other channel's
//     private sources; a watch's own sources when it names some).
//   - The operator page changes state only on POST with a valid session
//     cookie (401 otherwise) and the session's CSRF token (403 otherwise).
//     Sessions are HMAC-signed with a key derived from the token, so they
//     survive restarts, work across replicas and die when the token
//     changes; being stateless, signing out clears the browser's cookie
//     but a copied cookie stays valid until it expires (12 hours).
//   - A page is a snapshot: it shows the reply as posted, not a new
//     search, and is gone (404) after its TTL.
package web
