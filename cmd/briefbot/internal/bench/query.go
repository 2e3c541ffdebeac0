package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/metrics"
	"sort"
	"time"

	"github.com/briefbot/briefbot/adapters/httpapi"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/bench/fts"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/memlimit"
	"github.com/briefbot/briefbot/storage"
)

// latency summarises request times.
type latency struct {
	N      int     `json:"n"`
	P50ms  float64 `json:"p50_ms"`
	P99ms  float64 `json:"p99_ms"`
	MaxMs  float64 `json:"max_ms"`
	MeanMs float64 `json:"mean_ms"`
	// CPUms is the process CPU time per request (all threads, GC
	// included): the mean cost, far less disturbed by other load on the
	// machine than the wall-clock percentiles.
	CPUms float64 `json:"cpu_ms_per_request"`
	// Topics and Slowest say where the tail comes from: each topic's
	// requests, and the slowest requests with what else ran meanwhile.
	Topics  []topicLatency `json:"per_topic,omitempty"`
	Slowest []sample       `json:"slowest,omitempty"`
}

// topicHits shows how much each side selects per topic, so the latencies
// compare like with like.
type topicHits struct {
	Topic   string `json:"topic"`
	Matches int    `json:"matches"`        // Engine.Match without a limit
	FTS     int    `json:"fts5_matches"`   // FTS5 rows matching the AND query
	Invalid bool   `json:"invalid_for_us"` // the engine rejected it (no searchable words); left out
	// Deep is false when the rank depth cut the topic's candidates (its
	// /brief total is "at least"); SameTop10 is how many of match --limit
	// 10's articles are also in the top 10 read with no depth.
	Deep      bool `json:"read_every_candidate"`
	SameTop10 int  `json:"top10_same_as_no_depth"`
}

// queryResult is the query phase: a fresh process that loads the index,
// then answers the topics in process, through FTS5 and over HTTP, and
// builds the channel digests.
type queryResult struct {
	Topics []topicHits `json:"topics"`
	Brief  latency     `json:"brief"`
	Match  latency     `json:"match_limit10"`
	// MatchAll is match --limit 10 reading every candidate (no rank
	// depth): the exhaustive figure, like for like with FTS5.
	MatchAll latency `json:"match_limit10_no_depth"`
	// FTS is FTS5 with SQLite's default memory (2,000 KiB page cache, no
	// mmap); FTSMem is the same query with a memory budget like our
	// index's (see ftsBudget), the like-for-like figure.
	FTS       latency      `json:"fts5_top10"`
	FTSMem    latency      `json:"fts5_top10_memory_budget"`
	FTSBudget ftsMemory    `json:"fts5_memory_budget"`
	HTTPBrief latency      `json:"http_brief"`
	HTTPMatch latency      `json:"http_match_limit10"`
	Digest    digestResult `json:"digest"`
	// DigestOwn is the same digest run with every channel watching its
	// own distinct topics, so the per-topic cache cannot share work
	// between channels.
	DigestOwn digestResult `json:"digest_distinct_topics"`
	// PeakRSSMB is the peak resident set through everything serve would
	// do (warm-up, requests in process and over HTTP, digests), with
	// FTS5 at SQLite's default memory beside it; PeakRSSWithFTSBudgetMB
	// is the peak after the FTS5 run with a memory budget as well.
	PeakRSSMB              float64 `json:"peak_rss_mb"`
	PeakRSSWithFTSBudgetMB float64 `json:"peak_rss_with_fts5_budget_mb"`
	// MemoryLimitMB is the soft memory limit set after the load, as serve
	// sets it (package memlimit; 0: none, GOMEMLIMIT was set).
	MemoryLimitMB float64 `json:"memory_limit_mb"`
	// GCCycles and GCCPUSeconds are the collector's cycles and CPU
	// (runtime/metrics' estimate) after the load, through the phase.
	GCCycles     uint64  `json:"gc_cycles"`
	GCCPUSeconds float64 `json:"gc_cpu_seconds"`
	// WarmUpPeakRSSMB is the peak resident set at the end of the warm-up,
	// whose unranked matches (every match of each topic) are the phase's
	// largest answers.
	WarmUpPeakRSSMB float64 `json:"warm_up_peak_rss_mb"`
	// Load is this fresh process's own start-up (open + Sync), a second
	// start-up sample.
	Load startupResult `json:"load"`
}

