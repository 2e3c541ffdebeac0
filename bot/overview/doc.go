// Package overview writes the optional overview above a briefing's
// stories with a language model, and checks every sentence of it against
// the stories before anything is shown.
//
// Pipeline: Stories (numbered material) → Prompt (stories as quoted JSON
// data) → Model.Complete → Check → bot.Overview.
//
// Invariants:
//   - Check is pure: a sentence survives only if it cites at least one
//     existing story ([n]) and every number, date, money amount,
//     percentage and capitalised name in it occurs in the text of a story
//     it cites, after normalising forms ("25%" = "25 per cent", "$1.2bn" =
//     "$1.2 billion" = "$1,200 million", "1,200" = "1200", ISO dates,
//     short month names). Runs of scripts without capitals must occur as
//     written; a web address drops the sentence (only citations link).
//     Failing sentences are dropped, never repaired; fewer than
//     MinSentences survivors means no overview at all.
//   - Article text reaches the model only as JSON-quoted data, with the
//     instruction that it is data and not instructions. The model's words
//     are plain text: adapters escape them as they escape article text,
//     so nothing the model or an article writes can ping anyone.
//   - A Writer never delays or fails a reply beyond its timeout: errors,
//     rate limits, a spent budget and timeouts all yield no overview.
//   - Spending is bounded: each call first reserves its worst case
//     (prompt estimate plus the reply cap) in the shared daily budget, and
//     settles to the tokens the server reports afterwards.
//   - No SDK type appears here: the client lives in adapters/llm and
//     implements Model.
package overview
