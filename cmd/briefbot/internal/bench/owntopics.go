package bench

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
)

// digestOwnTopics builds every channel's digest as digestPhase does, but
// each channel watches --watches topics no other channel watches, so the
// engine's per-topic cache cannot serve one channel's work to another.
func digestOwnTopics(ctx context.Context, eng *briefing.Engine, store *storage.Store, opt benchOptions) (digestResult, error) {
	if opt.ownChannels == 0 {
		return digestResult{}, nil
	}
	seeds, err := loadSeeds(opt.corpus)
	if err != nil {
		return digestResult{}, err
	}
	topics := channelTopics(seeds, opt.ownChannels*opt.watches, opt.seed)
	d := digestBuilders(eng, store)[opt.digest]
	cpuProf, _ := opt.profiles("digest-own")
	stop, err := startCPUProfile(cpuProf)
	if err != nil {
		return digestResult{}, err
	}
	defer stop()
	// buildDigests gives channel c the topics c*watches ... c*watches+watches-1.
	res, err := buildDigests(ctx, d.label, d.build, topics, opt.ownChannels, opt.watches)
	res.Distinct = distinct(topics, opt.ownChannels*opt.watches)
	return res, err
}

// channelTopics derives n distinct topics from the real titles by a fixed
// rule, nothing chosen by hand: every title word and adjacent word pair
// (as deriveTopics reads them) in at least two titles, ranked by how many
// titles hold it, taken at n evenly spread ranks (broad to narrow), then
// shuffled with the bench seed so each channel gets a mix. With fewer
// candidates than n, the list repeats (the report counts the distinct).
func channelTopics(seeds []seedDoc, n int, seed uint64) []string {
	words, pairs := titleDF(seeds)
	df := map[string]int{}
	for _, m := range []map[string]int{words, pairs} {
		for k, v := range m {
			if v >= 2 {
				df[k] = v
			}
		}
	}
	keys := byDF(df)
	if len(keys) == 0 || n <= 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		if n <= len(keys) {
			out[i] = keys[i*len(keys)/n]
		} else {
			out[i] = keys[i%len(keys)]
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x6469676573740a))
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// distinct counts the distinct strings among the first n of s.
func distinct(s []string, n int) int {
	set := map[string]bool{}
	for _, v := range s[:min(n, len(s))] {
		set[v] = true
	}
	return len(set)
}

// digestOwnCell describes the distinct-topics digest run for the report.
func digestOwnCell(d digestResult) string {
	if d.Calls == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f (%.1f)", d.Seconds, d.CPUSeconds)
}
