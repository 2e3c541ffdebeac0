package rouge_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing/rouge"
)

// tolerance covers the perl script's 5-decimal rounding, and its F1 being
// computed from already rounded recall and precision.
const tolerance = 2e-5

// goldPair is one line of a ROUGE-1.5.5 gold file. Candidate and reference
// hold one sentence per line.
type goldPair struct {
	ID        string             `json:"id"`
	Candidate string             `json:"candidate"`
	Reference string             `json:"reference"`
	Gold      map[string]float64 `json:"rouge_1_5_5_nostem"`
}

func readGold(t *testing.T, path string) []goldPair {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var pairs []goldPair
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var p goldPair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("%s: line %d: %v", path, len(pairs)+1, err)
		}
		pairs = append(pairs, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return pairs
}

// values maps the gold files' keys to the computed numbers.
func values(s rouge.Scores) map[string]float64 {
	m := make(map[string]float64, 9)
	for name, sc := range map[string]rouge.Score{"R1": s.R1, "R2": s.R2, "RL": s.RL} {
		m[name+"_R"], m[name+"_P"], m[name+"_F"] = sc.Recall, sc.Precision, sc.F1
	}
	return m
}

// checkGold compares every gold number of every pair (want is how many
// numbers a pair must carry) and returns the largest absolute error.
func checkGold(t *testing.T, pairs []goldPair, want int) float64 {
	t.Helper()
	maxErr := 0.0
	for _, p := range pairs {
		if len(p.Gold) != want {
			t.Errorf("%s: %d gold numbers, want %d", p.ID, len(p.Gold), want)
		}
		got := values(rouge.Compute(strings.Split(p.Candidate, "\n"), strings.Split(p.Reference, "\n")))
		for _, key := range slices.Sorted(maps.Keys(p.Gold)) {
			g, ok := got[key]
			if !ok {
				t.Errorf("%s: unknown gold key %q", p.ID, key)
				continue
			}
			d := math.Abs(g - p.Gold[key])
			maxErr = max(maxErr, d)
			if d > tolerance {
				t.Errorf("%s %s = %.6f, ROUGE-1.5.5 %.5f", p.ID, key, g, p.Gold[key])
			}
		}
	}
	return maxErr
}

func TestComputeSyntheticGold(t *testing.T) {
	pairs := readGold(t, filepath.Join("testdata", "rouge-synthetic-gold.jsonl"))
	if len(pairs) != 16 {
		t.Fatalf("got %d pairs, want 16", len(pairs))
	}
	t.Logf("max abs error over %d pairs: %.2e", len(pairs), checkGold(t, pairs, 9))
}

// TestComputeBBCGold checks the F1 of 300 LEAD-3 summaries of bbc-dev. The
// data is research-licensed and stays outside the repository.
func TestComputeBBCGold(t *testing.T) {
	dir := os.Getenv("BRIEFBOT_EVAL_DIR")
	if dir == "" {
		t.Skip("set BRIEFBOT_EVAL_DIR to the directory holding rouge-gold-bbc-dev.jsonl (e.g. ../shared/eval) to run")
	}
	pairs := readGold(t, filepath.Join(dir, "rouge-gold-bbc-dev.jsonl"))
	if len(pairs) != 300 {
		t.Fatalf("got %d pairs, want 300", len(pairs))
	}
	t.Logf("max abs error over %d pairs: %.2e", len(pairs), checkGold(t, pairs, 3))
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"... -- !!!", nil},
		{"The cat sat.", []string{"the", "cat", "sat"}},
		{"U.S.-based café won £5m", []string{"u", "s", "based", "caf", "won", "5m"}},
		{"Kilmarnock’s well_known\nQ3", []string{"kilmarnock", "s", "well", "known", "q3"}},
	}
	for _, tt := range tests {
		if got := rouge.Tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestComputeEmpty(t *testing.T) {
	for _, tt := range []struct{ cand, ref []string }{
		{nil, nil},
		{nil, []string{"a b"}},
		{[]string{"a b"}, nil},
		{[]string{"", "!"}, []string{"?"}},
	} {
		if got := rouge.Compute(tt.cand, tt.ref); got != (rouge.Scores{}) {
			t.Errorf("Compute(%q, %q) = %+v, want zero", tt.cand, tt.ref, got)
		}
	}
}

// A line break inside a sentence splits it, as it would in ROUGE-1.5.5's
// one-sentence-per-line input.
func TestComputeLineBreakSplitsSentence(t *testing.T) {
	ref := []string{"a b"}
	joined := rouge.Compute([]string{"b a\nb"}, ref)
	split := rouge.Compute([]string{"b a", "b"}, ref)
	if joined != split {
		t.Errorf("%+v != %+v", joined, split)
	}
}

func ExampleCompute() {
	s := rouge.Compute(
		[]string{"The cat sat on the mat."},
		[]string{"The cat is on the mat."},
	)
	fmt.Printf("R1 %.3f  R2 %.3f  RL %.3f\n", s.R1.F1, s.R2.F1, s.RL.F1)
	// Output: R1 0.833  R2 0.600  RL 0.833
}

func BenchmarkCompute(b *testing.B) {
	// A LEAD-3-sized candidate against an 8-sentence reference, made up.
	cand := []string{
		"The city council approved a new budget on Monday after months of debate.",
		"Spending on schools will rise by 4% next year, while roads get 2% less.",
		"The mayor said the council had listened to parents and teachers alike.",
	}
	ref := []string{
		"Spending on schools will rise by 4% next year.",
		"The council approved the budget on Monday after a long debate.",
		"Parents had asked the council for more money for schools.",
		"Road repairs will be cut by 2%, and two bus routes will close.",
		"The opposition said the plan relied on optimistic tax forecasts.",
		"The mayor said the council had listened to parents and teachers alike.",
		"A final vote on the housing plan is due in March.",
		"Council tax will rise by 2.9%, the smallest rise in five years.",
	}
	b.ReportAllocs()
	for b.Loop() {
		rouge.Compute(cand, ref)
	}
}
