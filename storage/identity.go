package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// DatabaseID returns the random id the database was given when created
// (migration 00007): two databases never share one, even with the same
// articles.
func (s *Store) DatabaseID(ctx context.Context) (string, error) {
	var id string
	if err := s.db.WithContext(ctx).Raw("SELECT id FROM database_identity LIMIT 1").Scan(&id).Error; err != nil {
		return "", fmt.Errorf("storage: database id: %w", err)
	}
	if id == "" {
		return "", fmt.Errorf("storage: database id: none stored")
	}
	return id, nil
}

// ContentChecksum returns a SHA-256, in hex, over the (id, content hash)
// of every article with an ID up to through: equal for two reads only
// when exactly the same articles, with the same content, are stored up
// to there. The IDs are cut into fixed spans of checksumSpan, each
// digested on its own (in ID order) and the digests digested in turn, so
// that the spans can be read on several connections at once: at a
// million articles this is a read of the whole articles table (the
// content hash is stored after the text), two CPU-seconds, and an engine
// loading its index file does it before it answers.
func (s *Store) ContentChecksum(ctx context.Context, through int64) (string, error) {
	spans := int(max(through, 0)/checksumSpan) + 1
	digests := make([][sha256.Size]byte, spans)
	workers := min(spans, runtime.GOMAXPROCS(0), checksumWorkers)
	var next atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < spans && errs[w] == nil; k = int(next.Add(1) - 1) {
				lo := int64(k) * checksumSpan
				digests[k], errs[w] = s.spanChecksum(ctx, lo, min(lo+checksumSpan, through))
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return "", fmt.Errorf("storage: content checksum: %w", err)
	}
	h := sha256.New()
	for _, d := range digests {
		h.Write(d[:])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checksumSpan is how many IDs one digest of ContentChecksum covers;
// checksumWorkers how many connections it reads on at most (the SQLite
// pool has four).
const (
	checksumSpan    = 1 << 16
	checksumWorkers = 2
)

// spanChecksum digests the articles with IDs in (after, through].
func (s *Store) spanChecksum(ctx context.Context, after, through int64) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	rows, err := s.db.WithContext(ctx).Raw("SELECT id, content_hash FROM articles WHERE id > ? AND id <= ? ORDER BY id", after, through).Rows()
	if err != nil {
		return sum, err
	}
	defer rows.Close()
	h := sha256.New()
	var buf []byte
	for rows.Next() {
		var id int64
		var hash sql.RawBytes
		if err := rows.Scan(&id, &hash); err != nil {
			return sum, err
		}
		buf = strconv.AppendInt(buf[:0], id, 10)
		buf = append(buf, ':')
		buf = append(buf, hash...)
		buf = append(buf, '\n')
		h.Write(buf)
	}
	if err := rows.Err(); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
}
