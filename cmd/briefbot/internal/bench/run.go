package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/storage"
)

// runBenchParent runs every phase at every size, each in a child process,
// and writes the report after each size (so a long run shows progress).
func runBenchParent(ctx context.Context, env *cli.Env, opt benchOptions) error {
	seeds, err := loadSeeds(opt.corpus)
	if err != nil {
		return err
	}
	topics, err := benchTopics(opt, seeds)
	if err != nil {
		return err
	}
	cleanup, err := benchDirs(&opt)
	if err != nil {
		return err
	}
	defer cleanup()
	opt.topicsFile = filepath.Join(opt.dataDir, "topics.txt")
	if err := os.WriteFile(opt.topicsFile, []byte(strings.Join(topics, "\n")+"\n"), 0o644); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: find own binary: %w", err)
	}
	pgURL, schema, dropPG, err := replicaSchema(ctx, env, opt)
	if err != nil {
		return err
	}
	defer dropPG()
	rep := newBenchReport(opt, len(seeds), topics)
	rep.Schema = schema
	prev := 0
	for _, n := range opt.sizes {
		res, err := benchSize(ctx, env, exe, opt, pgURL, topics, prev, n)
		if err != nil {
			return fmt.Errorf("bench at %d articles: %w", n, err)
		}
		rep.Sizes = append(rep.Sizes, res)
		prev = n
		if err := rep.save(opt.out); err != nil {
			return err
		}
	}
	rep.Finished = time.Now().UTC()
	if err := rep.save(opt.out); err != nil {
		return err
	}
	return rep.writeMarkdown(env.Out)
}

func benchTopics(opt benchOptions, seeds []seedDoc) ([]string, error) {
	if opt.topicsFile != "" {
		return readTopics(opt.topicsFile)
	}
	topics := deriveTopics(seeds)
	if len(topics) == 0 {
		return nil, fmt.Errorf("bench: no topics could be derived from the corpus titles; pass --topics")
	}
	return topics, nil
}

// benchSize grows the databases from prev to n articles and measures.
func benchSize(ctx context.Context, env *cli.Env, exe string, opt benchOptions, pgURL string, topics []string, prev, n int) (sizeResult, error) {
	res := sizeResult{Articles: n, Ingest: map[string]ingestResult{}}
	var db string
	for _, cores := range opt.cores {
		db = opt.dbPath(cores)
		if !opt.steps["ingest"] {
			continue
		}
		env.Log.Info("bench: ingest", "articles", n, "from", prev, "cores", cores)
		var ir ingestResult
		args := opt.childArgs("ingest", db, prev, n, cores)
		if err := runBenchPhase(ctx, env, exe, args, &ir); err != nil {
			return res, err
		}
		res.Ingest[cores] = ir
	}
	res.DBBytes = sqliteBytes(db)
	steps := []struct {
		phase string
		into  any
	}{{"fts", &res.FTS}, {"startup", &res.Startup}, {"query", &res.Query}, {"retention", &res.Retention}}
	for _, s := range steps {
		if !opt.steps[s.phase] {
			continue
		}
		env.Log.Info("bench: "+s.phase, "articles", n)
		start := time.Now()
		if err := runBenchPhase(ctx, env, exe, opt.childArgs(s.phase, db, prev, n, opt.cores[len(opt.cores)-1]), s.into); err != nil {
			return res, err
		}
		if s.phase == "startup" {
			res.Startup.ProcessSeconds = time.Since(start).Seconds()
		}
	}
	res.FTS.Bytes = sqliteBytes(opt.ftsPath())
	if opt.steps["replica"] {
		var err error
		if res.Replica, err = replicaStep(ctx, env, exe, opt, pgURL, topics, prev, n); err != nil {
			return res, err
		}
	}
	return res, nil
}

