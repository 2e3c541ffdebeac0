package bench

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// benchOptions are the flags of `briefbot bench`. The parent process runs
// each phase in a fresh child process (the same binary with --phase) so
// that start-up is measured in a fresh process (fresh heap; the page cache
// stays warm) and peak memory is per phase.
type benchOptions struct {
	corpus      []string
	sizes       []int
	dataDir     string
	out         string
	cores       []string // "1" and/or "all"
	topicsFile  string
	seed        uint64
	batch       int
	reps        int
	httpReps    int
	channels    int
	ownChannels int // channels in the digest run with distinct topics per channel
	watches     int
	digest      string // "engine" or "standin"
	cpuProfile  string
	memProfile  string
	profileSize int
	keep        bool
	rankDepth   string // briefing.Config.RankDepth as given ("": the default)
	// steps are the phases the parent runs (default all): a later run can
	// measure start-up and queries again on databases a kept run built.
	steps map[string]bool
	// pgDSN is the PostgreSQL server of the replica row; each run makes
	// a private schema there and drops it at the end (unless --keep).
	pgDSN         string
	replicaRounds int

	// Set by the parent for a child process.
	log      *slog.Logger
	phase    string
	db       string
	from, to int
	warm     bool  // replica-start: load the shared snapshot
	started  int64 // replica-start: when the parent started the process (Unix ns)
}

const benchAbout = `Benchmark ingest, /brief, match, digests, memory, database size and start-up at
several corpus sizes, side by side with an SQLite FTS5 bm25() top-10 query.

The corpus is the JSONL files given (fields id, title, text, and optionally date,
category, topics, sentences), then synthetic articles generated from them with a
fixed seed until each size is reached. Topics come from --topics or are derived
from the titles (frequent words and word pairs at spread frequency ranks).

The replica row (--steps replica, PostgreSQL at --pg-dsn, a private schema dropped
after) stores each size's articles through a publishing replica, publishes the
shared index snapshot, then starts new replicas warm (snapshot and catch-up) and
cold (rebuild), each in a fresh process to its first /brief, and compares their
answers.

Each phase runs in a child process of this binary. Results go to stdout as a
Markdown table, and to --out (.json for JSON, anything else for Markdown).`

func Run(ctx context.Context, env *cli.Env, args []string) error {
	opt, err := parseBenchFlags(env, args)
	if err != nil {
		return err
	}
	if opt.phase != "" {
		return runBenchChild(ctx, env, opt)
	}
	return runBenchParent(ctx, env, opt)
}

func parseBenchFlags(env *cli.Env, args []string) (benchOptions, error) {
	fs := cli.NewFlags(env, "bench", "[flags] CORPUS.jsonl...", benchAbout)
	var opt benchOptions
	corpus := fs.String("corpus", "", "comma-separated JSONL corpus files (or give them as arguments)")
	sizes := fs.String("sizes", "10000,100000", "comma-separated corpus sizes, e.g. 10000,100000,1000000")
	cores := fs.String("cores", "1,all", "ingest on 1 core, on all cores, or both (1,all); queries use the last")
	fs.StringVar(&opt.dataDir, "data-dir", "", "directory for the databases (default: a temporary one, removed after)")
	fs.StringVar(&opt.out, "out", "", "also write the results to this file (.json: JSON; otherwise Markdown)")
	fs.StringVar(&opt.topicsFile, "topics", "", "file of topics, one a line (category<TAB>query lines too); default: derived from the corpus")
	fs.Uint64Var(&opt.seed, "seed", 1, "seed of the synthetic article generator")
	fs.IntVar(&opt.batch, "batch", 100, "articles per Engine.Ingest call (one feed fetch)")
	fs.IntVar(&opt.reps, "reps", 20, "in-process requests per topic for /brief, match and FTS5")
	fs.IntVar(&opt.httpReps, "http-reps", 5, "HTTP requests per topic for /api/v1/brief and /api/v1/match")
	fs.IntVar(&opt.channels, "channels", 1000, "channels in the digest run")
	fs.IntVar(&opt.watches, "watches", 5, "watched topics per channel in the digest run")
	fs.IntVar(&opt.ownChannels, "own-topic-channels", 1000, "channels in the second digest run, where each channel watches its own distinct topics (0: skip it)")
	fs.StringVar(&opt.digest, "digest", "engine", "digest builder: engine (Engine.Digest) or standin (one Engine.Brief per topic)")
	fs.StringVar(&opt.cpuProfile, "cpuprofile", "", "write CPU profiles at --profile-size: FILE-{ingest-1core,ingest-allcore,startup,brief,digest,digest-own,replica-warm,replica-cold}-N.pprof")
	fs.StringVar(&opt.memProfile, "memprofile", "", "write heap profiles at the end of the ingest and query phases at --profile-size")
	fs.IntVar(&opt.profileSize, "profile-size", 100000, "corpus size at which to profile")
	fs.BoolVar(&opt.keep, "keep", false, "keep the databases in --data-dir")
	fs.StringVar(&opt.rankDepth, "rank-depth", "", "candidates a ranked answer reads, or all (default: the engine's, as BRIEFBOT_RANK_DEPTH)")
	steps := fs.String("steps", "ingest,fts,startup,query", "phases to run (not run by default: retention, prune a copy of each size's archive to its newest 30%; "+
		"replica, a new replica's start on PostgreSQL with and without the shared snapshot); without ingest (and fts) the databases in --data-dir from an earlier run are measured as they are")
	fs.StringVar(&opt.pgDSN, "pg-dsn", defaultPGDSN(), "PostgreSQL server of the replica step, a postgres:// URL; $BRIEFBOT_BENCH_POSTGRES_URL sets the default")
	fs.IntVar(&opt.replicaRounds, "replica-rounds", 1, "warm and cold replica starts per size (each round one of each, which goes first alternating)")
	fs.StringVar(&opt.phase, "phase", "", "internal: run one phase (ingest, fts, startup, query, retention, replica-load, replica-start) as a child")
	fs.BoolVar(&opt.warm, "warm", false, "internal: a replica-start phase loads the shared snapshot")
	fs.Int64Var(&opt.started, "started", 0, "internal: when the parent started a replica-start phase (Unix ns)")
	fs.StringVar(&opt.db, "db", "", "internal: the database of a phase")
	fs.IntVar(&opt.from, "from", 0, "internal: first article of an ingest phase")
	fs.IntVar(&opt.to, "to", 0, "internal: end of an ingest phase (the corpus size)")
	pos, err := cli.Parse(env, fs, args)
	if err != nil {
		return opt, err
	}
	opt.corpus = append(benchList(*corpus), pos...)
	opt.cores = benchList(*cores)
	opt.steps = map[string]bool{}
	for _, st := range benchList(*steps) {
		opt.steps[st] = true
	}
	if opt.sizes, err = parseSizes(*sizes); err != nil {
		return opt, cli.UsageErr(env, fs, err.Error())
	}
	if err := opt.validate(); err != nil {
		return opt, cli.UsageErr(env, fs, err.Error())
	}
	return opt, nil
}

