// Package eval measures briefbot's selection and summaries against labelled
// news, next to the baselines a feed bot would use, computed by the same
// code in the same run.
//
//   - Summaries: ROUGE-1, ROUGE-2 and summary-level ROUGE-L F1 (package
//     rouge, ROUGE-1.5.5 conventions, no stemming) of a summarizer against
//     reference summaries, and of LEAD-N (the article's first N sentences).
//   - Selection: per-query precision, recall and F1 of the documents a
//     selector returns against the documents labelled with the query's
//     category, with macro averages, next to the plain case-insensitive
//     substring ("contains") filter and the whole-word filter (WholeWord).
//
// Invariants: the datasets are read, never written or copied; nothing here
// looks at labels except to score, so no system under test can learn from
// them; the package imports only the standard library, briefing and
// briefing/rouge, and takes the systems under test as functions.
package eval
