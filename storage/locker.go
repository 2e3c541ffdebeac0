package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// Claim rows for the scheduler's distributed locker. A row per (job,
// slot) says which process ran that occurrence of the job; the unique key
// makes the claim atomic on SQLite and PostgreSQL alike. Rows are kept
// after the run (a released mutex would let a replica whose clock runs a
// little behind run the same slot again) and pruned once old.

type jobRunRow struct {
	JobName   string `gorm:"primaryKey"`
	Slot      string `gorm:"primaryKey"`
	Owner     string
	CreatedAt time.Time
}

func (jobRunRow) TableName() string { return "job_runs" }

// ClaimRun records that owner runs job's slot. claimed is false when some
// process (owner included) already did.
func (s *Store) ClaimRun(ctx context.Context, job, slot, owner string) (claimed bool, err error) {
	row := jobRunRow{JobName: job, Slot: slot, Owner: owner}
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil {
		return false, fmt.Errorf("storage: claim run %s %s: %w", job, slot, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// RunOwner returns who claimed job's slot, or "" when nobody did.
func (s *Store) RunOwner(ctx context.Context, job, slot string) (string, error) {
	var owners []string
	err := s.db.WithContext(ctx).Model(&jobRunRow{}).Where("job_name = ? AND slot = ?", job, slot).Pluck("owner", &owners).Error
	if err != nil || len(owners) == 0 {
		return "", err
	}
	return owners[0], nil
}

// PruneRuns deletes claim rows created before cutoff.
func (s *Store) PruneRuns(ctx context.Context, cutoff time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("created_at < ?", cutoff.UTC()).Delete(&jobRunRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("storage: prune job runs: %w", res.Error)
	}
	return res.RowsAffected, nil
}
