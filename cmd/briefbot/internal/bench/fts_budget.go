package bench

import (
	"context"
	"os"
	"runtime"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/bench/fts"
)

// ftsMemory is the memory the budgeted FTS5 baseline was given and runs
// with (SQLite reports what it applied).
type ftsMemory struct {
	// IndexHeapBytes is our index's live heap after load in the same
	// process, FileBytes the FTS5 file's size: the budget is the larger.
	IndexHeapBytes int64 `json:"index_heap_bytes"`
	FileBytes      int64 `json:"fts5_file_bytes"`
	CacheBytes     int64 `json:"cache_bytes"`
	MmapBytes      int64 `json:"mmap_bytes"`
}

// openFTSBudget opens the FTS5 baseline a second time with a memory budget
// like our index's: page cache and mmap each as large as our index's live
// heap, and never smaller than the whole FTS5 file, so FTS5 can answer
// from memory as the engine does. It records the settings in m.
func openFTSBudget(ctx context.Context, opt benchOptions, m *ftsMemory) (*fts.Index, error) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.IndexHeapBytes = int64(ms.HeapAlloc)
	if fi, err := os.Stat(opt.ftsPath()); err == nil {
		m.FileBytes = fi.Size()
	}
	budget := max(m.IndexHeapBytes, m.FileBytes)
	ix, err := fts.OpenWith(ctx, opt.ftsPath(), fts.Options{CacheBytes: budget, MmapBytes: budget})
	if err != nil {
		return nil, err
	}
	if m.CacheBytes, m.MmapBytes, err = ix.Memory(ctx); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// ftsInMemory warms the budgeted index with every topic once (untimed),
// then measures its top-10 queries as inProcess does.
func ftsInMemory(ctx context.Context, ix *fts.Index, topics []string, reps int) (latency, error) {
	for _, t := range topics {
		if _, err := ix.Top(ctx, fts.Query(t), 10); err != nil {
			return latency{}, err
		}
	}
	return measure(reps, topics, func(t string) error {
		_, err := ix.Top(ctx, fts.Query(t), 10)
		return err
	})
}
