package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/bench/fts"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/indexfile"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/memlimit"
	"github.com/briefbot/briefbot/storage"
)

// ingestResult is the ingest phase: articles from..to through Engine.Ingest
// (clean, dedup, store, index) into a SQLite file store.
type ingestResult struct {
	Cores          string  `json:"cores"`
	Procs          int     `json:"gomaxprocs"`
	From           int     `json:"from"`
	To             int     `json:"to"`
	Added          int     `json:"added"`
	Skipped        int     `json:"skipped"`
	Seconds        float64 `json:"seconds"`
	PerSec         float64 `json:"articles_per_s"`
	PerSecPerCore  float64 `json:"articles_per_s_per_core"`
	CPUSeconds     float64 `json:"cpu_seconds"` // user+system, all threads, during the loop
	PerCPUSecond   float64 `json:"articles_per_cpu_s"`
	PreloadSeconds float64 `json:"preload_seconds"` // load the index file and Sync what earlier sizes stored
	// SaveSeconds is writing the index file at the end, as `briefbot
	// ingest` does on exit (not in the throughput: once per process).
	SaveSeconds float64 `json:"index_file_save_seconds"`
	IndexFileMB float64 `json:"index_file_mb"`
	PeakRSSMB   float64 `json:"peak_rss_mb"`
}

func benchIngest(ctx context.Context, opt benchOptions) (any, error) {
	if opt.cores[0] == "1" {
		runtime.GOMAXPROCS(1)
	}
	seeds, err := loadSeeds(opt.corpus)
	if err != nil {
		return nil, err
	}
	corpus := newBenchCorpus(seeds, opt.seed)
	store, eng, preload, _, err := openBenchEngine(ctx, opt, opt.db)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	// The soft memory limit `briefbot ingest` follows from here on.
	lctx, stopLimit := context.WithCancel(ctx)
	defer stopLimit()
	go memlimit.FollowIngest(lctx, os.Getenv, time.Second)
	res := ingestResult{Cores: opt.cores[0], Procs: runtime.GOMAXPROCS(0), From: opt.from, To: opt.to,
		PreloadSeconds: preload.Seconds()}
	cpuProf, memProf := opt.profiles("ingest-" + opt.cores[0] + "core")
	stop, err := startCPUProfile(cpuProf)
	if err != nil {
		return nil, err
	}
	var spent time.Duration
	cpu0 := cpuTime()
	batch := make([]briefing.Article, 0, opt.batch)
	for i := opt.from; i < opt.to; i += opt.batch {
		batch = batch[:0]
		for j := i; j < min(i+opt.batch, opt.to); j++ {
			batch = append(batch, corpus.article(j))
		}
		start := time.Now() // generation is not ingest: time only the engine
		r, err := eng.Ingest(ctx, batch)
		spent += time.Since(start)
		if err != nil {
			return nil, fmt.Errorf("ingest articles %d..%d: %w", i, i+len(batch), err)
		}
		res.Added, res.Skipped = res.Added+len(r.Added), res.Skipped+r.Skipped
	}
	stop()
	res.Seconds, res.CPUSeconds = spent.Seconds(), (cpuTime() - cpu0).Seconds()
	saveStart := time.Now()
	if _, err := indexfile.Save(ctx, opt.log, indexfile.Path("", opt.db), eng); err != nil {
		return nil, err
	}
	res.SaveSeconds = time.Since(saveStart).Seconds()
	if fi, err := os.Stat(indexfile.Path("", opt.db)); err == nil {
		res.IndexFileMB = float64(fi.Size()) / (1 << 20)
	}
	if res.Seconds > 0 && res.CPUSeconds > 0 {
		res.PerSec = float64(opt.to-opt.from) / res.Seconds
		res.PerSecPerCore = res.PerSec / float64(res.Procs)
		res.PerCPUSecond = float64(opt.to-opt.from) / res.CPUSeconds
	}
	res.PeakRSSMB = peakRSSMB()
	err = writeHeapProfile(memProf)
	runtime.KeepAlive(eng) // the heap profile is about the index
	return res, err
}

