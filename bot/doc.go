// Package bot is briefbot's platform-neutral chat layer: the command
// router every adapter feeds, the replies it returns, and the Adapter
// contract chat platforms implement, and the core commands /brief,
// /watch, /unwatch, /watching, /rate and /help. Features with state of their own
// live in subpackages that register their commands on the Router:
// bot/digest (/digest) and bot/sources (/source).
//
// Invariants:
//   - Adapters convert platform payloads to a Request and render a Reply;
//     all command logic is here, so every platform behaves the same.
//   - Nothing in this package compares platform names: a Channel's
//     Platform is an opaque key.
//   - A channel's /brief never shows another channel's private sources
//     (CoreConfig.Sources), nor do its pages, /watch's count and "did you
//     mean", or /rate, which answers another channel's private story id
//     as an unknown one; a watch's "from" names are resolved to
//     sources when it is added and stored with it, so a renamed feed
//     does not change what the watch reads.
//   - Handle never panics outward and never returns internal error
//     details: errors become a short user-facing Reply (details are
//     logged), marked Private so only the caller sees them.
//   - Reply text is plain text; adapters escape it for their markup.
//   - A 👍/👎 control's value (VoteValue) names a topic, a story and a
//     verdict, never a channel: a click runs /rate (VoteRequest) in the
//     channel the platform's signed payload names, like a typed /rate.
package bot