func benchQuery(ctx context.Context, opt benchOptions) (any, error) {
	all, err := readTopics(opt.topicsFile)
	if err != nil {
		return nil, err
	}
	cpu0 := cpuTime()
	store, eng, took, loaded, err := openBenchEngine(ctx, opt, opt.db)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	load := startupResult{Seconds: took.Seconds(), CPUSeconds: (cpuTime() - cpu0).Seconds(), FromIndexFile: loaded, PeakRSSMB: peakRSSMB()}
	limit := memlimit.Set(os.Getenv) // what serve does once its index is ready
	gc0 := readGC()
	ix, err := fts.Open(ctx, opt.ftsPath())
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	res := queryResult{Load: load, MemoryLimitMB: float64(limit) / (1 << 20)}
	log := opt.log.With("articles", opt.to)
	log.Info("bench query: warm-up", "load_seconds", load.Seconds)
	topics, err := warmUp(ctx, eng, ix, all, &res)
	if err != nil {
		return nil, err
	}
	res.WarmUpPeakRSSMB = peakRSSMB()
	log.Info("bench query: in process")
	if err := inProcess(ctx, eng, ix, topics, opt, &res); err != nil {
		return nil, err
	}
	log.Info("bench query: HTTP")
	if err := overHTTP(ctx, eng, store, topics, opt.httpReps, &res); err != nil {
		return nil, err
	}
	log.Info("bench query: digests", "channels", opt.channels)
	if res.Digest, err = digestPhase(ctx, eng, store, topics, opt); err != nil {
		return nil, err
	}
	log.Info("bench query: digests, every channel its own topics", "channels", opt.ownChannels)
	if res.DigestOwn, err = digestOwnTopics(ctx, eng, store, opt); err != nil {
		return nil, err
	}
	res.PeakRSSMB = peakRSSMB()
	res.GCCycles, res.GCCPUSeconds = readGC().since(gc0)
	// FTS5 with a memory budget comes last: its page cache and memory
	// map, as large as our index, live in this process, so measured
	// earlier they would count in the peak above as if serve held them.
	ixMem, err := openFTSBudget(ctx, opt, &res.FTSBudget)
	if err != nil {
		return nil, err
	}
	defer ixMem.Close()
	log.Info("bench query: FTS5 with a memory budget", "cache_bytes", res.FTSBudget.CacheBytes, "mmap_bytes", res.FTSBudget.MmapBytes)
	if res.FTSMem, err = ftsInMemory(ctx, ixMem, topics, opt.reps); err != nil {
		return nil, err
	}
	res.PeakRSSWithFTSBudgetMB = peakRSSMB()
	_, memProf := opt.profiles("query")
	err = writeHeapProfile(memProf)
	runtime.KeepAlive(eng)
	return res, err
}

// warmUp runs every topic once on both sides (untimed), records hit
// counts, and returns the topics the engine accepts.
func warmUp(ctx context.Context, eng *briefing.Engine, ix *fts.Index, all []string, res *queryResult) ([]string, error) {
	var ok []string
	for _, t := range all {
		h := topicHits{Topic: t}
		ms, err := eng.Match(ctx, t, briefing.MatchOptions{})
		switch {
		case briefing.ErrorCode(err) == briefing.EInvalid:
			h.Invalid = true
		case err != nil:
			return nil, err
		default:
			h.Matches = len(ms)
			ok = append(ok, t)
		}
		if h.FTS, err = ix.Count(ctx, fts.Query(t)); err != nil {
			return nil, err
		}
		b, err := eng.Brief(ctx, t, briefing.BriefOptions{})
		if err != nil && !h.Invalid {
			return nil, err
		}
		h.Deep = !b.MatchesAtLeast
		if !h.Invalid {
			if h.SameTop10, err = sameTop10(ctx, eng, t); err != nil {
				return nil, err
			}
		}
		res.Topics = append(res.Topics, h)
	}
	if len(ok) == 0 {
		return nil, errors.New("the engine accepts none of the topics")
	}
	return ok, nil
}

