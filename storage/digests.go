package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
)

var _ digest.ScheduleStore = (*Store)(nil)

type scheduleRow struct {
	Platform  string `gorm:"primaryKey"`
	ChannelID string `gorm:"primaryKey"`
	Every     string
	Weekday   int
	Hour      int
	Minute    int
	Zone      string
	MaxItems  int
	UpdatedBy string
	UpdatedAt time.Time
	// TimingChangedAt is NULL in a row an older version wrote (migration
	// 00018): it then reads as UpdatedAt.
	TimingChangedAt *time.Time
	// Cadences of several digests a day (migration 00008).
	IntervalHours int
	QuietFrom     int
	QuietTo       int
}

func (scheduleRow) TableName() string { return "digest_schedules" }

func (r scheduleRow) toDomain() digest.Schedule {
	timing := r.UpdatedAt
	if r.TimingChangedAt != nil {
		timing = *r.TimingChangedAt
	}
	return digest.Schedule{Channel: briefing.Channel{Platform: r.Platform, ID: r.ChannelID}, Every: r.Every,
		Weekday: time.Weekday(r.Weekday), Hour: r.Hour, Minute: r.Minute, Zone: r.Zone, MaxItems: r.MaxItems,
		UpdatedBy: r.UpdatedBy, UpdatedAt: r.UpdatedAt.UTC(), TimingChangedAt: timing.UTC(), IntervalHours: r.IntervalHours,
		QuietFrom: r.QuietFrom, QuietTo: r.QuietTo}
}

// SetSchedule upserts the channel's schedule. A zero UpdatedAt is now, a
// zero TimingChangedAt is UpdatedAt (the whole schedule is new).
func (s *Store) SetSchedule(ctx context.Context, d digest.Schedule) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = time.Now()
	}
	if d.TimingChangedAt.IsZero() {
		d.TimingChangedAt = d.UpdatedAt
	}
	timing := d.TimingChangedAt.UTC()
	row := scheduleRow{Platform: d.Channel.Platform, ChannelID: d.Channel.ID, Every: d.Every, Weekday: int(d.Weekday),
		Hour: d.Hour, Minute: d.Minute, Zone: d.Zone, MaxItems: d.MaxItems, UpdatedBy: d.UpdatedBy, UpdatedAt: d.UpdatedAt.UTC(),
		TimingChangedAt: &timing, IntervalHours: d.IntervalHours, QuietFrom: d.QuietFrom, QuietTo: d.QuietTo}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "platform"}, {Name: "channel_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"every", "weekday", "hour", "minute", "zone", "max_items", "updated_by", "updated_at",
			"timing_changed_at", "interval_hours", "quiet_from", "quiet_to"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("storage: set digest %s: %w", d.Channel, err)
	}
	return nil
}

// Schedule returns the channel's schedule, or briefing.ErrNotFound.
func (s *Store) Schedule(ctx context.Context, ch briefing.Channel) (digest.Schedule, error) {
	var row scheduleRow
	err := s.db.WithContext(ctx).Where("platform = ? AND channel_id = ?", ch.Platform, ch.ID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return digest.Schedule{}, briefing.ErrNotFound
	} else if err != nil {
		return digest.Schedule{}, fmt.Errorf("storage: digest %s: %w", ch, err)
	}
	return row.toDomain(), nil
}

// RemoveSchedule deletes the channel's schedule.
func (s *Store) RemoveSchedule(ctx context.Context, ch briefing.Channel) (bool, error) {
	res := s.db.WithContext(ctx).Where("platform = ? AND channel_id = ?", ch.Platform, ch.ID).Delete(&scheduleRow{})
	if res.Error != nil {
		return false, fmt.Errorf("storage: remove digest %s: %w", ch, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// Schedules lists the schedules on the given platforms (all when none).
func (s *Store) Schedules(ctx context.Context, platforms ...string) ([]digest.Schedule, error) {
	var rows []scheduleRow
	q := s.db.WithContext(ctx).Order("platform, channel_id")
	if len(platforms) > 0 {
		q = q.Where("platform IN ?", platforms)
	}
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: list digests: %w", err)
	}
	out := make([]digest.Schedule, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}