func (o benchOptions) validate() error {
	if len(o.corpus) == 0 {
		return fmt.Errorf("name at least one JSONL corpus file")
	}
	for _, c := range o.cores {
		if c != "1" && c != "all" {
			return fmt.Errorf("--cores takes 1, all or 1,all, not %q", c)
		}
	}
	if len(o.cores) == 0 {
		return fmt.Errorf("--cores takes 1, all or 1,all")
	}
	for st := range o.steps {
		if st != "ingest" && st != "fts" && st != "startup" && st != "query" && st != "retention" && st != "replica" {
			return fmt.Errorf("--steps takes ingest, fts, startup, query, retention and replica, not %q", st)
		}
	}
	if o.phase == "" && !o.steps["ingest"] && o.dataDir == "" && o.usesSQLite() {
		return fmt.Errorf("--steps without ingest needs the --data-dir of an earlier run")
	}
	if o.replicaRounds < 1 {
		return fmt.Errorf("--replica-rounds must be at least 1")
	}
	if o.rankDepth != "" {
		if _, err := briefing.ParseRankDepth(o.rankDepth); err != nil {
			return fmt.Errorf("--rank-depth: %s", briefing.ErrorMessage(err))
		}
	}
	if o.digest != "engine" && o.digest != "standin" {
		return fmt.Errorf("--digest takes engine or standin, not %q", o.digest)
	}
	if o.batch < 1 || o.reps < 1 || o.httpReps < 0 || o.channels < 0 || o.ownChannels < 0 || o.watches < 1 {
		return fmt.Errorf("--batch, --reps and --watches must be at least 1; --http-reps, --channels and --own-topic-channels at least 0")
	}
	return nil
}

// usesSQLite tells whether a step other than replica (which has its own
// PostgreSQL schema) is asked for.
func (o benchOptions) usesSQLite() bool {
	for st := range o.steps {
		if st != "replica" {
			return true
		}
	}
	return false
}

// defaultPGDSN is --pg-dsn's default.
func defaultPGDSN() string {
	if u := os.Getenv("BRIEFBOT_BENCH_POSTGRES_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

func benchList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// parseSizes reads "10000,100k,1M" into ascending distinct sizes.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range benchList(s) {
		mult := 1
		switch {
		case strings.HasSuffix(strings.ToLower(f), "k"):
			mult, f = 1000, f[:len(f)-1]
		case strings.HasSuffix(strings.ToUpper(f), "M"):
			mult, f = 1000000, f[:len(f)-1]
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("--sizes: %q is not a positive number", f)
		}
		out = append(out, n*mult)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--sizes: give at least one size")
	}
	sort.Ints(out)
	return compactInts(out), nil
}

func compactInts(s []int) []int {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// benchDirs prepares the data directory; the returned cleanup removes it
// unless it was given or --keep was set.
func benchDirs(opt *benchOptions) (cleanup func(), err error) {
	if opt.dataDir != "" {
		return func() {}, os.MkdirAll(opt.dataDir, 0o755)
	}
	dir, err := os.MkdirTemp("", "briefbot-bench")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	opt.dataDir = dir
	if opt.keep {
		return func() {}, nil
	}
	return func() { os.RemoveAll(dir) }, nil
}

func (o benchOptions) dbPath(cores string) string {
	return filepath.Join(o.dataDir, "bench-"+cores+"core.db")
}

func (o benchOptions) ftsPath() string { return filepath.Join(o.dataDir, "fts5-baseline.db") }

// profilePath names a phase's profile: cpu.pprof -> cpu-brief-100000.pprof.
func profilePath(base, phase string, size int) string {
	if base == "" {
		return ""
	}
	ext := filepath.Ext(base)
	return fmt.Sprintf("%s-%s-%d%s", strings.TrimSuffix(base, ext), phase, size, ext)
}
