package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
)

// The delivery ledger. Every state change is one UPDATE whose WHERE clause
// names the state it expects (status, owner, attempts), so two replicas
// racing for a row cannot both win: the loser sees zero rows affected.

var _ digest.DeliveryStore = (*Store)(nil)

type deliveryRow struct {
	ID            int64 `gorm:"primaryKey"`
	Platform      string
	ChannelID     string
	Period        string
	Status        string
	Owner         string
	LeaseUntil    time.Time
	Attempts      int
	NextAttemptAt *time.Time
	MessageIDs    string `gorm:"column:message_ids"`
	Error         string
	Stories       int
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (deliveryRow) TableName() string { return "digest_deliveries" }

type deliveredRow struct {
	Platform   string `gorm:"primaryKey"`
	ChannelID  string `gorm:"primaryKey"`
	ArticleID  int64  `gorm:"primaryKey"`
	DeliveryID int64
}

func (deliveredRow) TableName() string { return "delivered_articles" }

func (r deliveryRow) toDomain() digest.Delivery {
	d := digest.Delivery{ID: r.ID, Channel: briefing.Channel{Platform: r.Platform, ID: r.ChannelID}, Period: r.Period,
		Status: digest.DeliveryStatus(r.Status), Owner: r.Owner, LeaseUntil: r.LeaseUntil.UTC(), Attempts: r.Attempts,
		Error: r.Error, Stories: r.Stories, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if r.NextAttemptAt != nil {
		d.NextAttempt = r.NextAttemptAt.UTC()
	}
	_ = json.Unmarshal([]byte(r.MessageIDs), &d.MessageIDs)
	return d
}

// dbTime is t as both databases store it: UTC, whole microseconds
// (PostgreSQL would otherwise round, and SQLite compares times as text).
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func errNotOwned(id int64) error {
	return briefing.Errorf(briefing.EConflict, "delivery %d was taken over or settled by another process", id)
}

// ClaimDelivery inserts a pending delivery unless (channel, period) exists.
func (s *Store) ClaimDelivery(ctx context.Context, d digest.Delivery) (digest.Delivery, bool, error) {
	row := deliveryRow{Platform: d.Channel.Platform, ChannelID: d.Channel.ID, Period: d.Period,
		Status: string(digest.DeliveryPending), Owner: d.Owner, LeaseUntil: dbTime(d.LeaseUntil), MessageIDs: "[]"}
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil {
		return digest.Delivery{}, false, fmt.Errorf("storage: claim delivery %s %s: %w", d.Channel, d.Period, res.Error)
	}
	if res.RowsAffected == 1 {
		return row.toDomain(), true, nil
	}
	cur, err := s.FindDelivery(ctx, d.Channel, d.Period)
	return cur, false, err
}

// TakeOver moves a due failed delivery, or a pending one past its lease,
// back to pending under a new owner.
func (s *Store) TakeOver(ctx context.Context, d digest.Delivery, owner string, lease time.Time) (bool, error) {
	if d.Status != digest.DeliveryFailed && d.Status != digest.DeliveryPending {
		return false, nil
	}
	res := s.db.WithContext(ctx).Model(&deliveryRow{}).
		Where("id = ? AND status = ? AND owner = ? AND attempts = ?", d.ID, string(d.Status), d.Owner, d.Attempts).
		Updates(map[string]any{"status": string(digest.DeliveryPending), "owner": owner, "lease_until": dbTime(lease)})
	if res.Error != nil {
		return false, fmt.Errorf("storage: take over delivery %d: %w", d.ID, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// BeginSend moves the owner's pending delivery to sending and reserves its
// articles, skipping those another delivery of the channel holds.
func (s *Store) BeginSend(ctx context.Context, id int64, owner string, articleIDs []int64, lease time.Time) ([]int64, error) {
	var reserved []int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row deliveryRow
		res := tx.Model(&row).
			Where("id = ? AND owner = ? AND status = ?", id, owner, string(digest.DeliveryPending)).
			Updates(map[string]any{"status": string(digest.DeliverySending), "lease_until": dbTime(lease)})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errNotOwned(id)
		}
		if err := tx.Take(&row, id).Error; err != nil {
			return err
		}
		var err error
		reserved, err = reserve(tx, row, articleIDs)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("storage: begin sending delivery %d: %w", id, err)
	}
	return reserved, nil
}

func reserve(tx *gorm.DB, d deliveryRow, ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows := make([]deliveredRow, len(ids))
	for i, a := range ids {
		rows[i] = deliveredRow{Platform: d.Platform, ChannelID: d.ChannelID, ArticleID: a, DeliveryID: d.ID}
	}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, 200).Error; err != nil {
		return nil, err
	}
	var got []int64
	err := tx.Model(&deliveredRow{}).Where("delivery_id = ?", d.ID).Order("article_id").Pluck("article_id", &got).Error
	return got, err
}

// FinishDelivery records the outcome of the owner's delivery.
func (s *Store) FinishDelivery(ctx context.Context, id int64, owner string, o digest.Outcome) error {
	ids, _ := json.Marshal(nonNil(o.MessageIDs))
	set := map[string]any{"status": string(o.Status), "message_ids": string(ids), "error": o.Error, "stories": o.Stories}
	release := o.Status == digest.DeliveryFailed || o.Status == digest.DeliveryAbandoned
	if release {
		set["attempts"] = gorm.Expr("attempts + 1")
	}
	if !o.NextAttempt.IsZero() {
		set["next_attempt_at"] = dbTime(o.NextAttempt)
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&deliveryRow{}).Where("id = ? AND owner = ? AND status IN ?", id, owner,
			[]string{string(digest.DeliveryPending), string(digest.DeliverySending), string(digest.DeliveryUnknown)}).
			Updates(set)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errNotOwned(id)
		}
		if release {
			return tx.Where("delivery_id = ?", id).Delete(&deliveredRow{}).Error
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("storage: finish delivery %d as %s: %w", id, o.Status, err)
	}
	return nil
}

// DueDeliveries lists deliveries that need attention at now.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, platforms ...string) ([]digest.Delivery, error) {
	var rows []deliveryRow
	q := s.db.WithContext(ctx).Where("(status = ? AND next_attempt_at <= ?) OR (status IN ? AND lease_until < ?)",
		string(digest.DeliveryFailed), dbTime(now),
		[]string{string(digest.DeliveryPending), string(digest.DeliverySending)}, dbTime(now))
	if len(platforms) > 0 {
		q = q.Where("platform IN ?", platforms)
	}
	if err := q.Order("id").Limit(500).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: due deliveries: %w", err)
	}
	return deliveries(rows), nil
}

