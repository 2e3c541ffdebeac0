// Package bench is `briefbot bench`: ingest, /brief, match, digests,
// memory, database size and start-up measured at several corpus sizes,
// side by side with an SQLite FTS5 baseline (package bench/fts).
//
// Invariants:
//   - Each phase runs in a child process of the same binary (--phase), so
//     start-up is measured cold and peak memory is per phase.
//   - The synthetic corpus is deterministic for a seed: two runs with the
//     same flags measure the same articles.
//   - Results are figures in a report (Report), never pass/fail
//     thresholds; BENCHMARKS.md keeps the runs that matter.
package bench
