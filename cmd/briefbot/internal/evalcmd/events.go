package evalcmd

import (
	"context"
	"fmt"
	"io"
	mrand "math/rand"
	"math/rand/v2"
	"path/filepath"
	"sort"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/eventset"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// runEvalEvents is `briefbot eval events`: the engine's story fold scored
// pairwise on labelled event sets (package eventset's format), each file
// apart and pooled, so a set nobody designed on is checked by the same
// command as the sets in the repository.
func runEvalEvents(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "eval events", "--data SET.txt [--data MORE.txt ...] [--orders N] [--pairs]",
		"Score how the engine folds labelled reports into stories: pairwise \"same story\" precision, recall\n"+
			"and F1 per set and pooled, with a 95% interval (events resampled). Reports are folded in file order\n"+
			"(and in N shuffled orders with --orders: a briefing lists its candidates by rank).")
	var files queryFiles
	fs.Var(&files, "data", "a labelled event set (event/source/published/title headers, then text); repeat for more sets")
	orders := fs.Int("orders", 0, "also fold each set in this many shuffled orders (seeds 0..N-1) and report mean and lowest F1")
	pairs := fs.Bool("pairs", false, "list each wrong join and each miss by the events' labels")
	if _, err := cli.Parse(env, fs, args); err != nil {
		return err
	}
	if len(files) == 0 {
		return cli.UsageErr(env, fs, "give --data SET.txt")
	}
	if *orders < 0 || *orders > maxOrders {
		return cli.UsageErr(env, fs, fmt.Sprintf("--orders: want 0 to %d", maxOrders))
	}
	var sets []scoredSet
	for _, f := range files {
		reps, err := readData(f, eventset.Read)
		if err != nil {
			return err
		}
		if len(reps) > maxReports {
			return fmt.Errorf("%s: %d reports; at most %d per set (the measure is over every pair)", f, len(reps), maxReports)
		}
		sets = append(sets, scoreSet(filepath.Base(f), reps, *orders))
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	printEvents(env.Out, sets, *orders, *pairs)
	return nil
}

const (
	// maxOrders and maxReports bound the command's work: every order folds
	// the whole set, and the measure visits every pair of reports.
	maxOrders  = 100
	maxReports = 5000
)

// scoredSet is one event set folded and scored.
type scoredSet struct {
	name              string
	reps              []eventset.Report
	story             []int
	tp, fp, fn        int
	meanF1, lowF1     float64 // over the shuffled orders
	wrongJoins, apart [][2]int
}

func scoreSet(name string, reps []eventset.Report, orders int) scoredSet {
	arts := make([]briefing.Article, len(reps))
	for i, r := range reps {
		arts[i] = briefing.Article{Source: r.Source, Published: r.Published, Title: r.Title, Text: r.Text,
			GUID: fmt.Sprintf("%s-%d", r.Event, i)}
	}
	s := scoredSet{name: name, reps: reps, story: briefing.GroupReports(arts, nil)}
	s.tp, s.fp, s.fn = eventset.Pairs(reps, s.story)
	for i := range reps {
		for j := i + 1; j < len(reps); j++ {
			same, joined := reps[i].Event == reps[j].Event, s.story[i] == s.story[j]
			switch {
			case joined && !same:
				s.wrongJoins = append(s.wrongJoins, [2]int{i, j})
			case same && !joined:
				s.apart = append(s.apart, [2]int{i, j})
			}
		}
	}
	s.lowF1 = 1
	for seed := range orders {
		// The engine's tests shuffle with the same generator and seeds
		// (sameEventPairsShuffled), so the figures agree.
		order := mrand.New(mrand.NewSource(int64(seed))).Perm(len(arts))
		_, _, f1 := eventset.Scores(eventset.Pairs(reps, briefing.GroupReports(arts, order)))
		s.meanF1 += f1 / float64(orders)
		s.lowF1 = min(s.lowF1, f1)
	}
	return s
}

func printEvents(w io.Writer, sets []scoredSet, orders int, pairs bool) {
	fmt.Fprintln(w, "Same-story pairs: every two reports of a set, \"same\" when their event labels agree, joined when the")
	fmt.Fprintln(w, "engine folds them into one story (reports in file order).")
	fmt.Fprintln(w)
	head, rule := "| set | reports | events | joined right | joined wrong | missed | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	if orders > 0 {
		head += fmt.Sprintf(" mean F1, %d orders | lowest |", orders)
		rule += "---:|---:|"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, rule)
	var tp, fp, fn, nRep, nEv int
	for _, s := range sets {
		p, r, f1 := eventset.Scores(s.tp, s.fp, s.fn)
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %.3f | %.3f | %.3f |", s.name, len(s.reps), eventset.Events(s.reps), s.tp, s.fp, s.fn, p, r, f1)
		if orders > 0 {
			fmt.Fprintf(w, " %.3f | %.3f |", s.meanF1, s.lowF1)
		}
		fmt.Fprintln(w)
		tp, fp, fn, nRep, nEv = tp+s.tp, fp+s.fp, fn+s.fn, nRep+len(s.reps), nEv+eventset.Events(s.reps)
	}
	if len(sets) > 1 {
		p, r, f1 := eventset.Scores(tp, fp, fn)
		fmt.Fprintf(w, "| pooled | %d | %d | %d | %d | %d | %.3f | %.3f | %.3f |", nRep, nEv, tp, fp, fn, p, r, f1)
		if orders > 0 {
			fmt.Fprint(w, " | |")
		}
		fmt.Fprintln(w)
	}
	iv := eventBootstrap(sets, bootstrapResamples, bootstrapSeed)
	fmt.Fprintf(w, "\n95%% intervals, events resampled with their reports (%d resamples, seed %d): P [%.3f, %.3f], R [%.3f, %.3f], F1 [%.3f, %.3f]\n",
		bootstrapResamples, bootstrapSeed, iv[0][0], iv[0][1], iv[1][0], iv[1][1], iv[2][0], iv[2][1])
	if !pairs {
		return
	}
	for _, s := range sets {
		fmt.Fprintf(w, "\n%s:\n", s.name)
		for _, pr := range s.wrongJoins {
			fmt.Fprintf(w, "- joined, different events: %s | %s\n", s.reps[pr[0]].Event, s.reps[pr[1]].Event)
		}
		for _, pr := range s.apart {
			fmt.Fprintf(w, "- apart, one event: %s (%s | %s)\n", s.reps[pr[0]].Event, s.reps[pr[0]].Source, s.reps[pr[1]].Source)
		}
	}
}