func deliveries(rows []deliveryRow) []digest.Delivery {
	out := make([]digest.Delivery, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out
}

// MarkUnknown settles a sending delivery past its lease as unknown.
func (s *Store) MarkUnknown(ctx context.Context, d digest.Delivery) (bool, error) {
	res := s.db.WithContext(ctx).Model(&deliveryRow{}).
		Where("id = ? AND status = ? AND owner = ?", d.ID, string(digest.DeliverySending), d.Owner).
		Updates(map[string]any{"status": string(digest.DeliveryUnknown),
			"error": "the process sending it stopped before recording the outcome"})
	if res.Error != nil {
		return false, fmt.Errorf("storage: mark delivery %d unknown: %w", d.ID, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// FindDelivery returns the channel's delivery for period.
func (s *Store) FindDelivery(ctx context.Context, ch briefing.Channel, period string) (digest.Delivery, error) {
	var row deliveryRow
	err := s.db.WithContext(ctx).Where("platform = ? AND channel_id = ? AND period = ?", ch.Platform, ch.ID, period).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return digest.Delivery{}, briefing.ErrNotFound
	} else if err != nil {
		return digest.Delivery{}, fmt.Errorf("storage: delivery %s %s: %w", ch, period, err)
	}
	return row.toDomain(), nil
}

// RecentDeliveries lists the channel's latest deliveries, newest first.
func (s *Store) RecentDeliveries(ctx context.Context, ch briefing.Channel, limit int) ([]digest.Delivery, error) {
	var rows []deliveryRow
	err := s.db.WithContext(ctx).Where("platform = ? AND channel_id = ?", ch.Platform, ch.ID).
		Order("id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: recent deliveries %s: %w", ch, err)
	}
	return deliveries(rows), nil
}

// HasPosted reports whether another of the channel's deliveries posted,
// or may have.
func (s *Store) HasPosted(ctx context.Context, ch briefing.Channel, except int64) (bool, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&deliveryRow{}).Where("platform = ? AND channel_id = ? AND id <> ? AND status IN ?",
		ch.Platform, ch.ID, except, []string{string(digest.DeliverySending), string(digest.DeliverySent), string(digest.DeliveryPartial),
			string(digest.DeliveryUnknown)}).
		Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return false, fmt.Errorf("storage: has posted %s: %w", ch, err)
	}
	return len(ids) > 0, nil
}

// RequeueUnknown makes the channel's unknown deliveries due again.
func (s *Store) RequeueUnknown(ctx context.Context, ch briefing.Channel, now time.Time) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ids []int64
		err := tx.Model(&deliveryRow{}).Where("platform = ? AND channel_id = ? AND status = ?", ch.Platform, ch.ID,
			string(digest.DeliveryUnknown)).Pluck("id", &ids).Error
		if err != nil || len(ids) == 0 {
			return err
		}
		n = len(ids)
		err = tx.Model(&deliveryRow{}).Where("id IN ?", ids).Updates(map[string]any{"status": string(digest.DeliveryFailed),
			"next_attempt_at": dbTime(now), "error": "outcome unknown; requeued by an operator"}).Error
		if err != nil {
			return err
		}
		return tx.Where("delivery_id IN ?", ids).Delete(&deliveredRow{}).Error
	})
	if err != nil {
		return 0, fmt.Errorf("storage: requeue unknown deliveries %s: %w", ch, err)
	}
	return n, nil
}

// DeliveredArticles returns which of ids the channel has had.
func (s *Store) DeliveredArticles(ctx context.Context, ch briefing.Channel, ids []int64) (map[int64]bool, error) {
	out := make(map[int64]bool)
	for start := 0; start < len(ids); start += 500 {
		var got []int64
		err := s.db.WithContext(ctx).Model(&deliveredRow{}).
			Where("platform = ? AND channel_id = ? AND article_id IN ?", ch.Platform, ch.ID, ids[start:min(start+500, len(ids))]).
			Pluck("article_id", &got).Error
		if err != nil {
			return nil, fmt.Errorf("storage: delivered articles %s: %w", ch, err)
		}
		for _, id := range got {
			out[id] = true
		}
	}
	return out, nil
}
