// Package indexfile is briefbot's index-file policy: the engine's
// analysed index saved beside the database,
// so a restart reads one file instead of re-analysing every stored article.
// It is only a cache. The engine checks it against the database when
// loading and ignores (then overwrites) one that does not match, so a
// stale, foreign or damaged file costs a rebuild, never a wrong answer.
// It is replaced atomically (write a temporary file, then rename), so
// processes sharing it see either the old or the new one. On PostgreSQL,
// where a new replica has no file, package sharedindex loads the snapshot
// the replicas share through the database instead.
package indexfile

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
)

// Path resolves BRIEFBOT_INDEX_FILE: "off" disables it; empty means
// beside a SQLite database (briefbot.db → briefbot.db.index) and off for
// PostgreSQL, whose replicas each keep their own when given a path.
func Path(setting, databaseURL string) string {
	switch strings.ToLower(setting) {
	case "off", "none", "false", "0":
		return ""
	case "":
		if db := storage.SQLiteFile(databaseURL); db != "" {
			return db + ".index"
		}
		return ""
	}
	return setting
}

// Load loads the index file into a fresh engine, if there is one
// that matches the database; it returns how many articles it covered.
func Load(ctx context.Context, log *slog.Logger, path string, eng *briefing.Engine) int {
	if path == "" {
		return 0
	}
	cleanIndexTemps(log, path, time.Now())
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0
	}
	if err != nil {
		log.Warn("index file not readable; building the index from the database", "path", path, "err", err)
		return 0
	}
	defer f.Close()
	start := time.Now()
	n, err := eng.LoadIndex(ctx, f)
	if err != nil {
		// Debug: it is only a cache, and this line would otherwise land in
		// the middle of a one-shot command's output (ask, match).
		log.Debug("index file not used; building the index from the database", "path", path, "reason", err)
		return 0
	}
	log.Debug("index file loaded", "path", path, "articles", n, "ms", time.Since(start).Milliseconds())
	return n
}

// Save writes the engine's index to the index file atomically
// and returns how many articles it covers.
func Save(ctx context.Context, log *slog.Logger, path string, eng *briefing.Engine) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("save index file: %w", err)
	}
	lockTemp(tmp)               // tells cleanIndexTemps in other processes it is in use
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	start := time.Now()
	n, err := eng.SaveIndex(ctx, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("save index file %s: %w", path, err)
	}
	log.Debug("index file saved", "path", path, "articles", n, "ms", time.Since(start).Milliseconds())
	return n, nil
}
