package storage

import (
	"context"
	"fmt"
	"slices"
)

// RecentArticleIDsBySource returns the IDs of each source's newest n
// articles with an ID at or below through, ascending (an engine that
// loaded an index snapshot learns each source's furniture from them).
//
// It walks the sources through articles_source_id, one index seek each
// (a recursive query; neither SQLite nor PostgreSQL skips through an
// index for DISTINCT), then reads each source's newest n from the same
// index: a few rows per source. A window over every article, as this
// was, read the whole index and cost two seconds at a million articles.
func (s *Store) RecentArticleIDsBySource(ctx context.Context, through int64, n int) ([]int64, error) {
	var sources []string
	err := s.db.WithContext(ctx).Raw(`WITH RECURSIVE src(source) AS (
		SELECT min(source) FROM articles
		UNION ALL
		SELECT (SELECT min(source) FROM articles WHERE source > src.source) FROM src WHERE src.source IS NOT NULL
	) SELECT source FROM src WHERE source IS NOT NULL`).Scan(&sources).Error
	if err != nil {
		return nil, fmt.Errorf("storage: recent articles by source: %w", err)
	}
	var ids []int64
	for _, src := range sources {
		var some []int64
		err := s.db.WithContext(ctx).Raw("SELECT id FROM articles WHERE source = ? AND id <= ? ORDER BY id DESC LIMIT ?",
			src, through, n).Scan(&some).Error
		if err != nil {
			return nil, fmt.Errorf("storage: recent articles by source: %w", err)
		}
		ids = append(ids, some...)
	}
	slices.Sort(ids)
	return ids, nil
}
