package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBriefByLongFormFindsTheAcronymArticles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	if r := briefbot(t, dir, db, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	r := briefbot(t, dir, db, "ask", "/brief General Security of Military Information Agreement")
	if r.code != 0 {
		t.Fatalf("ask: %d %s", r.code, r.stderr)
	}
	checkGSOMIABriefing(t, r.stdout)
}

func TestEvalCommands(t *testing.T) {
	dir := t.TempDir()
	data := func(name string) string {
		p, err := filepath.Abs(filepath.Join("testdata", "eval", name))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	r := briefbot(t, dir, "", "eval", "summarize", "--data", data("summaries.jsonl"), "--sentences", "2")
	if r.code != 0 || !strings.Contains(r.stdout, "| briefbot |") || !strings.Contains(r.stdout, "| lead-2 (our splitter) |") ||
		!strings.Contains(r.stdout, "2 articles, 2-sentence summaries") {
		t.Errorf("eval summarize: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// --half scores one half of the file: a2 hashes to the design half, a1
	// is held back.
	for _, half := range []string{"design", "held-back"} {
		r = briefbot(t, dir, "", "eval", "summarize", "--data", data("summaries.jsonl"), "--half", half)
		if r.code != 0 || !strings.Contains(r.stdout, "summaries.jsonl ("+half+" half): 1 articles") {
			t.Errorf("eval summarize --half %s: exit %d\n%s%s", half, r.code, r.stdout, r.stderr)
		}
	}
	if r := briefbot(t, dir, "", "eval", "summarize", "--data", data("summaries.jsonl"), "--half", "odd"); r.code != 2 {
		t.Errorf("--half odd: exit %d, want 2 (usage)", r.code)
	}
	r = briefbot(t, dir, "", "eval", "select", "--data", data("labeled.jsonl"), "--queries", data("queries.tsv"))
	// Two documents say "grain" only through wheat and corn; the substring
	// and whole-word filters find 1 of 3 grain documents.
	if r.code != 0 || !strings.Contains(r.stdout, "| grain | grain | design | 3 |") ||
		!strings.Contains(r.stdout, "| 1.000 | 0.333 | 0.500 | 1 | +") || !strings.Contains(r.stdout, "| all | 2 |") {
		t.Errorf("eval select: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A held-back category is reported apart, and --blind leaves its row out.
	r = briefbot(t, dir, "", "eval", "select", "--data", data("labeled.jsonl"), "--queries", data("queries.tsv"),
		"--held-back", "grain", "--blind", "--feedback", "0,2")
	if r.code != 0 || strings.Contains(r.stdout, "| grain | grain |") || !strings.Contains(r.stdout, "| held-back | 1 |") ||
		!strings.Contains(r.stdout, "(1 held-back queries not shown: --blind)") || !strings.Contains(r.stdout, "| all | 2 |") ||
		!strings.Contains(r.stdout, "| N=2 |") || !strings.Contains(r.stdout, "| held-back | 2 |") {
		t.Errorf("eval select --held-back --blind --feedback: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A further --queries file is a set of its own, named after the file,
	// with its rows and macro line beside the development set's.
	r = briefbot(t, dir, "", "eval", "select", "--data", data("labeled.jsonl"), "--queries", data("queries.tsv"),
		"--queries", data("more-queries.tsv"), "--feedback", "0,2")
	if r.code != 0 || !strings.Contains(r.stdout, "| wheat | wheat | more-queries | 1 |") || !strings.Contains(r.stdout, "| corn | corn exports | more-queries | 1 |") ||
		!strings.Contains(r.stdout, "| all | 2 |") || !strings.Contains(r.stdout, "| more-queries | 2 | ") ||
		!strings.Contains(r.stdout, "| more-queries | 2 | 1.000 |") {
		t.Errorf("eval select with two query files: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := briefbot(t, dir, "", "eval", "select", "--data", data("labeled.jsonl"), "--queries", data("queries.tsv"), "--queries", data("queries.tsv")); r.code != 1 {
		t.Errorf("the same set twice: exit %d, want 1\n%s", r.code, r.stderr)
	}
	// With judgments: what was judged (2, both 👍, both named by the
	// whole-word filter) and the ceiling cuts alone could reach (grain's
	// recall 1/3 at precision 1: 0.5; interest rates' 1: 1.0).
	r = briefbot(t, dir, "", "eval", "select", "--data", data("labeled.jsonl"), "--queries", data("queries.tsv"), "--feedback", "0,2")
	if r.code != 0 || !strings.Contains(r.stdout, "| all | 2 | 1.000 | 0.667 | 0.750 | 2 | 2 | 2 |") ||
		!strings.Contains(r.stdout, "| all | 0.750 | 0.750 |") {
		t.Errorf("eval select --feedback: judged counts and ceiling: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := briefbot(t, dir, "", "eval", "select", "--data", data("labeled.jsonl"), "--queries", data("queries.tsv"), "--feedback", "five"); r.code != 2 {
		t.Errorf("--feedback five: exit %d, want 2", r.code)
	}
	// With exploration the simulated user is told so, and judges as many
	// stories as without.
	r = briefbot(t, dir, "", "eval", "select", "--data", data("labeled.jsonl"), "--queries", data("queries.tsv"), "--feedback", "0,2", "--explore", "2")
	if r.code != 0 || !strings.Contains(r.stdout, "of them 2 exploratory") || !strings.Contains(r.stdout, "| N=2 |") {
		t.Errorf("eval select --explore 2: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := briefbot(t, dir, "", "eval", "select", "--data", data("labeled.jsonl"), "--queries", data("queries.tsv"), "--feedback", "0,2", "--explore", "3"); r.code != 2 {
		t.Errorf("--explore 3: exit %d, want 2", r.code)
	}
	for _, args := range [][]string{{"eval"}, {"eval", "select", "--data", data("labeled.jsonl")}, {"eval", "summarize"}} {
		if r := briefbot(t, dir, "", args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)", args, r.code)
		}
	}
	if r := briefbot(t, dir, "", "eval", "summarize", "--data", filepath.Join(dir, "missing.jsonl")); r.code != 1 || !strings.Contains(r.stderr, "missing.jsonl") {
		t.Errorf("missing file: exit %d %s", r.code, r.stderr)
	}
}

// TestEvalEventsScoresLabelledSets runs `briefbot eval events` on two of
// the engine's hand-labelled sets: the figures are those the engine's own
// tests hold (TestSameEventPairs, TestSameEventPairsHeldOut), and a
// malformed set is refused naming its line.
func TestEvalEventsScoresLabelledSets(t *testing.T) {
	dir := t.TempDir()
	set := func(name string) string {
		p, err := filepath.Abs(filepath.Join("..", "..", "briefing", "testdata", "events", name))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	r := briefbot(t, dir, "", "eval", "events", "--data", set("events.txt"), "--data", set("heldout.txt"), "--orders", "2", "--pairs")
	for _, want := range []string{
		"| events.txt | 69 | 37 | 36 | 0 | 0 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |",
		"| heldout.txt | 98 | 48 | 57 | 2 | 1 | 0.966 | 0.983 | 0.974 |",
		"| pooled | 167 | 85 | 93 | 2 | 1 |",
		"95% intervals, events resampled",
		"- joined, different events: ",
		"- apart, one event: ",
	} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("eval events: exit %d, want %q in\n%s%s", r.code, want, r.stdout, r.stderr)
		}
	}
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("event: a\npublished: last week\ntitle: T\nText.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := briefbot(t, dir, "", "eval", "events", "--data", bad); r.code == 0 || !strings.Contains(r.stderr, "bad.txt: line 2: published") {
		t.Errorf("malformed set: exit %d\n%s", r.code, r.stderr)
	}
	if r := briefbot(t, dir, "", "eval", "events"); r.code != 2 {
		t.Errorf("no --data: exit %d, want 2 (usage)", r.code)
	}
}
