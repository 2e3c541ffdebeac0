package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/sharedindex"
	"github.com/briefbot/briefbot/storage"
)

// The replica row (--steps replica): a new replica on PostgreSQL, from
// exec to its first /brief answer, warm (the shared snapshot, then a
// catch-up sync of the articles stored after it) and cold (the index
// rebuilt from the articles), each in a fresh process, alternated, on one
// private schema that holds the size's articles.

// replicaLoadResult is the set-up of one size: the articles stored
// through Engine.Ingest by a publishing replica, its snapshot published,
// then the newest CatchUp articles ingested after it (what a new replica
// has to catch up on).
type replicaLoadResult struct {
	FromSnapshot   int     `json:"from_snapshot"` // the previous size's snapshot, loaded by the publisher
	Ingested       int     `json:"ingested"`
	IngestSeconds  float64 `json:"ingest_seconds"`
	IngestCPU      float64 `json:"ingest_cpu_seconds"`
	Published      int     `json:"published_articles"`
	PublishSeconds float64 `json:"publish_seconds"`
	SnapshotMB     float64 `json:"snapshot_mb"`
	CatchUp        int     `json:"catch_up_articles"` // stored after the snapshot
	Stored         int64   `json:"stored"`            // articles in the database at the end
	PeakRSSMB      float64 `json:"peak_rss_mb"`
}

// replicaStart is one new replica: open the store (migrations checked),
// the engine, the shared snapshot when warm, and the first /brief (whose
// sync catches up or rebuilds). Seconds is from the parent's exec of the
// process to that answer; CPUSeconds the process's own CPU until then
// (PostgreSQL's CPU is not in it).
type replicaStart struct {
	Warm         bool    `json:"warm"`
	Seconds      float64 `json:"seconds"`
	CPUSeconds   float64 `json:"cpu_seconds"`
	LoadSeconds  float64 `json:"snapshot_load_seconds"` // warm: read, decode and check the snapshot
	FromSnapshot int     `json:"from_snapshot"`
	Indexed      int     `json:"indexed"`
	PeakRSSMB    float64 `json:"peak_rss_mb"`
	Load         string  `json:"load"` // the machine's load average at the answer
	// ServerCPUSeconds is the CPU time of the PostgreSQL server processes
	// of the replica's connections open at the answer (ServerProcs of
	// them; 0 when the server is not on this machine): the server's share
	// of the start, sending the snapshot and the articles.
	ServerCPUSeconds float64 `json:"server_cpu_seconds"`
	ServerProcs      int     `json:"server_processes"`
	// Answers is one digest per topic of its /brief (limit 5) and match
	// (limit 10) answers, to compare warm with cold.
	Answers []string `json:"answers"`
}

// replicaResult is the replica row of one size.
type replicaResult struct {
	Articles int               `json:"articles"`
	Load     replicaLoadResult `json:"load"`
	Starts   []replicaStart    `json:"starts"`
	// Same is whether every start gave the same answers to every topic;
	// Differ names the topics some start answered differently.
	Same   bool     `json:"same_answers"`
	Differ []string `json:"differing_topics,omitempty"`
}

// startMeans are the means over a size's warm or cold starts.
type startMeans struct {
	n                       int
	wall, cpu, load, server float64
}

// means returns the means of the warm or cold starts.
func (r replicaResult) means(warm bool) startMeans {
	var m startMeans
	for _, s := range r.Starts {
		if s.Warm == warm {
			m.n++
			m.wall, m.cpu, m.load, m.server = m.wall+s.Seconds, m.cpu+s.CPUSeconds, m.load+s.LoadSeconds, m.server+s.ServerCPUSeconds
		}
	}
	if m.n > 0 {
		k := float64(m.n)
		m.wall, m.cpu, m.load, m.server = m.wall/k, m.cpu/k, m.load/k, m.server/k
	}
	return m
}

// catchUpArticles is how many of a size's newest articles the publisher
// ingests after publishing: the most a replica can be behind under the
// publish policy (a thousand articles or 1%, see sharedindex), and at
// most half of what the size adds.
func catchUpArticles(prev, n int) int {
	return min(max(1000, n/100), n/10, (n-prev)/2)
}

