package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/briefbot/briefbot/briefing"
)

// sourceTitleRow names a source that is not polled (read once by
// `briefbot ingest`); polled sources keep their title in sourceRow.
type sourceTitleRow struct {
	Source    string `gorm:"primaryKey"`
	Title     string
	SiteURL   string `gorm:"column:site_url"`
	UpdatedAt time.Time
}

func (sourceTitleRow) TableName() string { return "source_titles" }

// SetSourceTitle records the outlet name and home page one read of source
// gave (ingest.SourceTitle), replacing what an earlier read gave, as a
// poll replaces a polled source's. Empty values keep the stored ones.
func (s *Store) SetSourceTitle(ctx context.Context, source, title, siteURL string, now time.Time) error {
	row := sourceTitleRow{Source: source, Title: strings.TrimSpace(title), SiteURL: strings.TrimSpace(siteURL), UpdatedAt: now.UTC()}
	if row.Title == "" && row.SiteURL == "" {
		return nil
	}
	set := []string{"updated_at"}
	if row.Title != "" {
		set = append(set, "title")
	}
	if row.SiteURL != "" {
		set = append(set, "site_url")
	}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "source"}},
		DoUpdates: clause.AssignmentColumns(set),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("storage: set the title of %s: %w", briefing.RedactURL(source), err)
	}
	return nil
}

// SourceTitle returns the title and home page source is known by: a
// polled source's (sources), else what one-shot ingest recorded
// (SetSourceTitle). ENotFound when neither knows it.
func (s *Store) SourceTitle(ctx context.Context, source string) (title, siteURL string, err error) {
	if src, err := s.SourceByURL(ctx, source); err == nil && (src.Title != "" || src.SiteURL != "") {
		return src.Title, src.SiteURL, nil
	} else if err != nil && !errors.Is(err, briefing.ErrNotFound) {
		return "", "", err
	}
	var row sourceTitleRow
	err = s.db.WithContext(ctx).Where("source = ?", source).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", "", briefing.Errorf(briefing.ENotFound, "no title is known for %s", briefing.RedactURL(source))
	} else if err != nil {
		return "", "", fmt.Errorf("storage: title of %s: %w", briefing.RedactURL(source), err)
	}
	return row.Title, row.SiteURL, nil
}
