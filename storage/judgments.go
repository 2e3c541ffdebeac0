package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"github.com/briefbot/briefbot/briefing"
)

type judgmentRow struct {
	Platform  string `gorm:"primaryKey"`
	ChannelID string `gorm:"primaryKey"`
	Topic     string `gorm:"primaryKey"`
	ArticleID int64  `gorm:"primaryKey;autoIncrement:false"`
	Up        bool
	JudgedBy  string
	JudgedAt  time.Time
}

func (judgmentRow) TableName() string { return "judgments" }

// Judge stores a channel's verdict on an article for a topic (under its
// normalised form); a later verdict on the same article replaces it.
func (s *Store) Judge(ctx context.Context, ch briefing.Channel, topic string, j briefing.Judgment, by string) error {
	row := judgmentRow{Platform: ch.Platform, ChannelID: ch.ID, Topic: briefing.NormalizeTopic(topic), ArticleID: j.ArticleID,
		Up: j.Up, JudgedBy: by, JudgedAt: time.Now().UTC()}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "platform"}, {Name: "channel_id"}, {Name: "topic"}, {Name: "article_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"up", "judged_by", "judged_at"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("storage: judge %s %q article %d: %w", ch, topic, j.ArticleID, err)
	}
	return nil
}

// Judgments lists a channel's verdicts for a topic, oldest first.
func (s *Store) Judgments(ctx context.Context, ch briefing.Channel, topic string) ([]briefing.Judgment, error) {
	var rows []judgmentRow
	err := s.db.WithContext(ctx).Where("platform = ? AND channel_id = ? AND topic = ?", ch.Platform, ch.ID,
		briefing.NormalizeTopic(topic)).Order("judged_at, article_id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: list judgments %s %q: %w", ch, topic, err)
	}
	out := make([]briefing.Judgment, len(rows))
	for i, r := range rows {
		out[i] = briefing.Judgment{ArticleID: r.ArticleID, Up: r.Up}
	}
	return out, nil
}
