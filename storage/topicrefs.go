package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// topicRefTTL is how long a button's topic reference is kept after it was
// last used in a briefing.
const topicRefTTL = 90 * 24 * time.Hour

type topicRefRow struct {
	Ref    string `gorm:"primaryKey"`
	Topic  string
	UsedAt time.Time
}

func (topicRefRow) TableName() string { return "topic_refs" }

// RememberTopicRef keeps the topic behind a button's reference (see
// bot.VoteValue), or renews it, and forgets references unused for 90 days
// before now (each call deletes a few, so the table stays bounded without
// a sweep).
func (s *Store) RememberTopicRef(ctx context.Context, ref, topic string, now time.Time) error {
	now = now.UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "ref"}},
			DoUpdates: clause.AssignmentColumns([]string{"topic", "used_at"}),
		}).Create(&topicRefRow{Ref: ref, Topic: topic, UsedAt: now}).Error; err != nil {
			return err
		}
		old := tx.Model(&topicRefRow{}).Select("ref").Where("used_at < ?", now.Add(-topicRefTTL)).Limit(100)
		return tx.Where("ref IN (?)", old).Delete(&topicRefRow{}).Error
	})
	if err != nil {
		return fmt.Errorf("storage: remember topic reference %s: %w", ref, err)
	}
	return nil
}

// TopicByRef returns the topic behind a button's reference, "" when it is
// not known (never stored, or expired).
func (s *Store) TopicByRef(ctx context.Context, ref string) (string, error) {
	var row topicRefRow
	err := s.db.WithContext(ctx).Where("ref = ?", ref).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("storage: topic reference %s: %w", ref, err)
	}
	return row.Topic, nil
}
