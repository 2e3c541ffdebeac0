package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"github.com/briefbot/briefbot/briefing"
)

type watchRow struct {
	ID        int64 `gorm:"primaryKey"`
	Platform  string
	ChannelID string
	Topic     string
	Sources   string // one source URL per line; "" for every source
	CreatedBy string
	CreatedAt time.Time
}

func (watchRow) TableName() string { return "watches" }

func (r watchRow) toDomain() briefing.Watch {
	w := briefing.Watch{Channel: briefing.Channel{Platform: r.Platform, ID: r.ChannelID}, Topic: r.Topic,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
	if r.Sources != "" {
		w.Sources = strings.Split(r.Sources, "\n")
	}
	return w
}

// AddWatch stores a watch under its normalised topic.
func (s *Store) AddWatch(ctx context.Context, w briefing.Watch) (bool, error) {
	if w.CreatedAt.IsZero() {
		w.CreatedAt = time.Now()
	}
	row := watchRow{Platform: w.Channel.Platform, ChannelID: w.Channel.ID, Topic: briefing.NormalizeTopic(w.Topic),
		Sources: strings.Join(w.Sources, "\n"), CreatedBy: w.CreatedBy, CreatedAt: w.CreatedAt.UTC()}
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil {
		return false, fmt.Errorf("storage: add watch %s %q: %w", w.Channel, w.Topic, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// RemoveWatch deletes a channel's watch of topic.
func (s *Store) RemoveWatch(ctx context.Context, ch briefing.Channel, topic string) (bool, error) {
	res := s.db.WithContext(ctx).Where("platform = ? AND channel_id = ? AND topic = ?", ch.Platform, ch.ID,
		briefing.NormalizeTopic(topic)).Delete(&watchRow{})
	if res.Error != nil {
		return false, fmt.Errorf("storage: remove watch %s %q: %w", ch, topic, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// Watches lists a channel's watches, oldest first.
func (s *Store) Watches(ctx context.Context, ch briefing.Channel) ([]briefing.Watch, error) {
	var rows []watchRow
	err := s.db.WithContext(ctx).Where("platform = ? AND channel_id = ?", ch.Platform, ch.ID).
		Order("created_at, id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: list watches %s: %w", ch, err)
	}
	out := make([]briefing.Watch, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}
