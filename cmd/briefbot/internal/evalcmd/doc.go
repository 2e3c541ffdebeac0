// Package evalcmd is `briefbot eval`: selection and summaries measured on
// labelled data (the corpora's paths are given on the command line; none
// is bundled), next to the baselines, and the story fold measured on
// hand-labelled event sets, as Markdown tables (QUALITY.md keeps the
// latest). The measures themselves are in briefing/eval and
// briefing/eventset.
//
// Invariants: held-back categories are reported apart from the design
// ones (and hidden with --blind); each further --queries file is a set
// reported apart, under its file's name, never mixed into the development
// set's figures; an engine it needs is built on a fresh temporary
// database, never the configured one; event sets are folded by the
// engine's own fold (briefing.GroupReports), each set on its own.
package evalcmd
