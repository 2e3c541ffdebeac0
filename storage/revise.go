package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/briefbot/briefbot/briefing"
)

// ReviseArticles applies the corrections among as (see
// briefing.ArticleStore). An unchanged re-send, the common poll, costs one
// indexed read of the stored content hashes per source and thousand keys,
// outside any transaction; only corrections open one, with one UPDATE per
// corrected row, at most limit of them. Each UPDATE repeats the hash it
// read in its WHERE clause, so a row another writer changed since (the
// same correction from another replica, say) is left alone and not
// reported.
func (s *Store) ReviseArticles(ctx context.Context, as []briefing.Article, limit int) ([]briefing.Article, int, error) {
	if len(as) == 0 {
		return nil, 0, nil
	}
	db := s.db.WithContext(ctx)
	changed, err := changedRows(db, as)
	if err != nil || len(changed) == 0 {
		if err != nil {
			err = fmt.Errorf("storage: revise articles: %w", err)
		}
		return nil, 0, err
	}
	more := max(0, len(changed)-max(limit, 0))
	changed = changed[:len(changed)-more]
	var revised []briefing.Article
	err = db.Transaction(func(tx *gorm.DB) error {
		revised = revised[:0]
		ids := make([]int64, 0, len(changed))
		for _, c := range changed {
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
}

// changedRows returns, in input order and once per key (its first
// occurrence, as SaveArticles keeps), the rows of as stored under their
// key with another content hash.
func changedRows(db *gorm.DB, as []briefing.Article) ([]correction, error) {
	type incoming struct {
		i         int // in as
		key, hash string
	}
	in := make([]incoming, 0, len(as))
	seen := make(map[rowKey]bool, len(as))
	// A poll's items share one source: one IN list per source, each key
	// an equality probe of the unique index.
	bySource := map[string][]string{}
	var sources []string
	for i, a := range as {
		k := rowKey{a.Source, itemKey(a)}
		if seen[k] {
			continue
		}
		seen[k] = true
		in = append(in, incoming{i: i, key: k.key, hash: a.ContentHash()})
		if bySource[a.Source] == nil {
			sources = append(sources, a.Source)
		}
		bySource[a.Source] = append(bySource[a.Source], k.key)
	}
	stored := make(map[rowKey]storedHash, len(in))
	for _, src := range sources {
		keys := bySource[src]
		for start := 0; start < len(keys); start += idsPerQuery {
			if err := storedHashes(db, src, keys[start:min(start+idsPerQuery, len(keys))], stored); err != nil {
				return nil, err
			}
		}
	}
	var out []correction
	for _, x := range in {
		h, ok := stored[rowKey{as[x.i].Source, x.key}]
		if ok && h.hash != x.hash {
			out = append(out, correction{id: h.id, oldHash: h.hash, row: toArticleRow(as[x.i])})
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
func storedHashes(db *gorm.DB, source string, keys []string, into map[rowKey]storedHash) error {
	res, err := db.Raw("SELECT id, item_key, content_hash FROM articles WHERE source = ? AND item_key IN ?", source, keys).Rows()
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
		WHERE id = ? AND content_hash = ?`, r.Title, r.Author, r.Tags, r.Body, r.Fragment, r.ContentHash, r.FetchedAt, c.id, c.oldHash)
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
