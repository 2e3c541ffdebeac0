package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

var _ briefing.SourceScopes = (*Store)(nil)

// HoldSource pauses or resumes a source in one UPDATE. Resuming clears
// the poller's own pause too and makes the source due at once; pausing
// leaves the poll state alone, so resuming continues where it stopped.
func (s *Store) HoldSource(ctx context.Context, id int64, held bool, now time.Time) (sources.Source, error) {
	set := map[string]any{"held": held}
	if !held {
		set = map[string]any{"held": false, "paused": false, "failures": 0, "next_check_at": dbTime(now)}
	}
	res := s.db.WithContext(ctx).Model(&sourceRow{}).Where("id = ?", id).Updates(set)
	if res.Error != nil {
		return sources.Source{}, fmt.Errorf("storage: hold source %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return sources.Source{}, briefing.Errorf(briefing.ENotFound, "there is no source #%d; /source list shows them", id)
	}
	return s.Source(ctx, id)
}

type scopeRow struct {
	URL       string `gorm:"column:url;primaryKey"`
	Platform  string
	ChannelID string
}

func (scopeRow) TableName() string { return "source_scopes" }

// setScope records a newly stored source's scope: private to its
// channel, or shared (a URL once private and now added as a shared
// source is shared from now on, with what was stored from it).
func setScope(tx *gorm.DB, src sources.Source) error {
	if !src.Private {
		return tx.Where("url = ?", src.URL).Delete(&scopeRow{}).Error
	}
	return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "url"}},
		DoUpdates: clause.AssignmentColumns([]string{"platform", "channel_id"})}).
		Create(&scopeRow{URL: src.URL, Platform: src.Channel.Platform, ChannelID: src.Channel.ID}).Error
}

// HiddenSources lists the URLs of the sources private to channels other
// than ch, from source_scopes: a private source's articles stay hidden
// after the source is removed.
func (s *Store) HiddenSources(ctx context.Context, ch briefing.Channel) (map[string]bool, error) {
	var urls []string
	err := s.db.WithContext(ctx).Model(&scopeRow{}).Where("NOT (platform = ? AND channel_id = ?)",
		ch.Platform, ch.ID).Pluck("url", &urls).Error
	if err != nil {
		return nil, fmt.Errorf("storage: hidden sources for %s: %w", ch, err)
	}
	out := make(map[string]bool, len(urls))
	for _, u := range urls {
		out[u] = true
	}
	return out, nil
}

// RestrictedWatches lists the watches restricted to named sources, by
// channel and age.
func (s *Store) RestrictedWatches(ctx context.Context, limit int) ([]briefing.Watch, error) {
	if limit <= 0 {
		limit = 1000
	}
	var rows []watchRow
	err := s.db.WithContext(ctx).Where("sources <> ''").Order("platform, channel_id, created_at, id").
		Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: restricted watches: %w", err)
	}
	out := make([]briefing.Watch, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}