func inProcess(ctx context.Context, eng *briefing.Engine, ix *fts.Index, topics []string, opt benchOptions, res *queryResult) error {
	cpuProf, _ := opt.profiles("brief")
	stop, err := startCPUProfile(cpuProf)
	if err != nil {
		return err
	}
	res.Brief, err = measure(opt.reps, topics, func(t string) error {
		_, err := eng.Brief(ctx, t, briefing.BriefOptions{Limit: 5})
		return err
	})
	stop()
	if err != nil {
		return err
	}
	res.Match, err = measure(opt.reps, topics, func(t string) error {
		_, err := eng.Match(ctx, t, briefing.MatchOptions{Limit: 10})
		return err
	})
	if err != nil {
		return err
	}
	res.MatchAll, err = measure(opt.reps, topics, func(t string) error {
		_, err := eng.Match(ctx, t, briefing.MatchOptions{Limit: 10, Depth: -1})
		return err
	})
	if err != nil {
		return err
	}
	res.FTS, err = measure(opt.reps, topics, func(t string) error {
		_, err := ix.Top(ctx, fts.Query(t), 10)
		return err
	})
	return err
}

// sameTop10 counts the articles of the topic's top 10 at the engine's
// rank depth that are also in its top 10 read with no depth.
func sameTop10(ctx context.Context, eng *briefing.Engine, topic string) (int, error) {
	deep, err := eng.Match(ctx, topic, briefing.MatchOptions{Limit: 10})
	if err != nil {
		return 0, err
	}
	all, err := eng.Match(ctx, topic, briefing.MatchOptions{Limit: 10, Depth: -1})
	if err != nil {
		return 0, err
	}
	in := map[int64]bool{}
	for _, m := range all {
		in[m.ArticleID] = true
	}
	n := 0
	for _, m := range deep {
		if in[m.ArticleID] {
			n++
		}
	}
	return n, nil
}

// measure calls fn for every topic, reps rounds, topics interleaved.
func measure(reps int, topics []string, fn func(topic string) error) (latency, error) {
	var ds []time.Duration
	var all []sample
	cpu0, begin := cpuTime(), time.Now()
	for r := range reps {
		for _, t := range topics {
			s, err := timeRequest(t, r, begin, fn)
			if err != nil {
				return latency{}, fmt.Errorf("%q: %w", t, err)
			}
			ds = append(ds, time.Duration(s.Ms*float64(time.Millisecond)))
			all = append(all, s)
		}
	}
	l := summarize(ds)
	if l.N > 0 {
		l.CPUms = float64(cpuTime()-cpu0) / float64(time.Millisecond) / float64(l.N)
		l.Topics, l.Slowest = perTopic(topics, all), slowest(all, 5)
	}
	return l, nil
}

func summarize(ds []time.Duration) latency {
	if len(ds) == 0 {
		return latency{}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	return latency{N: len(ds), P50ms: ms(percentile(ds, 0.50)), P99ms: ms(percentile(ds, 0.99)),
		MaxMs: ms(ds[len(ds)-1]), MeanMs: ms(sum) / float64(len(ds))}
}

// percentile is the nearest-rank percentile of sorted ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(ds)))) - 1
	return ds[max(0, min(i, len(ds)-1))]
}

// overHTTP serves the API on 127.0.0.1 and requests each topic httpReps
// times from /api/v1/brief and /api/v1/match (limit 10).
func overHTTP(ctx context.Context, eng *briefing.Engine, store *storage.Store, topics []string, reps int, res *queryResult) error {
	if reps == 0 {
		return nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: httpapi.New(eng, store, httpapi.Config{}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: time.Minute}
	get := func(path, limit string) func(string) error {
		return func(t string) error {
			return httpGet(ctx, client, base+path+"?"+url.Values{"topic": {t}, "limit": {limit}}.Encode())
		}
	}
	if res.HTTPBrief, err = measure(reps, topics, get("/api/v1/brief", "5")); err != nil {
		return err
	}
	res.HTTPMatch, err = measure(reps, topics, get("/api/v1/match", "10"))
	return err
}

func httpGet(ctx context.Context, c *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return nil
}

// gcState is the collector's cycles and CPU so far.
type gcState struct {
	cycles uint64
	cpu    float64
}

func readGC() gcState {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	return gcState{cycles: s[0].Value.Uint64(), cpu: s[1].Value.Float64()}
}

func (g gcState) since(o gcState) (uint64, float64) { return g.cycles - o.cycles, g.cpu - o.cpu }
