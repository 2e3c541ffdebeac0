package bench

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
)

// digestPhase builds the digests of --channels channels with the --digest
// builder, profiling it at --profile-size.
func digestPhase(ctx context.Context, eng *briefing.Engine, store *storage.Store, topics []string, opt benchOptions) (digestResult, error) {
	d := digestBuilders(eng, store)[opt.digest]
	cpuProf, _ := opt.profiles("digest")
	stop, err := startCPUProfile(cpuProf)
	if err != nil {
		return digestResult{}, err
	}
	defer stop()
	res, err := buildDigests(ctx, d.label, d.build, topics, opt.channels, opt.watches)
	res.Distinct = min(len(topics), opt.channels*opt.watches)
	return res, err
}

// digestResult is the time to build every channel's digest.
type digestResult struct {
	Builder  string  `json:"builder"`
	Channels int     `json:"channels"`
	Watches  int     `json:"watches_per_channel"`
	Calls    int     `json:"calls"`
	Workers  int     `json:"workers"`
	Seconds  float64 `json:"seconds"`
	// CPUSeconds is the process CPU time of the run (all threads).
	CPUSeconds float64 `json:"cpu_seconds"`
	// Distinct is how many different topics the channels watch in all.
	Distinct int `json:"distinct_topics"`
}

// digestFunc builds the digest of channel ch from the topics it watches.
type digestFunc func(ctx context.Context, ch int, topics []string) error

// digestBuilders are the --digest choices, by name, with the label the
// report shows.
func digestBuilders(eng *briefing.Engine, store *storage.Store) map[string]struct {
	label string
	build digestFunc
} {
	return map[string]struct {
		label string
		build digestFunc
	}{
		"engine":  {"Engine.Digest (the scheduled digest builder; Seen = the store's delivery ledger, empty: every channel's first digest)", engineDigest(eng, store)},
		"standin": {"stand-in: one Engine.Brief (limit 5) per watched topic", standInDigest(eng)},
	}
}

// engineDigest builds digests the way scheduled jobs do, short of sending:
// Engine.Digest asks the delivery ledger which candidates each channel has
// already had. The bench ledger is empty, so each digest is a channel's
// first, the most work.
func engineDigest(eng *briefing.Engine, store *storage.Store) digestFunc {
	return func(ctx context.Context, ch int, topics []string) error {
		c := briefing.Channel{Platform: "bench", ID: fmt.Sprint(ch)}
		_, err := eng.Digest(ctx, briefing.DigestOptions{Topics: topics,
			Seen: func(ctx context.Context, ids []int64) (map[int64]bool, error) {
				return store.DeliveredArticles(ctx, c, ids)
			}})
		return err
	}
}

// standInDigest was the measure before the digest builder landed: a digest
// is at least one briefing per watched topic. Kept to compare with.
func standInDigest(eng *briefing.Engine) digestFunc {
	return func(ctx context.Context, _ int, topics []string) error {
		for _, t := range topics {
			if _, err := eng.Brief(ctx, t, briefing.BriefOptions{Limit: 5}); err != nil {
				return err
			}
		}
		return nil
	}
}

// buildDigests builds the digests of channels channels, each watching
// watches topics spread over the topic set, on GOMAXPROCS workers.
func buildDigests(ctx context.Context, label string, build digestFunc, topics []string, channels, watches int) (digestResult, error) {
	res := digestResult{Builder: label, Channels: channels, Watches: watches,
		Calls: channels * watches, Workers: runtime.GOMAXPROCS(0)}
	var next atomic.Int64
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	start, cpu0 := time.Now(), cpuTime()
	for range res.Workers {
		wg.Go(func() {
			for c := int(next.Add(1)) - 1; c < channels && failed.Load() == nil; c = int(next.Add(1)) - 1 {
				watched := make([]string, watches)
				for j := range watched {
					watched[j] = topics[(c*watches+j)%len(topics)]
				}
				if err := build(ctx, c, watched); err != nil {
					failed.Store(&err)
				}
			}
		})
	}
	wg.Wait()
	res.Seconds, res.CPUSeconds = time.Since(start).Seconds(), (cpuTime() - cpu0).Seconds()
	if p := failed.Load(); p != nil {
		return res, *p
	}
	return res, nil
}
