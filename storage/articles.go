package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/briefbot/briefbot/briefing"
)

type articleRow struct {
	ID          int64 `gorm:"primaryKey"`
	Source      string
	ItemKey     string
	GUID        string `gorm:"column:guid"`
	URL         string `gorm:"column:url"`
	Title       string
	Author      string
	PublishedAt *time.Time
	FetchedAt   time.Time
	Tags        string
	Body        string
	Fragment    bool
	ContentHash string
	Backfill    bool
	DateClamped bool `gorm:"column:published_clamped"`
	// Corrected is updated_at, named so that gorm does not stamp it on
	// every write: only a correction sets it (revise.go).
	Corrected *time.Time `gorm:"column:updated_at"`
	// PublishedDay is Article.DayOnly; NULL in rows stored before it was
	// recorded (migration 00020), read as before (legacyDayOnly).
	PublishedDay *bool `gorm:"column:published_day"`
}

func (articleRow) TableName() string { return "articles" }

// maxKeyLen keeps the unique index within PostgreSQL's btree row limit; a
// longer key (a huge URL) is stored as its hash.
const maxKeyLen = 512

// itemKey is a's item_key: its Key, hashed when too long.
func itemKey(a briefing.Article) string {
	key := a.Key()
	if len(key) > maxKeyLen {
		sum := sha256.Sum256([]byte(key))
		key = "sha256key:" + hex.EncodeToString(sum[:])
	}
	return key
}

func toArticleRow(a briefing.Article) articleRow {
	key := itemKey(a)
	tags, _ := json.Marshal(nonNil(a.Tags))
	r := articleRow{Source: a.Source, ItemKey: key, GUID: a.GUID, URL: a.URL, Title: a.Title, Author: a.Author,
		FetchedAt: a.Fetched.UTC(), Tags: string(tags), Body: a.Text, Fragment: a.Fragment, ContentHash: a.ContentHash(),
		Backfill: a.Backfill, DateClamped: a.DateClamped}
	if !a.Published.IsZero() {
		p, day := a.Published.UTC(), a.DayOnly
		r.PublishedAt, r.PublishedDay = &p, &day
	}
	return r
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (r articleRow) toDomain() briefing.Article {
	a := briefing.Article{ID: r.ID, Source: r.Source, GUID: r.GUID, URL: r.URL, Title: r.Title, Author: r.Author,
		Fetched: r.FetchedAt.UTC(), Text: r.Body, Fragment: r.Fragment, Backfill: r.Backfill, DateClamped: r.DateClamped}
	if r.PublishedAt != nil {
		a.Published = r.PublishedAt.UTC()
		a.DayOnly = legacyDayOnly(a.Published)
		if r.PublishedDay != nil {
			a.DayOnly = *r.PublishedDay
		}
	}
	if r.Corrected != nil {
		a.Updated = r.Corrected.UTC()
	}
	_ = json.Unmarshal([]byte(r.Tags), &a.Tags)
	return a
}

// legacyDayOnly is how a row without published_day (stored before it
// was recorded) was always shown: midnight UTC as a day alone, since
// day-only dates were stored so.
func legacyDayOnly(t time.Time) bool {
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// SaveArticles inserts the articles whose (source, key) is not stored yet,
// in one transaction, a few hundred rows per statement. INSERT … ON
// CONFLICT DO NOTHING RETURNING names exactly the rows that went in, even
// with concurrent writers, so new is told from known without another read
// (one statement per article through gorm was a third of ingest time).
func (s *Store) SaveArticles(ctx context.Context, as []briefing.Article) ([]briefing.Article, error) {
	rows := make([]articleRow, len(as))
	for i, a := range as {
		rows[i] = toArticleRow(a)
	}
	var added []briefing.Article
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		added = added[:0]
		for start := 0; start < len(rows); start += saveBatch {
			end := min(start+saveBatch, len(rows))
			ids, err := s.insertArticleRows(ctx, tx, rows[start:end])
			if err != nil {
				return err
			}
			for i := start; i < end; i++ {
				k := rowKey{rows[i].Source, rows[i].ItemKey}
				if id, ok := ids[k]; ok {
					delete(ids, k) // a key repeated in the input is new only once
					a := as[i]
					a.ID = id
					added = append(added, a)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: save articles: %w", err)
	}
	return added, nil
}

// saveBatch is how many rows one INSERT carries: insertColumns parameters
// each stays far below SQLite's (32,766) and PostgreSQL's (65,535) limits.
const saveBatch = 200

// insertColumns is how many columns SaveArticles' INSERT writes.
const insertColumns = 15

type rowKey struct{ source, key string }

// insertArticleRows inserts rows, skipping those whose (source, item_key)
// exists, and returns the IDs of the inserted ones by key.
func (s *Store) insertArticleRows(ctx context.Context, tx *gorm.DB, rows []articleRow) (map[rowKey]int64, error) {
	vals := make([]any, 0, len(rows)*insertColumns)
	for _, r := range rows {
		vals = append(vals, r.Source, r.ItemKey, r.GUID, r.URL, r.Title, r.Author, r.PublishedAt, r.FetchedAt,
			r.Tags, r.Body, r.Fragment, r.ContentHash, r.Backfill, r.DateClamped, r.PublishedDay)
	}
	var res *sql.Rows
	var err error
	if stmt := s.inserts.get(ctx, s, tx, len(rows)); stmt != nil {
		res, err = stmt.QueryContext(ctx, vals...)
	} else {
		res, err = tx.Raw(insertArticlesSQL(len(rows)), vals...).Rows()
	}
	if err != nil {
		return nil, err
	}
	defer res.Close()
	ids := make(map[rowKey]int64, len(rows))
	for res.Next() {
		var id int64
		var k rowKey
		if err := res.Scan(&id, &k.source, &k.key); err != nil {
			return nil, err
		}
		ids[k] = id
	}
	return ids, res.Err()
}

// insertArticlesSQL is the INSERT of n rows.
func insertArticlesSQL(n int) string {
	var sql strings.Builder
	sql.WriteString("INSERT INTO articles (source, item_key, guid, url, title, author, published_at, fetched_at, " +
		"tags, body, fragment, content_hash, backfill, published_clamped, published_day) VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", insertColumns), ", ") + ")"
	for i := range n {
		if i > 0 {
			sql.WriteString(", ")
		}
		sql.WriteString(row)
	}
	sql.WriteString(" ON CONFLICT (source, item_key) DO NOTHING RETURNING id, source, item_key")
	return sql.String()
}

// idsPerQuery bounds the IDs one IN list binds: SQLite allows 32,766
// variables a statement and PostgreSQL 65,535, and `match` without a limit
// asks for every article a broad topic selects.
const idsPerQuery = 1000

// Articles returns the articles with the given IDs, in the order asked.
func (s *Store) Articles(ctx context.Context, ids []int64) ([]briefing.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	byID := make(map[int64]articleRow, len(ids))
	for start := 0; start < len(ids); start += idsPerQuery {
		var rows []articleRow
		err := s.db.WithContext(ctx).Where("id IN ?", ids[start:min(start+idsPerQuery, len(ids))]).Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("storage: load articles: %w", err)
		}
		for _, r := range rows {
			byID[r.ID] = r
		}
	}
	out := make([]briefing.Article, 0, len(byID))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r.toDomain())
		}
	}
	return out, nil
}

