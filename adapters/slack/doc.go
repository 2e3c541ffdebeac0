// Package slack connects briefbot to Slack: slash commands arrive over
// Socket Mode or signed HTTP requests, replies and digests leave as Block
// Kit messages.
//
// Pipeline: payload (slash command, event, interaction) → bot.Request →
// bot.Handler → bot.Reply → render (Block Kit, split into messages) →
// validate → ack, response_url or chat.postMessage.
//
// Invariants:
//   - Slack types never leave this package; callers see bot and briefing
//     types only. All command logic is in the handler: this package only
//     converts payloads and lays out replies.
//   - An HTTP request whose signature, timestamp (±5 min) or headers are
//     wrong gets 401 before anything is parsed, so it has no side effect.
//   - Every slash command is acknowledged within Slack's 3 s window: the
//     reply itself when it is ready within AckWait, else a short ephemeral
//     "working" note with the reply following through response_url.
//   - Every story of a section with a topic carries 👍/👎 buttons (vote.go)
//     in place of the divider after it, so judging adds no blocks and no
//     story loses its buttons to the 50-block limit. A click becomes the
//     bot's /rate request (bot.VoteRequest): the channel and user are the
//     signed payload's, never the button's, and the answer goes to the
//     clicker alone. Nothing about judging is decided here.
//   - Every rendered message passes validate (50 blocks, 3000 characters
//     per text, 150 per header, 12,000 per message); larger replies are
//     split across messages, in order.
//   - Text from articles and users is escaped (&, <, >) and @here,
//     @channel and @everyone are broken with an invisible word joiner, so
//     it is shown literally and pings nobody.
//   - Posts go through one sender per workspace that paces each channel
//     and honours 429 Retry-After by waiting and retrying the same message:
//     a rate-limited message is neither dropped nor sent twice. Errors that
//     leave it unknown whether Slack accepted a message are returned, never
//     retried.
//   - Events are de-duplicated by event_id in memory. With several
//     replicas this relies on Slack delivering each event to one
//     connection; a retried event that lands on another replica would be
//     handled twice.
package slack
