package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/indexfile"
)

// retentionKeep is the share of the archive the retention row keeps: the
// issue's "1M archive pruned to 300k".
const retentionKeep = 0.3

// retentionResult is one retention pass, as `serve` runs it with
// BRIEFBOT_RETENTION, on a copy of the size's database and index file (the
// pass deletes, and later phases and sizes need the whole archive): start
// as serve does, then delete the oldest articles and drop them from the
// index, keeping the newest 30%.
type retentionResult struct {
	Articles      int64   `json:"articles"`
	Kept          int64   `json:"kept"`
	Cutoff        string  `json:"cutoff"`
	DeleteSeconds float64 `json:"db_delete_seconds"`
	DropSeconds   float64 `json:"index_drop_seconds"`
	CPUSeconds    float64 `json:"cpu_seconds"` // user+system for delete and drop
	HeapBeforeMB  float64 `json:"heap_before_mb"`
	HeapAfterMB   float64 `json:"heap_after_mb"`
	RSSBeforeMB   float64 `json:"rss_before_mb"`
	RSSAfterMB    float64 `json:"rss_after_mb"` // after a GC that returns freed memory
	PeakRSSMB     float64 `json:"peak_rss_mb"`
}

func benchRetention(ctx context.Context, opt benchOptions) (any, error) {
	db := filepath.Join(opt.dataDir, fmt.Sprintf("retention-%d.db", opt.to))
	defer func() {
		for _, p := range []string{db, db + "-wal", db + "-shm", indexfile.Path("", db)} {
			os.Remove(p)
		}
	}()
	if err := copyFile(opt.db, db); err != nil {
		return nil, err
	}
	if err := copyFile(opt.db+"-wal", db+"-wal"); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	if err := copyFile(indexfile.Path("", opt.db), indexfile.Path("", db)); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	store, eng, _, _, err := openBenchEngine(ctx, opt, db)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	n, err := store.CountArticles(ctx)
	if err != nil {
		return nil, err
	}
	cutoff, err := keepNewest(ctx, store, n, retentionKeep)
	if err != nil {
		return nil, err
	}
	res := retentionResult{Articles: n, Cutoff: cutoff.Format(time.DateOnly)}
	res.HeapBeforeMB, res.RSSBeforeMB = memNow()
	cpu0, start := cpuTime(), time.Now()
	deleted, err := store.PruneArticles(ctx, cutoff)
	if err != nil {
		return nil, err
	}
	res.DeleteSeconds = time.Since(start).Seconds()
	start = time.Now()
	dropped, err := eng.DropDeleted(ctx)
	if err != nil {
		return nil, err
	}
	res.DropSeconds, res.CPUSeconds = time.Since(start).Seconds(), (cpuTime() - cpu0).Seconds()
	if int64(dropped) != deleted {
		return nil, fmt.Errorf("retention: deleted %d articles but the index dropped %d", deleted, dropped)
	}
	res.Kept = int64(eng.Indexed())
	res.HeapAfterMB, res.RSSAfterMB = memNow()
	res.PeakRSSMB = peakRSSMB()
	runtime.KeepAlive(eng)
	return res, nil
}

// articleCounter is what keepNewest needs of the store.
type articleCounter interface {
	CountArticlesBefore(ctx context.Context, cutoff time.Time) (int64, error)
}

// keepNewest finds, to the hour, the cutoff before which all but the
// newest keep share of n articles lie (the bench's dates span a few
// years, so the search takes about 20 counts).
func keepNewest(ctx context.Context, store articleCounter, n int64, keep float64) (time.Time, error) {
	want := n - int64(float64(n)*keep)
	lo, hi := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().UTC().Add(24*time.Hour)
	for hi.Sub(lo) > time.Hour {
		mid := lo.Add(hi.Sub(lo) / 2)
		c, err := store.CountArticlesBefore(ctx, mid)
		if err != nil {
			return time.Time{}, err
		}
		if c < want {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi, nil
}

// memNow returns the live heap and the resident set, in MiB, after a
// collection that returns free memory to the OS.
func memNow() (heapMB, rssMB float64) {
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20), vmRSS()
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return fmt.Errorf("bench: copy %s: %w", from, err)
	}
	return dst.Close()
}