// eventBootstrap resamples events (each with all its reports, within its
// set) with replacement and returns the 2.5th and 97.5th percentiles of
// pooled pairwise P, R and F1: pairs within one event stand or fall
// together, so events, not pairs, are the units of noise. Pairs between
// two draws of one event are not counted (they would be copies).
func eventBootstrap(sets []scoredSet, resamples int, seed uint64) [3][2]float64 {
	type eventUnit struct{ tp, fn int }
	var units []eventUnit
	wrong := map[[2]int]int{} // joined-wrong pairs between two units
	for _, s := range sets {
		index := map[string]int{}
		for _, r := range s.reps {
			if _, ok := index[r.Event]; !ok {
				index[r.Event] = len(units)
				units = append(units, eventUnit{})
			}
		}
		for i := range s.reps {
			for j := i + 1; j < len(s.reps); j++ {
				a, b := index[s.reps[i].Event], index[s.reps[j].Event]
				joined := s.story[i] == s.story[j]
				switch {
				case a == b && joined:
					units[a].tp++
				case a == b:
					units[a].fn++
				case joined:
					wrong[[2]int{min(a, b), max(a, b)}]++
				}
			}
		}
	}
	if len(units) == 0 {
		return [3][2]float64{}
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	var ps, rs, fs []float64
	count := make([]int, len(units))
	for range resamples {
		clear(count)
		for range units {
			count[rng.IntN(len(units))]++
		}
		var tp, fp, fn int
		for u, c := range count {
			tp += c * units[u].tp
			fn += c * units[u].fn
		}
		for k, n := range wrong {
			fp += count[k[0]] * count[k[1]] * n
		}
		p, r, f1 := eventset.Scores(tp, fp, fn)
		ps, rs, fs = append(ps, p), append(rs, r), append(fs, f1)
	}
	var out [3][2]float64
	for i, xs := range [][]float64{ps, rs, fs} {
		sort.Float64s(xs)
		out[i] = [2]float64{xs[int(0.025*float64(len(xs)))], xs[min(len(xs)-1, int(0.975*float64(len(xs))))]}
	}
	return out
}
