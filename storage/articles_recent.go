package storage

import (
	"context"
	"fmt"
)

// RecentArticleIDsBySource returns the IDs of each source's newest n
// articles with an ID at or below through, ascending (an engine that
// loaded an index snapshot learns each source's furniture from them;
// articles_source_id serves the window).
func (s *Store) RecentArticleIDsBySource(ctx context.Context, through int64, n int) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Raw(`SELECT id FROM (
		SELECT id, ROW_NUMBER() OVER (PARTITION BY source ORDER BY id DESC) AS rn FROM articles WHERE id <= ?
	) recent WHERE rn <= ? ORDER BY id`, through, n).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("storage: recent articles by source: %w", err)
	}
	return ids, nil
}
