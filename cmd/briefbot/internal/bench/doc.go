// Package bench is `briefbot bench`: ingest, /brief, match, digests,
// memory, database size and start-up measured at several corpus sizes,
// side by side with an SQLite FTS5 baseline (package bench/fts).
//
// Invariants:
//   - Each phase runs in a child process of the same binary (--phase), so
//     start-up is measured in a fresh process (a fresh heap; the operating
//     system's page cache stays warm) and peak memory is per phase.
//   - The query phase runs with the memory settings serve has: after the
//     load it sets the same soft memory limit (package memlimit; unless
//     GOMEMLIMIT is set), and reports it with the collector's cycles and
//     CPU through the phase.
//   - FTS5 is measured at SQLite's default memory and again with a memory
//     budget like our index's (page cache and mmap); the digests once with
//     channels sharing the test topics and once with every channel
//     watching its own (--own-topic-channels).
//   - The retention row (--steps …,retention; not run by default) prunes a
//     copy of each size's database and index file, never the archive the
//     other phases and the next size use.
//   - The replica row (--steps replica, not run by default) works in a
//     private PostgreSQL schema made for the run and dropped after it
//     (unless --keep), never in the server's other schemas; each replica
//     start is a fresh process, warm and cold alternating, and their
//     answers are compared topic by topic.
//   - The synthetic corpus is deterministic for a seed: two runs with the
//     same flags measure the same articles.
//   - Results are figures in a report (Report), never pass/fail
//     thresholds; BENCHMARKS.md keeps the runs that matter.
package bench
