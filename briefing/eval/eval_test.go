package eval_test

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing/eval"
)

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestReadSummaryDocs(t *testing.T) {
	docs, err := eval.ReadSummaryDocs(open(t, "summaries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].Title == "" || len(docs[0].Reference) != 2 || len(docs[0].Sentences) != 4 || docs[1].Title != "" {
		t.Fatalf("docs: %+v", docs)
	}
	for _, bad := range []string{"", "{", `{"id":"x","text":"t"}`} {
		if _, err := eval.ReadSummaryDocs(strings.NewReader(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestReadLabeledDocsAndQueries(t *testing.T) {
	docs, err := eval.ReadLabeledDocs(open(t, "labeled.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 4 || docs[0].Date.IsZero() || !docs[3].Date.IsZero() || len(docs[0].Topics) != 2 {
		t.Fatalf("docs: %+v", docs)
	}
	if _, err := eval.ReadLabeledDocs(strings.NewReader(`{"id":"1","date":"yesterday","text":"x"}`)); err == nil {
		t.Error("bad date accepted")
	}
	qs, err := eval.ReadQueries(open(t, "queries.tsv"))
	if err != nil || len(qs) != 3 || qs[2] != (eval.Query{Category: "interest", Text: "interest rates"}) {
		t.Fatalf("queries: %+v %v", qs, err)
	}
	if _, err := eval.ReadQueries(strings.NewReader("category\tquery\nno tab here\n")); err == nil {
		t.Error("line without a tab accepted")
	}
}

func TestScoreAndMacro(t *testing.T) {
	set := func(ids ...string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	p := eval.Score(set("1", "2", "3", "4"), set("1", "2", "5"))
	if p.Precision != 0.5 || math.Abs(p.Recall-2.0/3) > 1e-12 || math.Abs(p.F1-4.0/7) > 1e-12 {
		t.Fatalf("score: %+v", p)
	}
	if z := eval.Score(nil, set("1")); z.Precision != 0 || z.Recall != 0 || z.F1 != 0 {
		t.Fatalf("empty selection: %+v", z)
	}
	m := eval.Macro([]eval.PRF{{Precision: 1, Recall: 0.5, F1: 0.6}, {Precision: 0, Recall: 0.5, F1: 0.2}})
	if m.Precision != 0.5 || m.Recall != 0.5 || math.Abs(m.F1-0.4) > 1e-12 {
		t.Fatalf("macro: %+v", m)
	}
}

func TestEvalSelectionWithContains(t *testing.T) {
	docs, err := eval.ReadLabeledDocs(open(t, "labeled.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	qs, _ := eval.ReadQueries(open(t, "queries.tsv"))
	rows, err := eval.EvalSelection(docs, qs, []eval.Selector{eval.Contains(docs)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[3].Query.Category != "macro" {
		t.Fatalf("rows: %+v", rows)
	}
	// "grain" occurs only in doc 4: 1 of the 3 grain documents. "wheat"
	// also hits "buckwheat" in doc 3, as a substring filter does.
	if g := rows[0].Scores[0]; g.Precision != 1 || math.Abs(g.Recall-1.0/3) > 1e-12 {
		t.Errorf("grain: %+v", g)
	}
	if w := rows[1].Scores[0]; w.Selected != 2 || w.Precision != 0.5 || w.Recall != 1 {
		t.Errorf("wheat: %+v", w)
	}
	if _, err := eval.EvalSelection(docs, []eval.Query{{Category: "nope", Text: "x"}}, nil); err == nil {
		t.Error("unknown category accepted")
	}
}

func TestEvalSummariesLead(t *testing.T) {
	docs, err := eval.ReadSummaryDocs(open(t, "summaries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	ref := eval.System{Name: "reference", Summarize: func(d eval.SummaryDoc) []string { return d.Reference }}
	rows := eval.EvalSummaries(docs[:1], []eval.System{ref, {Name: "lead-1", Summarize: eval.Lead(1)}, {Name: "given-1", Summarize: eval.LeadGiven(1)}})
	if rows[0].R1 != 100 || rows[0].R2 != 100 || rows[0].RL != 100 {
		t.Errorf("reference against itself: %+v", rows[0])
	}
	// LEAD-1 is the first reference sentence: recall 11/21 words, precision 1.
	want := 100 * 2 * (11.0 / 21) / (1 + 11.0/21)
	got := rows[1]
	if math.Abs(got.R1-want) > 1e-9 || got.System != "lead-1" || got.R1 != rows[2].R1 || got.R2 != rows[2].R2 || got.RL != rows[2].RL ||
		got.Words != 11 || got.Docs != 1 || got.Dangling != 0 ||
		len(rows[1].PerDoc) != 1 || rows[1].PerDoc[0][0] != rows[1].R1 {
		t.Errorf("lead-1 %+v, given-1 %+v, want R1 %.4f", rows[1], rows[2], want)
	}
}

func TestDangles(t *testing.T) {
	text := "The harbour board met on Monday. It voted to close the north pier. Repairs start in May.\n\nBut the ferry keeps running."
	for _, tc := range []struct {
		summary []string
		want    bool
	}{
		{[]string{"The harbour board met on Monday.", "It voted to close the north pier."}, false},
		{[]string{"It voted to close the north pier.", "Repairs start in May."}, true},
		{[]string{"The harbour board met on Monday.", "But the ferry keeps running."}, true},
		{[]string{"Repairs start in May.", "But the ferry keeps running."}, false},
		{[]string{"The harbour board met on Monday. It voted to close the north pier."}, false},
		{[]string{"Not in the article."}, false},
	} {
		if got := eval.Dangles(text, tc.summary); got != tc.want {
			t.Errorf("%q: dangles %v, want %v", tc.summary, got, tc.want)
		}
	}
}

func TestBootstrap(t *testing.T) {
	a := eval.RougeRow{PerDoc: make([][3]float64, 200)}
	b := eval.RougeRow{PerDoc: make([][3]float64, 200)}
	for i := range a.PerDoc {
		// ROUGE-1: always 1 better; ROUGE-2: +3 or -3 alternately; ROUGE-L: equal.
		a.PerDoc[i] = [3]float64{float64(i%7) + 1, float64(3 - 6*(i%2)), 5}
		b.PerDoc[i] = [3]float64{float64(i % 7), 0, 5}
	}
	iv := eval.Bootstrap(a, b, 1000, 0.95, 1)
	if math.Abs(iv[0].Mean-1) > 1e-9 || math.Abs(iv[0].Low-1) > 1e-9 || math.Abs(iv[0].High-1) > 1e-9 {
		t.Errorf("constant difference: %+v", iv[0])
	}
	if iv[1].Mean != 0 || iv[1].Low >= 0 || iv[1].High <= 0 || iv[1].Low < -1.5 || iv[1].High > 1.5 {
		t.Errorf("noisy difference: %+v (s.e. 0.21: the interval is about ±0.42)", iv[1])
	}
	if iv[2] != (eval.Interval{}) {
		t.Errorf("no difference: %+v", iv[2])
	}
	if again := eval.Bootstrap(a, b, 1000, 0.95, 1); again != iv {
		t.Errorf("same seed, different intervals: %+v %+v", again, iv)
	}
}

// TestDesignHalf: the split is FNV-32a of the id, even for design
// (FNV-32a("a") = 0xe40c292c, ("b") = 0xe70c2de5), so QUALITY.md's halves
// are the ones `eval summarize --half` scores.
func TestDesignHalf(t *testing.T) {
	if !eval.DesignHalf("a") || eval.DesignHalf("b") {
		t.Error(`want "a" in the design half and "b" held back`)
	}
}

// The baselines take a chat topic's alternatives ("beef OR pork", "a | b")
// as an alerting tool does: a document is selected when any alternative
// matches. Before, "OR" was a word of one long phrase, and both baselines
// selected nothing for such a query.
func TestBaselinesTakeAlternatives(t *testing.T) {
	docs := []eval.LabeledDoc{
		{ID: "1", Title: "Beef exports rise", Text: "Chilled beef shipments grew."},
		{ID: "2", Title: "Pork prices", Text: "Hog farmers sold more pork."},
		{ID: "3", Title: "Lamb", Text: "Mutton and lamb were steady; beefy margins."},
	}
	for name, sel := range map[string]eval.Selector{"words": eval.WholeWord(docs), "contains": eval.Contains(docs)} {
		for q, want := range map[string]string{"beef OR pork": "1,2", "beef | pork": "1,2", "lamb": "3", "beef or pork": ""} {
			got, err := sel(q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, id := range []string{"1", "2", "3"} {
				if got[id] {
					ids = append(ids, id)
				}
			}
			if name == "contains" && q == "beef OR pork" || name == "contains" && q == "beef | pork" {
				want = "1,2,3" // "beefy" holds "beef"
			}
			if strings.Join(ids, ",") != want {
				t.Errorf("%s %q: %v, want %s", name, q, ids, want)
			}
		}
	}
	if got := eval.Alternatives("crude oil OR \"heating oil\" | gas"); strings.Join(got, ";") != "crude oil;\"heating oil\";gas" {
		t.Errorf("alternatives %q", got)
	}
}
