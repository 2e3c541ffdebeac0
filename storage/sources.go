package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

var _ sources.Store = (*Store)(nil)

type sourceRow struct {
	ID              int64  `gorm:"primaryKey"`
	URL             string `gorm:"column:url"`
	Title           string
	SiteURL         string `gorm:"column:site_url"`
	Folder          string
	Kind            string
	Platform        string
	ChannelID       string
	AddedBy         string
	Private         bool
	Held            bool
	Trusted         bool
	IntervalSeconds int64
	CreatedAt       time.Time
	ETag            string `gorm:"column:etag"`
	LastModified    string
	BodyHash        string
	Primed          bool
	LastCheckAt     *time.Time
	LastSuccessAt   *time.Time
	LastErrorAt     *time.Time
	LastError       string
	Failures        int
	TTLSeconds      int64 `gorm:"column:ttl_seconds"`
	NextCheckAt     time.Time
	Paused          bool
	ClaimedBy       string
}

func (sourceRow) TableName() string { return "sources" }

func toSourceRow(s sources.Source) sourceRow {
	st := s.State
	return sourceRow{ID: s.ID, URL: s.URL, Title: s.Title, SiteURL: s.SiteURL, Folder: s.Folder, Kind: s.Kind, Platform: s.Channel.Platform,
		ChannelID: s.Channel.ID, AddedBy: s.AddedBy, Private: s.Private, Held: s.Held, Trusted: s.Trusted, IntervalSeconds: int64(s.Interval / time.Second),
		CreatedAt: s.CreatedAt.UTC(), ETag: st.ETag, LastModified: st.LastModified, BodyHash: st.BodyHash,
		Primed: st.Primed, LastCheckAt: timePtr(st.LastCheck), LastSuccessAt: timePtr(st.LastSuccess),
		LastErrorAt: timePtr(st.LastErrorAt), LastError: st.LastError, Failures: st.Failures,
		TTLSeconds:  int64(st.TTL / time.Second),
		NextCheckAt: st.NextCheck.UTC(), Paused: st.Paused}
}

func (r sourceRow) toDomain() sources.Source {
	return sources.Source{ID: r.ID, URL: r.URL, Title: r.Title, SiteURL: r.SiteURL, Folder: r.Folder, Kind: r.Kind,
		Channel: briefing.Channel{Platform: r.Platform, ID: r.ChannelID}, AddedBy: r.AddedBy, Private: r.Private, Held: r.Held, Trusted: r.Trusted,
		Interval: time.Duration(r.IntervalSeconds) * time.Second, CreatedAt: r.CreatedAt.UTC(),
		State: sources.State{ETag: r.ETag, LastModified: r.LastModified, BodyHash: r.BodyHash, Primed: r.Primed,
			LastCheck: timeVal(r.LastCheckAt), LastSuccess: timeVal(r.LastSuccessAt), LastErrorAt: timeVal(r.LastErrorAt),
			LastError: r.LastError, Failures: r.Failures, TTL: time.Duration(r.TTLSeconds) * time.Second, NextCheck: r.NextCheckAt.UTC(), Paused: r.Paused}}
}

// timePtr maps the zero time ("never") to NULL; times are stored in UTC so
// that SQLite's text comparison orders them correctly.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func timeVal(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// AddSource inserts s unless its URL is taken; ON CONFLICT DO NOTHING makes
// the check and the insert one step, so two replicas adding the same feed
// at once end with one row. The source's scope (private to its channel,
// or shared) is written in the same transaction.
func (s *Store) AddSource(ctx context.Context, src sources.Source) (sources.Source, bool, error) {
	if src.CreatedAt.IsZero() {
		src.CreatedAt = time.Now()
	}
	row := toSourceRow(src)
	row.ID = 0
	added := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil || res.RowsAffected != 1 || row.ID == 0 {
			return res.Error
		}
		added = true
		return setScope(tx, src)
	})
	if err != nil {
		return sources.Source{}, false, fmt.Errorf("storage: add source %s: %w", src.URL, err)
	}
	if added {
		return row.toDomain(), true, nil
	}
	existing, err := s.SourceByURL(ctx, src.URL)
	return existing, false, err
}

