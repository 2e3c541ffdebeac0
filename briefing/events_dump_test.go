package briefing

// Design tools for the event rule (round 9), run by hand on the
// hand-labelled sets of testdata/events; they print features and labels,
// never the reports' text, and skip unless their variable is set.

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// TestDumpEventPairs (EVENTS_DUMP=1): features of every cross-outlet pair within 48h.
func TestDumpEventPairs(t *testing.T) {
	if os.Getenv("EVENTS_DUMP") == "" {
		t.Skip()
	}
	var b strings.Builder
	for _, name := range strings.Fields("events.txt heldout.txt blind3.txt blind4.txt blind5.txt blind6.txt blind7.txt blind8.txt blind9.txt blind10.txt blind11.txt blind12.txt blind13.txt blind14.txt blind15.txt blind16.txt blind17.txt blind18.txt blind19.txt blind20.txt blind21.txt blind22.txt blind23.txt") {
		reps := readEvents(t, name)
		ix, arts := eventIndex(reps)
		sigs := eventSigs(ix, arts)
		stem := map[uint32]string{}
		for k, v := range ix.ids {
			stem[v] = k
		}
		// unmatched: weight² of a's capitalised names (not numbers) that b lacks
		unmatched := func(a, b eventSig) float64 {
			in := map[uint32]bool{}
			for _, t := range b.vec {
				in[t.term] = true
			}
			var u float64
			for _, t := range a.vec {
				if t.name && !in[t.term] && !isNumberWord(stem[t.term]) {
					u += t.w * t.w
				}
			}
			return u
		}
		titles := make([]map[uint32]bool, len(arts))
		for i := range arts {
			titles[i] = map[uint32]bool{}
			for _, w := range ix.st.words(arts[i].Title) {
				if id, ok := ix.ids[w.stem]; ok && !w.stop {
					titles[i][id] = true
				}
			}
		}
		// titleIn: share of a's title weight (in a's vector; nonName: only words that are names in neither... in a) found in b
		titleIn := func(i, j int, nonName bool) float64 {
			in := map[uint32]bool{}
			for _, t := range sigs[j].vec {
				in[t.term] = true
			}
			var all, got float64
			for _, t := range sigs[i].vec {
				if !titles[i][t.term] || nonName && t.name {
					continue
				}
				all += t.w * t.w
				if in[t.term] {
					got += t.w * t.w
				}
			}
			if all == 0 {
				return 0
			}
			return got / all
		}
		for i := range arts {
			for j := range i {
				if arts[i].Source == arts[j].Source {
					continue
				}
				gap := sigs[i].published.Sub(sigs[j].published).Abs()
				if gap > eventWindow {
					continue
				}
				a, c := sigs[i], sigs[j]
				cos := a.cosine(c)
				same := reps[i].event == reps[j].event
				ua, uc := unmatched(a, c), unmatched(c, a)
				fmt.Fprintf(&b, "%s\t%v\t%.2f\t%.3f\t%.3f\t%.3f\t%d\t%v\t%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\n", name, same, gap.Hours(), cos, a.whatDot(c), a.cover(c), figureAgreement(a.amounts, c.amounts), relateCosine(a, c, cos) == sameEvent, reps[i].event, reps[j].event, min(ua, uc), ua, uc, max(titleIn(i, j, false), titleIn(j, i, false)), max(titleIn(i, j, true), titleIn(j, i, true)))
			}
		}
	}
	os.WriteFile(os.Getenv("EVENTS_DUMP"), []byte(b.String()), 0o644)
}

// TestTraceFold (EVENTS_TRACE=set): why each report joined its story.
func TestTraceFold(t *testing.T) {
	name := os.Getenv("EVENTS_TRACE")
	if name == "" {
		t.Skip()
	}
	reps := readEvents(t, name)
	ix, arts := eventIndex(reps)
	sigs := eventSigs(ix, arts)
	rel, cos := eventRelations(sigs)
	for i := range arts {
		for j := range i {
			if rel[i][j] == sameEvent && arts[i].Source == arts[j].Source {
				rel[i][j] = otherEvent
			}
		}
	}
	var members [][]int
	for i := range arts {
		joined := -1
		for gi := range members {
			agree, others := 0, 0
			for _, j := range members[gi] {
				if arts[j].Source == arts[i].Source {
					continue
				}
				others++
				if rel[i][j] == sameEvent {
					agree++
				}
			}
			how := ""
			if agree > 0 && 2*agree >= others {
				how = fmt.Sprintf("pairs %d/%d", agree, others)
				if 2*agree == others {
					var dot, n2, best float64
					worst := 9.0
					var det []string
					var parts []int
					for _, j := range members[gi] {
						if arts[j].Source != arts[i].Source {
							parts = append(parts, j)
						}
					}
					for x, j := range parts {
						dot += cos.at(i, j)
						best = max(best, cos.at(i, j))
						worst = min(worst, cos.at(i, j))
						det = append(det, fmt.Sprintf("[%s %.1fh c%.3f w%.3f cv%.2f f%d]", map[bool]string{true: "Y", false: "n"}[rel[max(i, j)][min(i, j)] == sameEvent], sigs[i].published.Sub(sigs[j].published).Abs().Hours(), cos.at(i, j), sigs[i].whatDot(sigs[j]), sigs[i].cover(sigs[j]), figureAgreement(sigs[i].amounts, sigs[j].amounts)))
						n2++
						for _, k := range parts[:x] {
							n2 += 2 * cos.at(j, k)
						}
					}
					how += fmt.Sprintf(" TIE best %.3f worst %.3f whole %.3f %s", best, worst, dot/math.Sqrt(n2), strings.Join(det, " "))
				}
			} else if joinsWhole(arts, sigs, cos.at, members[gi], i) {
				how = "whole"
			}
			if how != "" {
				joined = gi
				var evs []string
				for _, j := range members[gi] {
					evs = append(evs, reps[j].event)
				}
				mark := ""
				if reps[members[gi][0]].event != reps[i].event {
					mark = "WRONG "
				}
				t.Logf("%s%d %s joins [%s] by %s", mark, i, reps[i].event, strings.Join(evs, ","), how)
				break
			}
		}
		if joined >= 0 {
			members[joined] = append(members[joined], i)
		} else {
			members = append(members, []int{i})
		}
	}
}

// TestShuffledAll (EVENTS_SHUFFLED=1): ten shuffled orders of every set.
func TestShuffledAll(t *testing.T) {
	if os.Getenv("EVENTS_SHUFFLED") == "" {
		t.Skip()
	}
	for _, name := range strings.Fields("events.txt heldout.txt blind3.txt blind4.txt blind5.txt blind6.txt blind7.txt blind8.txt blind9.txt blind10.txt blind11.txt blind12.txt blind13.txt blind14.txt blind15.txt blind16.txt blind17.txt blind18.txt blind19.txt blind20.txt blind21.txt blind22.txt blind23.txt") {
		sameEventPairsShuffled(t, name, 10)
	}
}
