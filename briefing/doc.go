// Package briefing is briefbot's core: the article model, text clean-up,
// sentence splitting, topic queries, ranking, near-duplicate folding and
// extractive summaries, plus the Engine that ties them to a Store.
//
// Pipeline: ingest (parsers in briefing/ingest turn bytes into Articles) →
// Engine.Ingest (clean, fingerprint, store once, index) → Engine.Match (the
// one selection rule used by /brief, watches and digests: the literal
// matches a whole-word filter would find, with each learned addition or cut
// taken only when the topic's own literal matches support it (learned
// additions, other word forms and words apart only as far as held-out
// checks on those matches allow: expand.go, heldout.go), then the
// asking channel's 👍/👎 judgments, if any; an answer that asks for
// exploration adds a few marked near misses from outside the selection for
// the channel to judge, and its verdicts on them admit the band of near
// misses they vouch for, for that channel only: explore.go) →
// Engine.Brief (fold duplicates into stories, summarise, order as a dated
// timeline). QUALITY.md at the repository root has the measurements.
//
// Invariants:
//   - This package imports the standard library and one library,
//     github.com/kljensen/snowball (English stemming); nothing of ours,
//     no storage, transport or chat SDK (the layout test enforces it).
//   - It knows articles, topics and watches; schedules, the delivery
//     ledger and feed sources live in bot/digest and bot/sources, which
//     call it.
//   - Nothing here knows about chat platforms: a Channel's Platform is an
//     opaque key and is never compared with a literal.
//   - Summaries are made of whole sentences taken verbatim from the article;
//     a sentence from a fragment (text cut mid-sentence) is marked as such.
//     Which sentences are chosen depends on the article itself (and on what
//     its source repeats around every article), never on a list of sources
//     or kinds of text: one configuration serves all.
//   - No topic, query or category appears in the code: whatever a topic
//     learns comes from the stored articles at query time, and from the
//     asking channel's judgments, which are passed with each request (the
//     engine keeps none, so one channel's verdicts never change another's
//     answers).
//   - All articles share one index; which sources a channel may read
//     (another channel's private sources are hidden) and which a watch
//     reads (Watch.Sources) is applied per request, through
//     BriefOptions.Hidden/Only and DigestOptions.Watches/Hidden, with one
//     rule, Watch.Admits (scope.go). What a scoped request says besides
//     its stories keeps to the scope too: CountScoped, and "did you mean"
//     words and part counts, each checked against the scope within the
//     request's budget (scope_count.go).
//   - An article is stored once: its Key is the feed GUID, else its link,
//     else a hash of its content, scoped by its source. An item sent
//     again under its key with another title or text is a correction: the
//     stored article is updated in place (same ID, first version's dates)
//     and reindexed, at most Config.MaxRevisions per Ingest (revise.go).
//   - Every request's cost is bounded: a topic's words and alternatives
//     are capped (query_bounds.go), "did you mean" reads an index of the
//     vocabulary, not all of it (suggest_index.go), and a selection over
//     its time budget (Config.QueryBudget) or past its context fails with
//     a "too complex" error rather than answer in part (budget.go).
//     Folding candidates into stories reads each article's shingles and
//     terms through inverted indexes (dedup.go, events.go), deciding
//     exactly as comparing every pair would; an article's prints are
//     computed once and cached by ID, bounded (sigCache). A topic's
//     self-check verdict is cached for one state of the index, keyed by
//     every input it reads and dropped on any change to the index
//     (selfcheck_cache.go): a cached verdict is the one a fresh
//     computation gives.
//   - Posting lists are compact (postings.go): an arena of delta and
//     varint coded lists with a skip table per 128 postings, plus tails
//     of the postings added since, merged into the arena in bulk
//     (seal.go) while queries go on. The arena is chunks of consecutive
//     terms' lists (about 2 MB each; one flat slice after a load or a
//     compaction until the next seal), rebuilt and installed one at a
//     time, so a seal never holds two copies of the whole arena. Readers
//     go through a cursor, so an answer is the same whichever part a
//     posting is in.
//   - The Store is the truth for which articles exist: the index adds what
//     the Store gained (Sync) and drops what it lost (DropDeleted, for
//     retention, see prune.go); article IDs are never reused.
//   - An engine that loaded an index snapshot (SaveIndex/LoadIndex; the
//     bytes may come from a file or, on PostgreSQL, from the database)
//     holds what a sync from scratch would: the index and each source's
//     furniture (furniture_load.go), so it answers identically. The file
//     is the index's arrays as they lie in memory (index_snapshot.go,
//     snapshot_read.go), checked against the Store while it is read; one
//     that is refused leaves the index and the furniture as they were.
//   - The index keeps its bulk in flat arrays rather than Go maps or a
//     slice per item: forward lists in shared byte chunks (index_fwd.go),
//     the phrase dictionary in sorted arrays (index_pairs.go), documents
//     found by article ID through a sorted permutation (index_docids.go).
//     A change of layout keeps every answer: index_identity_test.go
//     compares them with answers recorded before the index was compacted.
package briefing