// Source returns one source by ID.
func (s *Store) Source(ctx context.Context, id int64) (sources.Source, error) {
	return s.findSource(ctx, "id = ?", id)
}

// SourceByURL returns one source by its normalised URL.
func (s *Store) SourceByURL(ctx context.Context, url string) (sources.Source, error) {
	return s.findSource(ctx, "url = ?", url)
}

func (s *Store) findSource(ctx context.Context, where string, arg any) (sources.Source, error) {
	var row sourceRow
	err := s.db.WithContext(ctx).Where(where, arg).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return sources.Source{}, briefing.Errorf(briefing.ENotFound, "there is no source %v", arg)
	} else if err != nil {
		return sources.Source{}, fmt.Errorf("storage: find source %v: %w", arg, err)
	}
	return row.toDomain(), nil
}

// Sources lists every source by ID.
func (s *Store) Sources(ctx context.Context) ([]sources.Source, error) {
	var rows []sourceRow
	if err := s.db.WithContext(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: list sources: %w", err)
	}
	return sourcesOf(rows), nil
}

func sourcesOf(rows []sourceRow) []sources.Source {
	out := make([]sources.Source, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out
}

// UpdateSource writes the mutable fields: never the URL, the channel,
// who added it, its privacy or hold, so a concurrent /source add or
// /source pause cannot be undone by a poll.
func (s *Store) UpdateSource(ctx context.Context, src sources.Source) error {
	r := toSourceRow(src)
	res := s.db.WithContext(ctx).Model(&sourceRow{}).Where("id = ?", src.ID).Select("title", "site_url", "kind", "trusted",
		"interval_seconds", "etag", "last_modified", "body_hash", "primed", "last_check_at", "last_success_at",
		"last_error_at", "last_error", "failures", "ttl_seconds", "next_check_at", "paused").Updates(&r)
	if res.Error != nil {
		return fmt.Errorf("storage: update source %d: %w", src.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return briefing.Errorf(briefing.ENotFound, "there is no source #%d", src.ID)
	}
	return nil
}

// RemoveSource deletes a source; its articles stay.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	res := s.db.WithContext(ctx).Where("id = ?", id).Delete(&sourceRow{})
	if res.Error != nil {
		return fmt.Errorf("storage: remove source %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return briefing.Errorf(briefing.ENotFound, "there is no source #%d", id)
	}
	return nil
}

// DueSources lists the sources due at now that are not held, earliest
// first. A source the poller paused after failures is due when its
// next (daily) try is; one paused without failures (by an operator,
// before pauses were held) is not.
func (s *Store) DueSources(ctx context.Context, now time.Time, limit int) ([]sources.Source, error) {
	if limit <= 0 {
		limit = 100
	}
	var rows []sourceRow
	err := s.db.WithContext(ctx).Where("NOT held AND (NOT paused OR failures > 0) AND next_check_at <= ?", now.UTC()).
		Order("next_check_at, id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: due sources: %w", err)
	}
	return sourcesOf(rows), nil
}

// ClaimSource is a single conditional UPDATE: the database serialises
// concurrent claims on the row, and only the first sees it still due, so
// RowsAffected is 1 for exactly one replica.
func (s *Store) ClaimSource(ctx context.Context, id int64, now, until time.Time, owner string) (bool, error) {
	res := s.db.WithContext(ctx).Model(&sourceRow{}).
		Where("id = ? AND NOT held AND (NOT paused OR failures > 0) AND next_check_at <= ?", id, now.UTC()).
		Updates(map[string]any{"next_check_at": until.UTC(), "claimed_by": owner})
	if res.Error != nil {
		return false, fmt.Errorf("storage: claim source %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// SourceArticles returns a source's most recently stored articles.
func (s *Store) SourceArticles(ctx context.Context, source string, limit int) ([]briefing.Article, error) {
	if limit <= 0 {
		limit = 100
	}
	var rows []articleRow
	err := s.db.WithContext(ctx).Where("source = ?", source).Order("id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: articles of %s: %w", source, err)
	}
	out := make([]briefing.Article, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}