// ScanArticles pages through articles by ID (keyset pagination, so each
// page is an index range scan however large the table).
func (s *Store) ScanArticles(ctx context.Context, after int64, batch int, fn func([]briefing.Article) error) error {
	if batch <= 0 {
		batch = 1000
	}
	for {
		var rows []articleRow
		err := s.db.WithContext(ctx).Where("id > ?", after).Order("id").Limit(batch).Find(&rows).Error
		if err != nil {
			return fmt.Errorf("storage: scan articles: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		out := make([]briefing.Article, len(rows))
		for i, r := range rows {
			out[i] = r.toDomain()
		}
		if err := fn(out); err != nil {
			return err
		}
		after = rows[len(rows)-1].ID
		if len(rows) < batch {
			return nil
		}
	}
}

// CountArticles returns the number of stored articles.
func (s *Store) CountArticles(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&articleRow{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("storage: count articles: %w", err)
	}
	return n, nil
}

// ArticleIDs lists the IDs in (after, through] (a primary-key range scan
// that reads no article). The engine asks after every ingest batch: the
// rows are scanned by hand, gorm's Pluck (reflection per row) was 1% of
// ingest.
func (s *Store) ArticleIDs(ctx context.Context, after, through int64) ([]int64, error) {
	ids, err := s.articleIDs(ctx, after, through)
	if err != nil {
		return nil, fmt.Errorf("storage: article ids: %w", err)
	}
	return ids, nil
}

func (s *Store) articleIDs(ctx context.Context, after, through int64) ([]int64, error) {
	rows, err := s.db.WithContext(ctx).Raw("SELECT id FROM articles WHERE id > ? AND id <= ? ORDER BY id", after, through).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// CountArticlesThrough counts the articles with ID at most id. The engine
// asks at every sync while it ingests. On SQLite the ID is the rowid, so
// counting a range of it reads the table's leaf pages, which hold whole
// articles: at 100k that was a read of the whole database (80 ms warm, 5%
// of ingest) that also pushed the index pages inserts need out of the page
// cache. Every index holds the rowid, so the narrow (source, id) index
// answers the same count from about a hundredth of the pages.
func (s *Store) CountArticlesThrough(ctx context.Context, id int64) (int64, error) {
	var n int64
	q := s.db.WithContext(ctx)
	var err error
	if s.dialect == "sqlite" {
		// Through the last article (a restart, most syncs), count(*)
		// without a range counts the cells of an index's pages instead
		// of stepping through its rows: 25 ms instead of 80 at 1M. One
		// statement, so both read the same state.
		err = q.Raw(`SELECT CASE WHEN coalesce((SELECT max(id) FROM articles), 0) <= ? THEN (SELECT count(*) FROM articles)
			ELSE (SELECT count(*) FROM articles INDEXED BY articles_source_id WHERE id <= ?) END`, id, id).Scan(&n).Error
	} else {
		err = q.Model(&articleRow{}).Where("id <= ?", id).Count(&n).Error
	}
	if err != nil {
		return 0, fmt.Errorf("storage: count articles: %w", err)
	}
	return n, nil
}
