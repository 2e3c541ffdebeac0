// Package evalcmd is `briefbot eval`: selection and summaries measured on
// labelled data (the corpora's paths are given on the command line; none
// is bundled), next to the baselines, as Markdown tables (QUALITY.md keeps
// the latest). The measures themselves are in briefing/eval.
//
// Invariants: held-back categories are reported apart from the design
// ones (and hidden with --blind); each further --queries file is a set
// reported apart, under its file's name, never mixed into the development
// set's figures; an engine it needs is built on a fresh temporary
// database, never the configured one.
package evalcmd