// openBenchEngine opens the store and loads the index, as serve does at
// start-up (the index file beside the database, then Sync of anything
// newer), and returns how long that took.
func openBenchEngine(ctx context.Context, opt benchOptions, db string) (*storage.Store, *briefing.Engine, time.Duration, int, error) {
	log := opt.log
	start := time.Now()
	store, eng, err := benchEngine(ctx, opt, db)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	loaded := indexfile.Load(ctx, log, indexfile.Path("", db), eng)
	if err := eng.Sync(ctx); err != nil {
		store.Close()
		return nil, nil, 0, 0, err
	}
	return store, eng, time.Since(start), loaded, nil
}

// startupResult is a start in a fresh process (the page cache warm): open the store
// (migrations included) and Sync the index until it is ready to answer.
type startupResult struct {
	Seconds        float64 `json:"seconds"`
	CPUSeconds     float64 `json:"cpu_seconds"`     // user+system during open and Sync
	ProcessSeconds float64 `json:"process_seconds"` // as seen by the parent: exec to exit
	Articles       int64   `json:"articles"`
	// FromIndexFile is how many of them came from the index file (the
	// rest were analysed from the database).
	FromIndexFile int     `json:"from_index_file"`
	HeapMB        float64 `json:"heap_mb"` // live heap after GC: mostly the index
	PeakRSSMB     float64 `json:"peak_rss_mb"`
}

func benchStartup(ctx context.Context, opt benchOptions) (any, error) {
	cpuProf, memProf := opt.profiles("startup")
	stop, err := startCPUProfile(cpuProf)
	if err != nil {
		return nil, err
	}
	cpu0 := cpuTime()
	store, eng, took, loaded, err := openBenchEngine(ctx, opt, opt.db)
	cpu := cpuTime() - cpu0
	stop()
	if err != nil {
		return nil, err
	}
	defer store.Close()
	n, err := store.CountArticles(ctx)
	if err != nil {
		return nil, err
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	res := startupResult{Seconds: took.Seconds(), CPUSeconds: cpu.Seconds(), Articles: n, FromIndexFile: loaded, HeapMB: float64(ms.HeapAlloc) / (1 << 20),
		PeakRSSMB: peakRSSMB()}
	err = writeHeapProfile(memProf)
	runtime.KeepAlive(eng) // the index is what the heap figures are about
	return res, err
}

// ftsResult is the FTS5 baseline's own ingest: the articles the store
// holds beyond what the baseline has, read back and indexed.
type ftsResult struct {
	Tokenizer string  `json:"tokenizer"`
	Added     int     `json:"added"`
	Seconds   float64 `json:"seconds"`
	PerSec    float64 `json:"articles_per_s"`
	// CPUSeconds is process CPU time during the Add calls (reading the
	// articles back is not in it), comparable with ingest's on a loaded
	// machine where wall time is not.
	CPUSeconds   float64 `json:"cpu_seconds"`
	PerCPUSecond float64 `json:"articles_per_cpu_s"`
	Bytes        int64   `json:"bytes"`
}

func benchFTS(ctx context.Context, opt benchOptions) (any, error) {
	store, err := storage.Open(ctx, opt.db, storage.Options{})
	if err != nil {
		return nil, err
	}
	defer store.Close()
	ix, err := fts.Open(ctx, opt.ftsPath())
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	last, err := ix.LastID(ctx)
	if err != nil {
		return nil, err
	}
	res := ftsResult{Tokenizer: fts.Tokenizer}
	var spent, cpu time.Duration
	err = store.ScanArticles(ctx, last, 1000, func(as []briefing.Article) error {
		docs := make([]fts.Doc, len(as))
		for i, a := range as {
			docs[i] = fts.Doc{ID: a.ID, Title: a.Title, Body: a.Text}
		}
		start, cpu0 := time.Now(), cpuTime()
		err := ix.Add(ctx, docs)
		spent, cpu = spent+time.Since(start), cpu+cpuTime()-cpu0
		res.Added += len(docs)
		return err
	})
	if err != nil {
		return nil, err
	}
	res.Seconds, res.CPUSeconds = spent.Seconds(), cpu.Seconds()
	if res.Seconds > 0 && res.CPUSeconds > 0 {
		res.PerSec = float64(res.Added) / res.Seconds
		res.PerCPUSecond = float64(res.Added) / res.CPUSeconds
	}
	return res, nil
}

// cpuTime is the CPU time this process has used (user and system, all
// threads): a throughput measure that other load on the machine disturbs
// far less than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// startCPUProfile starts profiling into path ("" does nothing); the
// returned func stops it.
func startCPUProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeHeapProfile writes a heap profile (live and allocated) to path.
func writeHeapProfile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}
