package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

// The web side's tables (migration 00005): permalink pages and per-watch
// feed tokens, plus the operator page's cross-channel reads and its two
// actions (pause or resume a source, requeue one unknown delivery).

var _ briefing.WebStore = (*Store)(nil)

type pageRow struct {
	ID        string `gorm:"primaryKey"`
	Platform  string
	ChannelID string
	Kind      string
	Title     string
	Body      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

func (pageRow) TableName() string { return "pages" }

type watchFeedRow struct {
	Platform  string `gorm:"primaryKey"`
	ChannelID string `gorm:"primaryKey"`
	Topic     string `gorm:"primaryKey"`
	Token     string
	CreatedAt time.Time
}

func (watchFeedRow) TableName() string { return "watch_feeds" }

// SavePage stores a permalink page.
func (s *Store) SavePage(ctx context.Context, p briefing.Page) error {
	row := pageRow{ID: p.ID, Platform: p.Channel.Platform, ChannelID: p.Channel.ID, Kind: p.Kind, Title: p.Title,
		Body: p.Body, CreatedAt: dbTime(p.CreatedAt), ExpiresAt: dbTime(p.ExpiresAt)}
	if row.Body == nil {
		row.Body = []byte{}
	}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: save page: %w", err)
	}
	return nil
}

// Page returns an unexpired page by its ID.
func (s *Store) Page(ctx context.Context, id string, now time.Time) (briefing.Page, error) {
	var row pageRow
	err := s.db.WithContext(ctx).Where("id = ? AND expires_at > ?", id, dbTime(now)).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return briefing.Page{}, briefing.ErrNotFound
	} else if err != nil {
		return briefing.Page{}, fmt.Errorf("storage: page: %w", err)
	}
	return briefing.Page{ID: row.ID, Channel: briefing.Channel{Platform: row.Platform, ID: row.ChannelID}, Kind: row.Kind,
		Title: row.Title, Body: row.Body, CreatedAt: row.CreatedAt.UTC(), ExpiresAt: row.ExpiresAt.UTC()}, nil
}

// PruneExpiredPages deletes the pages expired at now.
func (s *Store) PruneExpiredPages(ctx context.Context, now time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("expires_at <= ?", dbTime(now)).Delete(&pageRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("storage: prune pages: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// WatchFeedToken returns the watch's feed token, inserting fresh when it
// has none; ON CONFLICT DO NOTHING makes two replicas agree on one.
func (s *Store) WatchFeedToken(ctx context.Context, ch briefing.Channel, topic, fresh string) (string, error) {
	topic = briefing.NormalizeTopic(topic)
	row := watchFeedRow{Platform: ch.Platform, ChannelID: ch.ID, Topic: topic, Token: fresh, CreatedAt: dbTime(time.Now())}
	db := s.db.WithContext(ctx)
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return "", fmt.Errorf("storage: feed token %s %q: %w", ch, topic, err)
	}
	var got watchFeedRow
	err := db.Where("platform = ? AND channel_id = ? AND topic = ?", ch.Platform, ch.ID, topic).Take(&got).Error
	if err != nil {
		return "", fmt.Errorf("storage: feed token %s %q: %w", ch, topic, err)
	}
	return got.Token, nil
}

// ResetWatchFeedToken gives the watch's feed a new token.
func (s *Store) ResetWatchFeedToken(ctx context.Context, ch briefing.Channel, topic, fresh string) error {
	topic = briefing.NormalizeTopic(topic)
	row := watchFeedRow{Platform: ch.Platform, ChannelID: ch.ID, Topic: topic, Token: fresh, CreatedAt: dbTime(time.Now())}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "platform"}, {Name: "channel_id"}, {Name: "topic"}},
		DoUpdates: clause.AssignmentColumns([]string{"token", "created_at"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("storage: reset feed token %s %q: %w", ch, topic, err)
	}
	return nil
}

// WatchByFeedToken finds the live watch behind a feed token. The join
// with watches makes a token die with its watch.
func (s *Store) WatchByFeedToken(ctx context.Context, token string) (briefing.Watch, error) {
	var row watchRow
	err := s.db.WithContext(ctx).Table("watches").Select("watches.*").
		Joins("JOIN watch_feeds f ON f.platform = watches.platform AND f.channel_id = watches.channel_id AND f.topic = watches.topic").
		Where("f.token = ?", token).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return briefing.Watch{}, briefing.ErrNotFound
	} else if err != nil {
		return briefing.Watch{}, fmt.Errorf("storage: feed token: %w", err)
	}
	return row.toDomain(), nil
}

// AllWatches lists every channel's watches, by channel then age.
func (s *Store) AllWatches(ctx context.Context) ([]briefing.Watch, error) {
	var rows []watchRow
	if err := s.db.WithContext(ctx).Order("platform, channel_id, created_at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: list all watches: %w", err)
	}
	out := make([]briefing.Watch, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// LatestDeliveries lists the newest deliveries of every channel.
func (s *Store) LatestDeliveries(ctx context.Context, limit int) ([]digest.Delivery, error) {
	var rows []deliveryRow
	if err := s.db.WithContext(ctx).Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: latest deliveries: %w", err)
	}
	return deliveries(rows), nil
}

// RequeueDelivery makes one unknown delivery failed and due at now,
// releasing its article reservations (RequeueUnknown, for one row). False
// when the delivery is not unknown (any more).
func (s *Store) RequeueDelivery(ctx context.Context, id int64, now time.Time) (bool, error) {
	moved := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&deliveryRow{}).Where("id = ? AND status = ?", id, string(digest.DeliveryUnknown)).
			Updates(map[string]any{"status": string(digest.DeliveryFailed), "next_attempt_at": dbTime(now),
				"error": "outcome unknown; requeued by an operator"})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		moved = true
		return tx.Where("delivery_id = ?", id).Delete(&deliveredRow{}).Error
	})
	if err != nil {
		return false, fmt.Errorf("storage: requeue delivery %d: %w", id, err)
	}
	return moved, nil
}

// SetSourcePaused pauses a source as /source pause does (held: never
// checked, unlike the poller's own pause after failures, which tries it
// daily), or resumes it with its failure count cleared, either pause
// lifted, and a check due at now. It touches only those columns, so a
// poller's concurrent write of the fetch state is not lost. ErrNotFound
// when there is no such source.
func (s *Store) SetSourcePaused(ctx context.Context, id int64, paused bool, now time.Time) (sources.Source, error) {
	set := map[string]any{"held": true}
	if !paused {
		set["paused"] = false
		set["failures"], set["next_check_at"], set["held"] = 0, dbTime(now), false
	}
	res := s.db.WithContext(ctx).Model(&sourceRow{}).Where("id = ?", id).Updates(set)
	if res.Error != nil {
		return sources.Source{}, fmt.Errorf("storage: pause source %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return sources.Source{}, briefing.Errorf(briefing.ENotFound, "there is no source %d", id)
	}
	return s.Source(ctx, id)
}
