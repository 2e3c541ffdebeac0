package eventset

import (
	"strings"
	"testing"
	"time"
)

func TestReadKeepsOrderHeadersAndParagraphs(t *testing.T) {
	in := `# a comment
event: fire
source: Wire A
published: 2026-03-01T10:00:00Z
title: Warehouse fire in Lyon
A fire broke out.
Crews came.

event: quake
source: Wire B
title: Quake
Shaking.
`
	reps, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 2 || reps[0].Event != "fire" || reps[1].Event != "quake" {
		t.Fatalf("reports %+v", reps)
	}
	want := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	if !reps[0].Published.Equal(want) || reps[0].Source != "Wire A" || reps[0].Title != "Warehouse fire in Lyon" ||
		reps[0].Text != "A fire broke out.\n\nCrews came." {
		t.Errorf("first report %+v", reps[0])
	}
	if !reps[1].Published.IsZero() || Events(reps) != 2 {
		t.Errorf("second report %+v, events %d", reps[1], Events(reps))
	}
}

func TestReadRefusesMalformedSetsNamingTheLine(t *testing.T) {
	for in, want := range map[string]string{
		"title: no event\n":                              "line 1: text outside a report",
		"event: a\npublished: yesterday\n":               "line 2: published",
		"event: a\nx\n\nstray text\n":                    "line 4: text outside a report",
		"event: \n":                                      "line 1: empty event label",
		"event: a\n" + strings.Repeat("x", 2<<20) + "\n": "reading the event set",
	} {
		if _, err := Read(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.30q: error %v, want %q", in, err, want)
		}
	}
}

func TestPairsAndScores(t *testing.T) {
	reps := []Report{{Event: "a"}, {Event: "a"}, {Event: "a"}, {Event: "b"}, {Event: "c"}}
	// Stories: {0,1}, {2,3}, {4}: one pair right (0-1), one wrong (2-3),
	// two missed (0-2, 1-2).
	tp, fp, fn := Pairs(reps, []int{0, 0, 1, 1, 2})
	if tp != 1 || fp != 1 || fn != 2 {
		t.Fatalf("pairs %d %d %d, want 1 1 2", tp, fp, fn)
	}
	p, r, f1 := Scores(tp, fp, fn)
	if p != 0.5 || r != 1.0/3 || f1 < 0.3999 || f1 > 0.4001 {
		t.Errorf("P %v R %v F1 %v", p, r, f1)
	}
	if p, r, f1 := Scores(0, 0, 0); p != 0 || r != 0 || f1 != 0 {
		t.Errorf("empty: %v %v %v", p, r, f1)
	}
}
