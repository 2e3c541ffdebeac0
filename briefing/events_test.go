package briefing

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing/eventset"
)

// labelledReport is one report of a hand-labelled event set
// (testdata/events/events.txt or heldout.txt).
type labelledReport struct {
	event string
	Article
}

// readEvents reads a hand-labelled event set of testdata/events (format:
// package eventset, which `briefbot eval events` reads too).
func readEvents(t testing.TB, name string) []labelledReport {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "events", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set, err := eventset.Read(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := make([]labelledReport, len(set))
	for i, r := range set {
		out[i] = labelledReport{event: r.Event, Article: Article{Source: r.Source, Published: r.Published,
			Title: r.Title, Text: r.Text, GUID: fmt.Sprintf("%s-%d", r.Event, i)}}
	}
	return out
}

// eventIndex indexes the reports as stored articles (IDs from 1).
func eventIndex(reps []labelledReport) (*Index, []Article) {
	arts := make([]Article, len(reps))
	for i, r := range reps {
		arts[i] = r.Article
	}
	return reportIndex(arts)
}

// eventSigs is each article's event signature, as the fold reads them.
func eventSigs(ix *Index, arts []Article) []eventSig {
	prints := ix.articlePrints(arts, nil)
	sigs := make([]eventSig, len(prints))
	for i := range prints {
		sigs[i] = prints[i].sig
	}
	return sigs
}

// sameEventPairs groups the reports of a hand-labelled event set with the
// engine, in the file's order, and scores it pairwise (scoreGroups). Each
// wrong join and each miss is logged.
func sameEventPairs(t *testing.T, name string) (reps []labelledReport, arts []Article, groups []storyGroup, p, r, f1 float64) {
	t.Helper()
	reps = readEvents(t, name)
	ix, arts := eventIndex(reps)
	groups = foldInOrder(ix, arts, nil)
	var tp, fp, fn int
	p, r, f1, tp, fp, fn = scoreGroups(t, reps, arts, groups, true)
	t.Logf("%s: %d reports, %d events; same-story pairs: %d true, %d false, %d missed: P %.3f R %.3f F1 %.3f", name, len(reps), countEvents(reps), tp, fp, fn, p, r, f1)
	return reps, arts, groups, p, r, f1
}

// foldInOrder folds arts as a briefing's candidates in the given order
// (nil: as listed).
func foldInOrder(ix *Index, arts []Article, order []int) []storyGroup {
	return foldReports(ix, arts, order)
}

// scoreGroups scores a grouping pairwise: every pair of reports is "same"
// when the labels agree, and predicted "same" when the reports land in
// one story.
func scoreGroups(t *testing.T, reps []labelledReport, arts []Article, groups []storyGroup, logPairs bool) (p, r, f1 float64, tp, fp, fn int) {
	t.Helper()
	story := map[int64]int{}
	for g, gr := range groups {
		for _, m := range gr.members {
			story[m.ID] = g
		}
	}
	for i := range reps {
		for j := i + 1; j < len(reps); j++ {
			truth := reps[i].event == reps[j].event
			pred := story[arts[i].ID] == story[arts[j].ID]
			switch {
			case truth && pred:
				tp++
			case pred:
				fp++
				if logPairs {
					t.Logf("joined, different events: %s | %s", reps[i].event, reps[j].event)
				}
			case truth:
				fn++
				if logPairs {
					t.Logf("apart, one event: %s (%s | %s)", reps[i].event, reps[i].Source, reps[j].Source)
				}
			}
		}
	}
	p, r, f1 = eventset.Scores(tp, fp, fn)
	return p, r, f1, tp, fp, fn
}

// sameEventPairsShuffled scores the grouping of an event set over n
// shuffled candidate orders (seeds 0..n-1): a briefing lists its
// candidates by rank, not by event or time. It returns the mean
// precision and F1 and the lowest F1.
func sameEventPairsShuffled(t *testing.T, name string, n int) (meanP, meanF1, minF1 float64) {
	t.Helper()
	reps := readEvents(t, name)
	ix, arts := eventIndex(reps)
	minF1 = 1
	for seed := range n {
		order := rand.New(rand.NewSource(int64(seed))).Perm(len(arts))
		p, _, f1, _, _, _ := scoreGroups(t, reps, arts, foldInOrder(ix, arts, order), false)
		meanP += p / float64(n)
		meanF1 += f1 / float64(n)
		minF1 = min(minF1, f1)
	}
	t.Logf("%s, %d shuffled orders: mean P %.3f, mean F1 %.3f, lowest F1 %.3f", name, n, meanP, meanF1, minF1)
	return meanP, meanF1, minF1
}

// TestSameEventPairs reports pairwise "same story" precision, recall and
// F1 of the engine's grouping on the hand-labelled event set the rule was
// designed on.
func TestSameEventPairs(t *testing.T) {
	reps, arts, groups, p, _, f1 := sameEventPairs(t, "events.txt")
	if f1 < 0.90 || p < 0.95 {
		t.Errorf("same-story F1 %.3f (bar 0.90), precision %.3f (bar 0.95)", f1, p)
	}
	// The follow-up a week later with new facts is its own story, marked
	// as a development of the fire; the second earthquake a week after the
	// first, elsewhere, is not a development of it.
	event := map[int64]string{}
	for i, a := range arts {
		event[a.ID] = reps[i].event
	}
	devs := map[string]string{}
	for _, g := range groups {
		if g.developmentOf != nil {
			devs[event[g.members[0].ID]] = event[g.developmentOf.ID]
		}
	}
	t.Logf("developments: %v", devs)
	if devs["fire-lyon-probe"] != "fire-lyon" {
		t.Errorf("the fire inquiry is not marked as a development of the fire: %v", devs)
	}
	for _, apart := range []string{"quake-hokkaido", "rba-cut", "ceo-nordvik", "rare-earths-china", "resign-health", "gsomia-stay"} {
		if d, ok := devs[apart]; ok {
			t.Errorf("%s marked as a development of %s", apart, d)
		}
	}
}

// TestSameEventPairsHeldOut scores the second event set, written by hand
// before the event rule was read. Its one blind run (rule of commit
// e654bbc) measured P 0.895, R 0.586, F1 0.708; since then it has been
// read and used, with events.txt and blind3.txt, to design the present
// rule (figures as amounts, bars by figure strength rising with the time
// gap, a short report's cover by a long one, join with at least half of
// a story), so it is no longer held out: P 0.966 (56 of 58 joins right;
// the nurses' and teachers' strikes of one day are joined), R 0.966,
// F1 0.966; since round 7 (flat bars for 12 hours, lower no-figure and
// specific-figure bars) P 0.966 R 0.983 F1 0.974. The check holds issue
// 16's bar (F1 0.90, precision 0.95) and the measured floor.
func TestSameEventPairsHeldOut(t *testing.T) {
	_, _, _, p, _, f1 := sameEventPairs(t, "heldout.txt")
	if f1 < 0.973 || p < 0.95 {
		t.Errorf("held-out same-story F1 %.3f (measured floor 0.973; issue bar 0.90), precision %.3f (bar 0.95)", f1, p)
	}
}

func countEvents(reps []labelledReport) int {
	seen := map[string]bool{}
	for _, r := range reps {
		seen[r.event] = true
	}
	return len(seen)
}

func TestReadAmounts(t *testing.T) {
	got := readAmounts("A 5.8-magnitude quake, $4.2bn, 120,000 homes, in 2026, at 3.85%. Up 2, 14.50 dollars; " +
		"almost a third of them, more than two million people, 31 per cent, forty-six killed, 25% tariffs, 12 boats.")
	var s []string
	for _, a := range got {
		s = append(s, fmt.Sprintf("%g%s", a.v, map[bool]string{true: "%"}[a.percent]))
	}
	want := "5.8 4.2e+09 120000 3.85% 14.5 33.333333333333336% 2e+06 31% 46 25% 12"
	if strings.Join(s, " ") != want {
		t.Errorf("amounts %q, want %q", strings.Join(s, " "), want)
	}
	byText := func(text string) amount {
		t.Helper()
		as := readAmounts(text)
		if len(as) != 1 {
			t.Fatalf("%q: %d amounts", text, len(as))
		}
		return as[0]
	}
	for _, c := range []struct {
		a, b  string
		agree bool
	}{
		{"3,950 jobs", "almost 4,000 jobs", true},
		{"31% of patients", "almost a third of patients", true},
		{"46.2C", "above 46 degrees", true},
		{"2.3m accounts", "more than two million accounts", true},
		{"3,950 jobs", "3,650 jobs", false},
		{"31% of patients", "31 patients", false},
		{"4.75%", "4.5%", false},
	} {
		if got := byText(c.a).agrees(byText(c.b)); got != c.agree {
			t.Errorf("%q agrees with %q: %v", c.a, c.b, got)
		}
	}
	for text, common := range map[string]bool{"12 boats": true, "25% tariffs": true, "a third": true, "31%": false, "6.4 magnitude": false, "120,000 homes": false} {
		if byText(text).common != common {
			t.Errorf("%q common: %v", text, !common)
		}
	}
}

// TestSameEventPairsBlind3: a third hand-written set (blind3.txt), written
// without reading the rule or the other sets, first run once on the rule of
// d2b4bbe: P 1.000 R 0.548 F1 0.708 (the rule before it: P 0.962 R 0.403
// F1 0.568). Its misses were then analysed and the rule designed on all
// three sets: P 1.000 R 0.774 F1 0.873 (cover, half-join); then P 1.000
// R 0.871 F1 0.931 (a report joins a story's reports taken together,
// also when listed before them); round 7: P 1.000 R 0.952 F1 0.975. It
// is design data now; the check holds issue 16's bar (F1 0.90, precision
// 0.95) and the measured floor.
func TestSameEventPairsBlind3(t *testing.T) { holdsEventFloor(t, "blind3.txt", 0.974, 0.95) }

// TestSameEventPairsBlind4: a fourth hand-written set (blind4.txt), written
// without reading the rule or the other sets while the rule of eventfix2
// (cover, half-join) was designed on the other three; first run once on that
// rule: P 1.000 R 0.558 F1 0.716 (the rule before it: P 1.000 R 0.500 F1
// 0.667). Then run on the next rule, designed on the other three sets
// without it (a report joins a story's two reports taken together, also
// when listed before them), once in its unbounded form and once as
// bounded: P 1.000 R 0.635 F1 0.776 both times. Since round 6 it is design
// data (its missed pairs read): a place's adjective counted as its noun,
// P 1.000 R 0.673 F1 0.805; round 7 (flat bars for 12 hours, lower
// bars, the happening's words): P 1.000 R 0.846 F1 0.917 (issue 16's bar,
// F1 0.90 with precision 0.95, met on this set); round 10 (a next-morning pair on the happening's rare words, at a flat
// bar, within eighteen hours): P 1.000 R 0.865 F1 0.928.
// The check holds the measured floor so that a regression fails.
func TestSameEventPairsBlind4(t *testing.T) { holdsEventFloor(t, "blind4.txt", 0.927, 0.95) }

// TestSameEventPairsAnyOrder: a briefing folds its candidates in rank
// order, not grouped by event as the files list them, so each design set
// is also folded in ten shuffled orders. Measured on the rule that joins
// a report with a story's reports taken together (joinsWhole, joinLate):
// lowest F1 1.000 / 0.946 / 0.912 for events / heldout / blind3 (the rule
// before it: 1.000 / 0.927 / 0.808). Round 6 (a place's adjective counted
// as its noun) adds blind4 and blind5, design data since: lowest F1 0.805
// and 0.641 (before: 0.776 and 0.627). Round 7 (flat bars for 12 hours,
// lower bars, the happening's words) adds blind6; lowest F1 1.000 /
// 0.974 / 0.958 / 0.917 / 0.739 / 0.817; round 8 (a next-day report joins
// a story of two taken together): 1.000 / 0.974 / 0.975 / 0.917 / 0.761 /
// 0.841; round 9 (a fold in two passes, a report of the story's own
// outlet counted as not agreeing) adds blind7, blind8 and blind9: 1.000 /
// 0.974 / 0.975 / 0.917 / 0.783 / 0.853 / 0.792 / 0.661 / 0.828; round 10 (a next-morning pair on the happening's rare words, at a flat
// bar, within eighteen hours): 1.000 / 0.974 / 0.975 / 0.928 / 0.803 / 0.859 / 0.792 /
// 0.682 / 0.834 (blind9's mean
// precision 0.992 → 0.978). The check
// holds issue 16's precision bar on average and each set's measured lowest
// F1.
func TestSameEventPairsAnyOrder(t *testing.T) {
	for _, c := range []struct {
		name  string
		floor float64
	}{{"events.txt", 0.999}, {"heldout.txt", 0.973}, {"blind3.txt", 0.974}, {"blind4.txt", 0.927}, {"blind5.txt", 0.802}, {"blind6.txt", 0.858}, {"blind7.txt", 0.791}, {"blind8.txt", 0.681}, {"blind9.txt", 0.833}} {
		p, _, low := sameEventPairsShuffled(t, c.name, 10)
		if p < 0.95 || low < c.floor {
			t.Errorf("%s in shuffled orders: mean precision %.3f (bar 0.95), lowest F1 %.3f (measured floor %.3f)", c.name, p, low, c.floor)
		}
	}
}

// TestSameEventPairsBlind5: a fifth hand-written set (blind5.txt, 48 events,
// 107 reports, 20 distractor pairs), written without reading the rule or
// the other sets while the whole-story join was designed on events,
// heldout and blind3. Run once on the rule before that round (61e44da): P
// 1.000 R 0.371 F1 0.542; once on the rule of this test (853ee0f): P 1.000
// R 0.457 F1 0.627. Since round 6 it is design data (its missed pairs
// read): a place's adjective counted as its noun, P 1.000 R 0.471 F1
// 0.641; round 7 (flat bars for 12 hours, lower bars, the happening's
// words): P 1.000 R 0.614 F1 0.761; round 8 (a next-day report joins a
// story of two taken together on the happening's words): P 1.000 R 0.643
// F1 0.783; round 10 (a next-morning pair on the happening's rare words, at a flat
// bar, within eighteen hours): P
// 1.000 R 0.671 F1 0.803. Issue 16's bar (F1 0.90, precision 0.95) is
// missed on recall; the check holds the measured floor so that a
// regression fails.
func TestSameEventPairsBlind5(t *testing.T) { holdsEventFloor(t, "blind5.txt", 0.802, 0.95) }

// TestSameEventPairsBlind6: a sixth hand-written set (blind6.txt, 55
// events, 139 reports, 113 same-event pairs, 21 look-alike distractor
// events), written without reading the rule or the other sets while the
// next rule was designed elsewhere on the five sets before it. Run once on
// the rule of 853ee0f (main at the start of session 30, before that
// round): P 1.000 R 0.566 F1 0.723; then once on that round's rule (a
// place's adjective counts as its stored noun, events_base.go): P 1.000
// R 0.619 F1 0.765. Since round 7 it is design data (its missed pairs
// read): flat bars for 12 hours, lower bars, the happening's words,
// P 1.000 R 0.708 F1 0.829; round 8 (a next-day report joins a story of
// two taken together on the happening's words): P 1.000 R 0.743 F1 0.853.
// Issue 16's bar is F1 0.90 with precision 0.95; the check holds the
// measured floor so that a regression fails.
func TestSameEventPairsBlind6(t *testing.T) { holdsEventFloor(t, "blind6.txt", 0.858, 0.95) }

// TestSameEventPairsBlind7 and TestSameEventPairsBlind8: two more
// hand-written sets (blind7.txt: 56 events, 118 reports, 85 same-event
// pairs, 21 look-alike distractor events; blind8.txt: 62 events, 131
// reports, 85 pairs, 22 distractor events, harder wordings by request),
// written by hands that read only the file format, never opened by a
// designer. Each was run once on the rule before round 7 (78893c0):
// blind7 P 0.927 R 0.600 F1 0.729, blind8 P 1.000 R 0.341 F1 0.509; and
// once on round 7's: blind7 P 0.929 R 0.612 F1 0.738, blind8 P 1.000
// R 0.494 F1 0.661; and once on round 8's (a next-day report joins a
// story of two): blind7 P 0.935 R 0.682 F1 0.789, blind8 unchanged.
// Blind7's precision was under issue 16's bar on each of those rules (a
// country's power cuts joined with its power company's chief quitting).
// Since round 9 both are design data: a fold in two passes, and a report
// of the story's own outlet counted as not agreeing: blind7 P 1.000 R
// 0.682 F1 0.811, blind8 unchanged; round 10 (a next-morning pair on the happening's rare words, at a flat
// bar, within eighteen hours)
// blind7 unchanged, blind8 P 1.000 R 0.518 F1 0.682. The bar (F1 0.90, precision 0.95) is
// missed on both, on recall; the checks hold the measured floors so that
// a regression fails.
func TestSameEventPairsBlind7(t *testing.T) { holdsEventFloor(t, "blind7.txt", 0.810, 0.95) }

func TestSameEventPairsBlind8(t *testing.T) { holdsEventFloor(t, "blind8.txt", 0.681, 0.95) }

// TestSameEventPairsBlind9: a ninth hand-written set (blind9.txt, 65
// events, 149 reports, 107 same-event pairs, 24 look-alike distractor
// events), written by a hand that read only the file format, after
// round 7 was final; never opened by a designer. Run once on the rule
// before round 7 (78893c0): P 0.908 R 0.551 F1 0.686; once on round 7's:
// P 0.922 R 0.664 F1 0.772; once on round 8's: P 0.928 R 0.720 F1 0.811.
// Since round 9 it is design data: a fold in two passes, and a report of
// the story's own outlet counted as not agreeing: P 0.975 R 0.720 F1
// 0.828; round 10 (a next-morning pair on the happening's rare words, at a flat
// bar, within eighteen hours) P
// 0.975 R 0.729 F1 0.834. Issue 16's bar (F1 0.90, precision 0.95) is
// missed on recall; the check holds the measured floor.
func TestSameEventPairsBlind9(t *testing.T) { holdsEventFloor(t, "blind9.txt", 0.833, 0.95) }

// TestSameEventPairsBlind10: a tenth hand-written set (blind10.txt, 65
// events, 142 reports, 95 same-event pairs, 24 look-alike distractor
// events), written after round 8 by a hand that read only the file
// format; never opened by a designer. Run once on each rule of session
// 31: before round 7 (78893c0) P 0.823 R 0.537 F1 0.650; round 7
// P 0.800 R 0.674 F1 0.731; round 8 P 0.770 R 0.705 F1 0.736 (precision
// fell: one firm's launch and recall, two strikes of one day joined;
// QUALITY.md, "Blind set 10"); round 9 (two-pass fold) P 0.946 R 0.737
// F1 0.828; round 10 (a next-morning pair on the happening's rare words, at a flat
// bar, within eighteen hours),
// designed on all eleven sets, P 0.973 R 0.758 F1 0.852. Issue 16's bar
// (F1 0.90, precision 0.95) is missed; the check
// holds the measured floors.
func TestSameEventPairsBlind10(t *testing.T) { holdsEventFloor(t, "blind10.txt", 0.851, 0.95) }

// TestSameEventPairsBlind11: an eleventh hand-written set (blind11.txt,
// 66 events, 151 reports, 108 same-event pairs, 25 look-alike distractor
// events) imitating a desk's feed of wire, national, local and trade
// outlets, written after round 8 by a hand that read only the file
// format; never opened by a designer. Run once on each rule of session
// 31: before round 7 (78893c0) P 0.901 R 0.759 F1 0.824; rounds 7 and 8
// P 0.916 R 0.907 F1 0.912; round 9 (two-pass fold) P 0.980 R 0.898
// F1 0.937, issue 16's bar (F1 0.90, precision 0.95) met; round 10 (a next-morning pair on the happening's rare words, at a flat
// bar, within eighteen hours) P 0.980 R 0.917 F1 0.947. The check holds
// the bar and the measured floor.
func TestSameEventPairsBlind11(t *testing.T) { holdsEventFloor(t, "blind11.txt", 0.956, 0.95) }

// TestSameEventPairsBlind12 and TestSameEventPairsBlind13: two sets
// written after round 9 by hands that read only the file format
// (blind12.txt: 58 events, 130 reports, 90 same-event pairs, 19
// look-alike distractor events; blind13.txt: 62 events, 132 reports, 84
// pairs, 23 distractor events), never opened by a designer. Run once on
// the rule before round 7 (78893c0): blind12 P 0.949 R 0.833 F1 0.888,
// blind13 P 1.000 R 0.679 F1 0.809; and once on round 9's: blind12
// P 1.000 R 0.878 F1 0.935, blind13 P 1.000 R 0.833 F1 0.909; then on
// round 10's as written and as kept (the next-morning pair): blind12 the
// same, blind13 P 1.000 R 0.845 F1 0.916. Both meet issue 16's bar (F1
// 0.90, precision 0.95), which the checks hold.
func TestSameEventPairsBlind12(t *testing.T) { holdsEventFloor(t, "blind12.txt", 0.959, 0.95) }

func TestSameEventPairsBlind13(t *testing.T) { holdsEventFloor(t, "blind13.txt", 0.929, 0.95) }

// holdsEventFloor scores an event set's same-story pairs and fails when
// F1 falls under its measured floor or precision under its floor (issue
// 16's bar is F1 0.90 with precision 0.95; a set's doc comment above its
// test gives its history).
func holdsEventFloor(t *testing.T, name string, f1Floor, pFloor float64) {
	t.Helper()
	_, _, _, p, r, f1 := sameEventPairs(t, name)
	t.Logf("%s: P %.3f R %.3f F1 %.3f", name, p, r, f1)
	if f1 < f1Floor || p < pFloor {
		t.Errorf("%s same-story F1 %.3f (floor %.3f; issue bar 0.90), precision %.3f (floor %.2f; issue bar 0.95)", name, f1, f1Floor, p, pFloor)
	}
}

// TestSameEventPairsBlind14 and TestSameEventPairsBlind15: two sets
// written after round 10 by hands that read only the file format
// (blind14.txt: 49 events, 102 reports, 64 same-event pairs, 17
// look-alike distractor events; blind15.txt: 53 events, 108 reports, 64
// pairs, 18 distractor events), never opened by a designer. Run once on
// the rule before round 7 (78893c0): blind14 P 1.000 R 0.547 F1 0.707,
// blind15 P 1.000 R 0.531 F1 0.694; and once on round 10's kept rule:
// blind14 P 0.959 R 0.734 F1 0.832, blind15 P 1.000 R 0.641 F1 0.781;
// and once on round 11's: blind14 P 0.961 R 0.766 F1 0.852, blind15
// unchanged. Issue 16's bar (F1 0.90, precision 0.95) is missed on recall
// on both.
func TestSameEventPairsBlind14(t *testing.T) { holdsEventFloor(t, "blind14.txt", 0.851, 0.95) }

func TestSameEventPairsBlind15(t *testing.T) { holdsEventFloor(t, "blind15.txt", 0.780, 0.95) }

// TestSameEventPairsBlind16 to 18: three sets written after round 11 by
// hands that read only the file format and a brief (disasters, transport
// and health; business and markets; politics and diplomacy). blind16.txt:
// 49 events, 103 reports, 71 same-event pairs, 19 look-alike or follow-up
// events; blind17.txt: 51, 109, 72, 19; blind18.txt: 49, 104, 70, 18.
// First run, on round 11's rule: P 0.957 / 0.962 / 1.000, R 0.634 /
// 0.708 / 0.971, F1 0.763 / 0.816 / 0.986 (pooled P 0.976 R 0.770 F1
// 0.861). Round 12's candidates (QUALITY.md) were then run on them once
// each and not kept. Issue 16's bar is missed on blind16 and blind17, on
// recall.
func TestSameEventPairsBlind16(t *testing.T) { holdsEventFloor(t, "blind16.txt", 0.762, 0.95) }

func TestSameEventPairsBlind17(t *testing.T) { holdsEventFloor(t, "blind17.txt", 0.815, 0.95) }

func TestSameEventPairsBlind18(t *testing.T) { holdsEventFloor(t, "blind18.txt", 0.985, 0.95) }

// TestSameEventPairsBlind19: a fourth set of that round (sport, science,
// technology, crime, culture; 49 events, 103 reports, 69 same-event pairs,
// 17 look-alike or follow-up events), written while round 12's candidates
// were measured and run once on the rule as it stands: P 1.000 R 0.783
// F1 0.878 (pooled with blind16–18, 282 pairs: P 0.982 R 0.773 F1 0.865).
func TestSameEventPairsBlind19(t *testing.T) { holdsEventFloor(t, "blind19.txt", 0.877, 0.95) }

// TestSameEventPairsBlind20 to 23: four more sets by four more hands that
// read only the file format and a brief (disasters and health; companies
// and markets; politics, law and society; a general wire mix), written
// after round 12's candidates were set aside and run once on the rule as
// it stands. blind20.txt: 52 events, 102 reports, 64 same-event pairs, 21
// look-alike or follow-up events; blind21.txt: 50, 104, 68, 20;
// blind22.txt: 52, 102, 63, 23; blind23.txt: 49, 107, 72, 17. First run:
// P 1.000 / 0.909 / 0.976 / 1.000, R 0.734 / 0.735 / 0.651 / 0.806, F1
// 0.847 / 0.813 / 0.781 / 0.892 (pooled, 267 pairs: P 0.970 R 0.734 F1
// 0.836). Blind21 misses the precision bar too: two central banks'
// decisions within the hour (Norges Bank holds, the Riksbank cuts) and two
// Korean firms' results a day apart are joined.
func TestSameEventPairsBlind20(t *testing.T) { holdsEventFloor(t, "blind20.txt", 0.846, 0.95) }

func TestSameEventPairsBlind21(t *testing.T) { holdsEventFloor(t, "blind21.txt", 0.812, 0.90) }

func TestSameEventPairsBlind22(t *testing.T) { holdsEventFloor(t, "blind22.txt", 0.780, 0.95) }

func TestSameEventPairsBlind23(t *testing.T) { holdsEventFloor(t, "blind23.txt", 0.891, 0.95) }

// TestSameEventPairsBlind24 to 27: four more sets by four more hands that
// read only a brief of the format (session 33), written after round 12 and
// run once on the rule as it stands (round 11's); then round 13's two
// candidates, set aside before, were run on them once for the record
// (QUALITY.md, "Round 13"). Events, reports, same-event pairs,
// distractors: blind24.txt (disasters, weather, accidents, health): 52,
// 105, 72, 18; blind25.txt (companies and markets): 52, 104, 65, 17;
// blind26.txt (politics and law in Asia, the Middle East and Africa): 56,
// 108, 67, 17; blind27.txt (general wire): 49, 106, 77, 15. First run: P
// 1.000 / 0.952 / 1.000 / 0.906, R 0.875 / 0.615 / 0.985 / 0.753, F1 0.933
// / 0.748 / 0.992 / 0.823 (pooled, 281 pairs: P 0.966 R 0.808 F1 0.880,
// 95% interval over events 0.825–0.923). Blind27 misses the precision
// bar: two city marathons' course records the same weekend and two
// managers sacked the same day are joined; blind25 joins the Fed's hold
// and the Bank of Japan's hike of one day.
func TestSameEventPairsBlind24(t *testing.T) { holdsEventFloor(t, "blind24.txt", 0.932, 0.95) }

func TestSameEventPairsBlind25(t *testing.T) { holdsEventFloor(t, "blind25.txt", 0.747, 0.95) }

func TestSameEventPairsBlind26(t *testing.T) { holdsEventFloor(t, "blind26.txt", 0.991, 0.95) }

func TestSameEventPairsBlind27(t *testing.T) { holdsEventFloor(t, "blind27.txt", 0.822, 0.90) }