// replicaSchema makes the replica step's private PostgreSQL schema (none
// without the step); the returned func drops it unless --keep.
func replicaSchema(ctx context.Context, env *cli.Env, opt benchOptions) (pgURL, schema string, drop func(), err error) {
	if !opt.steps["replica"] {
		return "", "", func() {}, nil
	}
	u, name, dropSchema, err := storage.ScratchSchema(ctx, opt.pgDSN, "bench_replica")
	if err != nil {
		return "", "", nil, fmt.Errorf("bench: replica step: %w", err)
	}
	env.Log.Info("bench: replica step: private PostgreSQL schema", "schema", name, "kept", opt.keep)
	if opt.keep {
		return u, name, func() {}, nil
	}
	return u, name, func() {
		if err := dropSchema(context.WithoutCancel(ctx)); err != nil {
			env.Log.Warn("bench: replica step: schema not dropped", "schema", name, "err", err)
		}
	}, nil
}

// childArgs are the arguments of one phase's child process.
func (o benchOptions) childArgs(phase, db string, from, to int, cores string) []string {
	args := []string{"bench", "--phase", phase, "--db", db, "--from", strconv.Itoa(from), "--to", strconv.Itoa(to),
		"--cores", cores, "--corpus", strings.Join(o.corpus, ","), "--topics", o.topicsFile,
		"--data-dir", o.dataDir, "--seed", strconv.FormatUint(o.seed, 10), "--batch", strconv.Itoa(o.batch),
		"--reps", strconv.Itoa(o.reps), "--http-reps", strconv.Itoa(o.httpReps),
		"--channels", strconv.Itoa(o.channels), "--own-topic-channels", strconv.Itoa(o.ownChannels), "--watches", strconv.Itoa(o.watches), "--digest", o.digest}
	if o.cpuProfile != "" {
		args = append(args, "--cpuprofile", o.cpuProfile)
	}
	if o.memProfile != "" {
		args = append(args, "--memprofile", o.memProfile)
	}
	if o.rankDepth != "" {
		args = append(args, "--rank-depth", o.rankDepth)
	}
	return append(args, "--profile-size", strconv.Itoa(o.profileSize))
}

// profiles names a child's CPU and heap profiles for one part of its phase
// ("ingest-1core", "startup", "brief", "digest"): "" unless the phase runs
// at --profile-size and the profile was asked for.
func (o benchOptions) profiles(part string) (cpu, mem string) {
	if o.to != o.profileSize {
		return "", ""
	}
	return profilePath(o.cpuProfile, part, o.to), profilePath(o.memProfile, part, o.to)
}

// runBenchPhase runs a child and decodes the JSON it prints into out. The
// child's stderr (its logs) passes through.
func runBenchPhase(ctx context.Context, env *cli.Env, exe string, args []string, out any) error {
	cmd := exec.CommandContext(ctx, exe, args...)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, env.Err
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("phase %s: %w", args[2], err)
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		return fmt.Errorf("phase %s: reading its result: %w", args[2], err)
	}
	// Logged as well, so a long run that is stopped still shows what it
	// measured.
	env.Log.Info("bench: phase done", "phase", args[2], "result", strings.TrimSpace(stdout.String()))
	return nil
}

// runBenchChild runs one phase in this process and prints its result.
func runBenchChild(ctx context.Context, env *cli.Env, opt benchOptions) error {
	phases := map[string]func(context.Context, benchOptions) (any, error){
		"ingest": benchIngest, "fts": benchFTS, "startup": benchStartup, "query": benchQuery, "retention": benchRetention,
		"replica-load": benchReplicaLoad, "replica-start": benchReplicaStart,
	}
	run, ok := phases[opt.phase]
	if !ok {
		return fmt.Errorf("unknown phase %q", opt.phase)
	}
	opt.log = env.Log
	res, err := run(ctx, opt)
	if err != nil {
		return err
	}
	return json.NewEncoder(env.Out).Encode(res)
}

// sqliteBytes is the size of a SQLite database with its WAL.
func sqliteBytes(path string) int64 {
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// peakRSSMB is this process's peak resident set (VmHWM) in MiB; 0 where
// /proc is not available.
func peakRSSMB() float64 { return procStatusMB("VmHWM:") }

// vmRSS is this process's resident set now (VmRSS) in MiB.
func vmRSS() float64 { return procStatusMB("VmRSS:") }

// procStatusMB reads one "… kB" field of /proc/self/status, in MiB (0
// where there is none).
func procStatusMB(field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
