package storage

import (
	"context"
	"fmt"
	"time"
)

// RenewClaim extends this owner's claim on a source to until, while the
// claim is still a lease shorter than that: a check's own outcome (a
// later next check, saved by UpdateSource) is never moved earlier. It
// reports whether the row changed.
func (s *Store) RenewClaim(ctx context.Context, id int64, until time.Time, owner string) (bool, error) {
	res := s.db.WithContext(ctx).Model(&sourceRow{}).
		Where("id = ? AND claimed_by = ? AND next_check_at < ?", id, owner, until.UTC()).
		Update("next_check_at", until.UTC())
	if res.Error != nil {
		return false, fmt.Errorf("storage: renew claim on source %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}
