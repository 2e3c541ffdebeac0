package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
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

// ContentChecksum returns a SHA-256, in hex, that changes whenever an
// article with an ID up to through is inserted, deleted or edited, by
// briefbot or by hand (the sqlite3 command line, psql). It does not tell
// two databases apart by itself: DatabaseID does.
//
// Below the span of 1,024 IDs that holds through, it digests the span
// counters the database's triggers keep (migration 00016, table
// article_spans): per span, how many rows were ever inserted and how
// many times one was deleted or updated. Counters only grow, so equal
// counters mean that nothing in the span happened in between. The span
// holding through is read row by row, (id, content hash) up to through,
// as every span was before, since its inserted counter also counts the
// articles after through, which a loader syncs on from; its changed
// counter is digested too, so that an edit there that left the content
// hash as it was still counts (an edit or deletion after through, rare,
// costs a rebuild). At a million articles this is about a thousand
// counter rows and at most 1,024 articles, instead of the whole table
// (two CPU-seconds at every start-up).
//
// An article that commits late below through (PostgreSQL: IDs are drawn
// in one order and committed in another) counts in its span's inserted,
// or appears among the rows read, so it too changes the checksum.
func (s *Store) ContentChecksum(ctx context.Context, through int64) (string, error) {
	through = max(through, 0)
	partial := through >> spanShift // the span holding through
	// One statement, so that the counters and the rows come from one
	// view of the database (and no transaction: SQLite's would take the
	// write lock).
	rows, err := s.db.WithContext(ctx).Raw(`SELECT 0 AS part, span AS k, CAST(SUM(inserted) AS BIGINT) AS inserted,
			CAST(SUM(changed) AS BIGINT) AS changed, '' AS content_hash
		FROM article_spans WHERE span <= ? GROUP BY span
		UNION ALL
		SELECT 1, id, 0, 0, content_hash FROM articles WHERE id >= ? AND id <= ?
		ORDER BY part, k`, partial, partial<<spanShift, through).Rows()
	if err != nil {
		return "", fmt.Errorf("storage: content checksum: %w", err)
	}
	defer rows.Close()
	h := sha256.New()
	buf := fmt.Appendf(nil, "article_spans/%d\n", spanShift)
	h.Write(buf)
	for rows.Next() {
		var part int
		var k, inserted, changed int64
		var hash sql.RawBytes
		if err := rows.Scan(&part, &k, &inserted, &changed, &hash); err != nil {
			return "", fmt.Errorf("storage: content checksum: %w", err)
		}
		if part == 0 {
			if k == partial {
				inserted = 0 // it counts the articles after through too
			}
			buf = fmt.Appendf(buf[:0], "span %d:%d:%d\n", k, inserted, changed)
		} else {
			buf = fmt.Appendf(buf[:0], "id %d:%s\n", k, hash)
		}
		h.Write(buf)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("storage: content checksum: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// spanShift sets the span of IDs one article_spans row covers (1 <<
// spanShift); it is written into migration 00016's triggers and backfill.
const spanShift = 10
