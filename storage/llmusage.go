package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The daily token budget of written overviews (bot/overview.Budget). One
// row per UTC day; a reservation is one conditional UPDATE, so replicas
// racing for the last tokens cannot together overspend.

type llmUsageRow struct {
	Day       string `gorm:"primaryKey"`
	Tokens    int64
	UpdatedAt time.Time
}

func (llmUsageRow) TableName() string { return "llm_usage" }

// ReserveTokens adds n to day's spend if the total stays within limit.
// ok is false, and nothing is added, when it would not.
func (s *Store) ReserveTokens(ctx context.Context, day string, n, limit int64) (ok bool, err error) {
	if n < 0 {
		return false, fmt.Errorf("storage: reserve %d tokens: negative", n)
	}
	db := s.db.WithContext(ctx)
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&llmUsageRow{Day: day}).Error; err != nil {
		return false, fmt.Errorf("storage: reserve tokens for %s: %w", day, err)
	}
	res := db.Model(&llmUsageRow{}).Where("day = ? AND tokens + ? <= ?", day, n, limit).
		Updates(map[string]any{"tokens": gorm.Expr("tokens + ?", n), "updated_at": time.Now().UTC()})
	if res.Error != nil {
		return false, fmt.Errorf("storage: reserve tokens for %s: %w", day, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// AdjustTokens adds delta (negative to give back) to day's spend, never
// below zero.
func (s *Store) AdjustTokens(ctx context.Context, day string, delta int64) error {
	db := s.db.WithContext(ctx)
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&llmUsageRow{Day: day}).Error; err != nil {
		return fmt.Errorf("storage: adjust tokens for %s: %w", day, err)
	}
	expr := gorm.Expr("CASE WHEN tokens + ? < 0 THEN 0 ELSE tokens + ? END", delta, delta)
	if err := db.Model(&llmUsageRow{}).Where("day = ?", day).
		Updates(map[string]any{"tokens": expr, "updated_at": time.Now().UTC()}).Error; err != nil {
		return fmt.Errorf("storage: adjust tokens for %s: %w", day, err)
	}
	return nil
}

// TokensSpent returns day's spend (0 for a day with none).
func (s *Store) TokensSpent(ctx context.Context, day string) (int64, error) {
	var rows []llmUsageRow
	if err := s.db.WithContext(ctx).Where("day = ?", day).Limit(1).Find(&rows).Error; err != nil {
		return 0, fmt.Errorf("storage: tokens spent on %s: %w", day, err)
	}
	if len(rows) == 0 {
		return 0, nil
	}
	return rows[0].Tokens, nil
}
