package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/briefbot/briefbot/briefing"
)

// ReviseArticles applies the corrections among as (see
// briefing.ArticleStore): one indexed read of the stored content hashes
// per few hundred keys, which is all an unchanged re-send costs, then one
// UPDATE per corrected row, at most limit of them. The UPDATE repeats the
// hash it read in its WHERE clause, so two writers applying the same
// correction change the row once: the second finds nothing to update and
// reports nothing.
func (s *Store) ReviseArticles(ctx context.Context, as []briefing.Article, limit int) ([]briefing.Article, int, error) {
	if len(as) == 0 {
		return nil, 0, nil
	}
	var revised []briefing.Article
	more := 0
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		revised, more = revised[:0], 0
		changed, err := s.changedRows(tx, as)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, min(len(changed), max(limit, 0)))
		for _, c := range changed {
			if len(ids) >= limit {
				more++
				continue
			}
			ok, err := updateArticleRow(tx, c)
			if err != nil {
				return err
			}
			if ok {
				ids = append(ids, c.id)
			}
		}
		var rows []articleRow
		if len(ids) > 0 {
			if err := tx.Where("id IN ?", ids).Order("id").Find(&rows).Error; err != nil {
				return err
			}
		}
		for _, r := range rows {
			revised = append(revised, r.toDomain())
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("storage: revise articles: %w", err)
	}
	return revised, more, nil
}

// correction is an incoming row whose key is stored with other content.
type correction struct {
	id      int64
	oldHash string
	row     articleRow
	at      time.Time
}

// changedRows returns, in input order and once per key (its first
// occurrence, as SaveArticles keeps), the rows of as stored under their
// key with another content hash.
func (s *Store) changedRows(tx *gorm.DB, as []briefing.Article) ([]correction, error) {
	rows := make([]articleRow, 0, len(as))
	seen := make(map[rowKey]bool, len(as))
	for _, a := range as {
		r := toArticleRow(a)
		if k := (rowKey{r.Source, r.ItemKey}); !seen[k] {
			seen[k] = true
			rows = append(rows, r)
		}
	}
	// A poll's items share one source: one IN list per source and few
	// hundred keys, each an equality probe of the unique index.
	bySource := map[string][]string{}
	var sources []string
	for _, r := range rows {
		if bySource[r.Source] == nil {
			sources = append(sources, r.Source)
		}
		bySource[r.Source] = append(bySource[r.Source], r.ItemKey)
	}
	stored := make(map[rowKey]storedHash, len(rows))
	for _, src := range sources {
		keys := bySource[src]
		for start := 0; start < len(keys); start += idsPerQuery {
			if err := storedHashes(tx, src, keys[start:min(start+idsPerQuery, len(keys))], stored); err != nil {
				return nil, err
			}
		}
	}
	var out []correction
	for _, r := range rows {
		h, ok := stored[rowKey{r.Source, r.ItemKey}]
		if ok && h.hash != r.ContentHash {
			out = append(out, correction{id: h.id, oldHash: h.hash, row: r, at: r.FetchedAt})
		}
	}
	return out, nil
}

type storedHash struct {
	id   int64
	hash string
}

// storedHashes reads the IDs and content hashes stored under source's
// keys into into, from the (source, item_key) unique index and the rows
// it points at.
func storedHashes(tx *gorm.DB, source string, keys []string, into map[rowKey]storedHash) error {
	res, err := tx.Raw("SELECT id, item_key, content_hash FROM articles WHERE source = ? AND item_key IN ?", source, keys).Rows()
	if err != nil {
		return err
	}
	defer res.Close()
	for res.Next() {
		k := rowKey{source: source}
		var h storedHash
		if err := res.Scan(&h.id, &k.key, &h.hash); err != nil {
			return err
		}
		into[k] = h
	}
	return res.Err()
}

// updateArticleRow writes c's content into its stored row, unless another
// writer changed the row since it was read; ok tells whether it did. The
// first version's dates, link, GUID and backfill mark stay.
func updateArticleRow(tx *gorm.DB, c correction) (bool, error) {
	r := c.row
	res := tx.Exec(`UPDATE articles SET title = ?, author = ?, tags = ?, body = ?, fragment = ?, content_hash = ?, updated_at = ?
		WHERE id = ? AND content_hash = ?`, r.Title, r.Author, r.Tags, r.Body, r.Fragment, r.ContentHash, c.at, c.id, c.oldHash)
	if res.Error != nil {
		return false, res.Error
	}
	return res.RowsAffected == 1, nil
}

// RevisedSince lists the corrections at or after since, oldest first,
// from the partial index on updated_at (it holds corrected rows only).
func (s *Store) RevisedSince(ctx context.Context, since time.Time, limit int) ([]briefing.Revision, error) {
	rows, err := s.db.WithContext(ctx).Raw(`SELECT id, updated_at FROM articles WHERE updated_at IS NOT NULL AND updated_at >= ?
		ORDER BY updated_at, id LIMIT ?`, since.UTC(), max(limit, 0)).Rows()
	if err != nil {
		return nil, fmt.Errorf("storage: revised articles: %w", err)
	}
	defer rows.Close()
	var out []briefing.Revision
	for rows.Next() {
		var r briefing.Revision
		if err := rows.Scan(&r.ID, &r.Updated); err != nil {
			return nil, fmt.Errorf("storage: revised articles: %w", err)
		}
		r.Updated = r.Updated.UTC()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: revised articles: %w", err)
	}
	return out, nil
}