// replicaStep runs the replica row of one size: the set-up, then rounds
// of a warm and a cold start, which goes first alternating.
func replicaStep(ctx context.Context, env *cli.Env, exe string, opt benchOptions, pgURL string, topics []string, prev, n int) (replicaResult, error) {
	res := replicaResult{Articles: n, Same: true}
	env.Log.Info("bench: replica set-up (ingest into PostgreSQL, publish)", "articles", n, "from", prev)
	if err := runBenchPhase(ctx, env, exe, opt.childArgs("replica-load", pgURL, prev, n, "all"), &res.Load); err != nil {
		return res, err
	}
	for i := range opt.replicaRounds {
		for k := range 2 {
			warm := (i+k)%2 == 0
			args := append(opt.childArgs("replica-start", pgURL, prev, n, "all"), "--warm="+strconv.FormatBool(warm),
				"--started", strconv.FormatInt(time.Now().UnixNano(), 10))
			var st replicaStart
			if err := runBenchPhase(ctx, env, exe, args, &st); err != nil {
				return res, err
			}
			if int64(st.Indexed) != res.Load.Stored || (warm && st.FromSnapshot != res.Load.Published) || (!warm && st.FromSnapshot != 0) {
				return res, fmt.Errorf("replica start (warm %v): %d articles from the snapshot, %d indexed; want %d and %d",
					warm, st.FromSnapshot, st.Indexed, res.Load.Published, res.Load.Stored)
			}
			res.Starts = append(res.Starts, st)
		}
	}
	res.Differ = differingTopics(topics, res.Starts)
	res.Same = len(res.Differ) == 0
	return res, nil
}

// differingTopics names the topics whose answer digest is not the same
// in every start.
func differingTopics(topics []string, starts []replicaStart) []string {
	var out []string
	for i := range starts[0].Answers {
		for _, s := range starts[1:] {
			if len(s.Answers) != len(starts[0].Answers) || s.Answers[i] != starts[0].Answers[i] {
				name := strconv.Itoa(i)
				if i < len(topics) {
					name = topics[i]
				}
				out = append(out, name)
				break
			}
		}
	}
	return out
}

// benchReplicaLoad is the set-up child: a publishing replica that loads
// the previous size's snapshot, ingests this size's articles but the
// newest few, publishes its index, then ingests those.
func benchReplicaLoad(ctx context.Context, opt benchOptions) (any, error) {
	seeds, err := loadSeeds(opt.corpus)
	if err != nil {
		return nil, err
	}
	corpus := newBenchCorpus(seeds, opt.seed)
	store, eng, err := benchEngine(ctx, opt, opt.db)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	var res replicaLoadResult
	if opt.from > 0 {
		res.FromSnapshot = sharedindex.New(opt.log, store, eng, true).Load(ctx)
	}
	ingest := func(from, to int) error {
		batch := make([]briefing.Article, 0, opt.batch)
		for i := from; i < to; i += opt.batch {
			batch = batch[:0]
			for j := i; j < min(i+opt.batch, to); j++ {
				batch = append(batch, corpus.article(j))
			}
			if _, err := eng.Ingest(ctx, batch); err != nil {
				return fmt.Errorf("ingest articles %d..%d: %w", i, i+len(batch), err)
			}
		}
		return nil
	}
	res.CatchUp = catchUpArticles(opt.from, opt.to)
	cpu0, start := cpuTime(), time.Now()
	if err := eng.Sync(ctx); err != nil { // the previous size's catch-up articles
		return nil, err
	}
	if err := ingest(opt.from, opt.to-res.CatchUp); err != nil {
		return nil, err
	}
	res.Ingested, res.IngestSeconds, res.IngestCPU = opt.to-res.CatchUp-opt.from, time.Since(start).Seconds(), (cpuTime() - cpu0).Seconds()
	start = time.Now()
	// Published directly, not through sharedindex's policy, which would
	// decline a snapshot only a few hundred articles newer (tiny sizes).
	meta, err := store.PublishIndexSnapshot(ctx, func(w io.Writer) (int, int64, error) { return eng.SaveIndexThrough(ctx, w) })
	if err != nil {
		return nil, err
	}
	res.PublishSeconds, res.Published, res.SnapshotMB = time.Since(start).Seconds(), meta.Articles, mb(meta.Bytes)
	if err := ingest(opt.to-res.CatchUp, opt.to); err != nil {
		return nil, err
	}
	if res.Stored, err = store.CountArticles(ctx); err != nil {
		return nil, err
	}
	if got := eng.Indexed(); int64(got) != res.Stored {
		return nil, fmt.Errorf("replica set-up: the publisher indexed %d articles of %d stored", got, res.Stored)
	}
	res.PeakRSSMB = peakRSSMB()
	return res, nil
}

