package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
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
// of every article with an ID up to through, in ID order: equal for two
// reads only when exactly the same articles, with the same content, are
// stored up to there.
func (s *Store) ContentChecksum(ctx context.Context, through int64) (string, error) {
	rows, err := s.db.WithContext(ctx).Raw("SELECT id, content_hash FROM articles WHERE id <= ? ORDER BY id", through).Rows()
	if err != nil {
		return "", fmt.Errorf("storage: content checksum: %w", err)
	}
	defer rows.Close()
	h := sha256.New()
	var buf []byte
	for rows.Next() {
		var id int64
		var hash string
		if err := rows.Scan(&id, &hash); err != nil {
			return "", fmt.Errorf("storage: content checksum: %w", err)
		}
		buf = strconv.AppendInt(buf[:0], id, 10)
		buf = append(buf, ':')
		buf = append(buf, hash...)
		buf = append(buf, '\n')
		h.Write(buf)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("storage: content checksum: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
