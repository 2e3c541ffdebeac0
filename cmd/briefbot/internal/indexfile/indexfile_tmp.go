package indexfile

import (
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// Temporary index files. A save writes <index>.tmp-<random> and renames
// it over the index; a process killed mid-save (kill -9, OOM, power loss)
// leaves its temporary file behind, and nothing else would ever remove it
// (45 MB after 15 kills on a small database). So every start removes the
// ones no live process is writing: each writer holds an exclusive advisory
// lock on its file while writing (where the system has flock; elsewhere a
// file is judged by age alone), and a file is removed only when that lock
// is free and it is older than tmpMinAge, which also covers the moment
// between a writer creating its file and locking it.

const tmpMinAge = time.Minute

// tmpPattern is the glob of path's temporary files.
func tmpPattern(path string) string { return path + ".tmp-*" }

// cleanIndexTemps removes the stale temporary files of the index file at
// path and returns how many it removed.
func cleanIndexTemps(log *slog.Logger, path string, now time.Time) int {
	if path == "" {
		return 0
	}
	names, err := filepath.Glob(tmpPattern(path))
	if err != nil {
		return 0
	}
	removed := 0
	for _, name := range names {
		st, err := os.Lstat(name)
		if err != nil || !st.Mode().IsRegular() || now.Sub(st.ModTime()) < tmpMinAge || !unlocked(name) {
			continue
		}
		if err := os.Remove(name); err != nil {
			log.Warn("stale index temporary file not removed", "path", name, "err", err)
			continue
		}
		removed++
	}
	if removed > 0 {
		log.Info("removed stale index temporary files", "path", path, "files", removed)
	}
	return removed
}