// benchReplicaStart is one new replica, warm or cold, as serve starts:
// the shared snapshot is loaded just before the first sync.
func benchReplicaStart(ctx context.Context, opt benchOptions) (any, error) {
	started := time.Unix(0, opt.started)
	topics, err := readTopics(opt.topicsFile)
	if err != nil {
		return nil, err
	}
	// A name of its own, so that the server processes of this replica's
	// connections can be found (see serverCPU).
	u, err := url.Parse(opt.db)
	if err != nil {
		return nil, fmt.Errorf("replica start: %w", err)
	}
	q := u.Query()
	q.Set("application_name", fmt.Sprintf("briefbot-bench-replica-%d", os.Getpid()))
	u.RawQuery = q.Encode()
	store, eng, err := benchEngine(ctx, opt, u.String())
	if err != nil {
		return nil, err
	}
	defer store.Close()
	res := replicaStart{Warm: opt.warm}
	part := "replica-cold"
	if opt.warm {
		part = "replica-warm"
	}
	cpuProf, _ := opt.profiles(part)
	stop, err := startCPUProfile(cpuProf)
	if err != nil {
		return nil, err
	}
	if opt.warm {
		shared := sharedindex.New(opt.log, store, eng, true)
		eng.SetWarmStart(func(ctx context.Context) {
			t := time.Now()
			res.FromSnapshot = shared.Load(ctx)
			res.LoadSeconds = time.Since(t).Seconds()
		})
	}
	_, err = eng.Brief(ctx, topics[0], briefing.BriefOptions{Limit: 5})
	res.Seconds, res.CPUSeconds = time.Since(started).Seconds(), cpuTime().Seconds()
	stop()
	if err != nil && briefing.ErrorCode(err) != briefing.EInvalid {
		return nil, err
	}
	res.Indexed, res.Load = eng.Indexed(), loadAvg()
	res.ServerCPUSeconds, res.ServerProcs = serverCPU(ctx, store)
	for _, t := range topics {
		d, err := answerDigest(ctx, eng, t)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", t, err)
		}
		res.Answers = append(res.Answers, d)
	}
	res.PeakRSSMB = peakRSSMB()
	return res, nil
}

// answerDigest is a SHA-256 of a topic's /brief (limit 5, the time it was
// generated left out) and match (limit 10) answers, or of the error code
// the engine gave.
func answerDigest(ctx context.Context, eng *briefing.Engine, topic string) (string, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	b, err := eng.Brief(ctx, topic, briefing.BriefOptions{Limit: 5})
	if code := briefing.ErrorCode(err); code == briefing.EInvalid {
		fmt.Fprintf(h, "brief error %s\n", code)
	} else if err != nil {
		return "", err
	} else {
		b.GeneratedAt = time.Time{}
		if err := enc.Encode(b); err != nil {
			return "", err
		}
	}
	ms, err := eng.Match(ctx, topic, briefing.MatchOptions{Limit: 10})
	if code := briefing.ErrorCode(err); code == briefing.EInvalid {
		fmt.Fprintf(h, "match error %s\n", code)
	} else if err != nil {
		return "", err
	} else if err := enc.Encode(ms); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// benchEngine opens the store at dsn and the engine the bench's phases
// use on it, with --rank-depth; the caller closes the store.
func benchEngine(ctx context.Context, opt benchOptions, dsn string) (*storage.Store, *briefing.Engine, error) {
	depth := 0
	if opt.rankDepth != "" {
		d, err := briefing.ParseRankDepth(opt.rankDepth)
		if err != nil {
			return nil, nil, fmt.Errorf("--rank-depth: %s", briefing.ErrorMessage(err))
		}
		depth = d
	}
	store, err := storage.Open(ctx, dsn, storage.Options{})
	if err != nil {
		return nil, nil, err
	}
	return store, briefing.NewEngine(store, briefing.Config{RankDepth: depth}), nil
}

// serverCPU sums the CPU time (user and system) of the PostgreSQL server
// processes of store's connections, read from /proc: (0, 0) when the
// server runs elsewhere. Connections the pool already closed are not in
// it, so it can only understate.
func serverCPU(ctx context.Context, store *storage.Store) (float64, int) {
	pids, err := store.ServerPIDs(ctx)
	if err != nil {
		return 0, 0
	}
	var ticks int64
	n := 0
	for _, pid := range pids {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// Fields after the command name (which may hold spaces) start at
		// the state, field 3; utime and stime are fields 14 and 15.
		f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
		if len(f) < 13 {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		s, _ := strconv.ParseInt(f[12], 10, 64)
		ticks += u + s
		n++
	}
	return float64(ticks) / clockTicks, n
}

// clockTicks is Linux's USER_HZ, the unit of /proc/PID/stat times (100 on
// every architecture Go builds for).
const clockTicks = 100
