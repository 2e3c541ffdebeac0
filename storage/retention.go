package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/briefbot/briefbot/briefing"
)

// Retention: deleting old articles (see package retention for the pass).
// An article's retention time is its publication time as stored (clamped
// to the fetch when the source dated it in the future), or the time it
// was stored when undated.
//
// What is kept: delivered_articles (the ledger of what each channel was
// sent; article IDs are never reused, so a deleted ID cannot collide with
// a new article), judgments and watches. What goes with an article: its
// digest_carried rows (a story owed to a digest cannot be shown once its
// articles are gone). The keys of articles dated by their fetch go to
// pruned_articles, so that a feed still listing one does not bring it
// back as new (Pruned).

// pruneBatch bounds one deleting transaction, so writers (ingest, the
// ledger) wait at most one batch.
const pruneBatch = 2000

// prunedRow is a pruned article's key (migration 00012).
type prunedRow struct {
	Source  string `gorm:"primaryKey"`
	ItemKey string `gorm:"primaryKey"`
}

func (prunedRow) TableName() string { return "pruned_articles" }

// olderThan selects the articles whose retention time is before cutoff.
func olderThan(db *gorm.DB, cutoff time.Time) *gorm.DB {
	c := cutoff.UTC()
	return db.Where("published_at < ? OR (published_at IS NULL AND fetched_at < ?)", c, c)
}

// CountArticlesBefore counts the articles whose retention time is before
// cutoff (what PruneArticles would delete).
func (s *Store) CountArticlesBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	var n int64
	if err := olderThan(s.db.WithContext(ctx).Model(&articleRow{}), cutoff).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("storage: count articles to prune: %w", err)
	}
	return n, nil
}

// PruneArticles deletes the articles whose retention time is before
// cutoff, a batch per transaction, and returns how many it deleted. Safe
// to run in several processes at once: each deletes what is still there.
func (s *Store) PruneArticles(ctx context.Context, cutoff time.Time) (int64, error) {
	var total int64
	for {
		var rows []articleRow
		err := olderThan(s.db.WithContext(ctx).Model(&articleRow{}), cutoff).
			Select("id", "source", "item_key", "published_at", "published_clamped").Order("id").Limit(pruneBatch).Find(&rows).Error
		if err != nil {
			return total, fmt.Errorf("storage: prune articles: %w", err)
		}
		if len(rows) == 0 {
			return total, nil
		}
		n, err := s.pruneRows(ctx, rows)
		total += n
		if err != nil {
			return total, err
		}
	}
}

// pruneRows deletes one batch in one transaction.
func (s *Store) pruneRows(ctx context.Context, rows []articleRow) (int64, error) {
	ids := make([]int64, len(rows))
	var keys []prunedRow
	for i, r := range rows {
		ids[i] = r.ID
		if r.PublishedAt == nil || r.DateClamped {
			keys = append(keys, prunedRow{Source: r.Source, ItemKey: r.ItemKey})
		}
	}
	var n int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if len(keys) > 0 {
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(keys, 200).Error; err != nil {
				return err
			}
		}
		if err := tx.Where("article_id IN ?", ids).Delete(&carriedRow{}).Error; err != nil {
			return err
		}
		res := tx.Where("id IN ?", ids).Delete(&articleRow{})
		n = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("storage: prune articles: %w", err)
	}
	return n, nil
}

// Pruned reports, for each article, whether retention deleted an article
// with its source and key that was dated by its fetch (see
// pruned_articles): ingest skips those rather than store them as new.
func (s *Store) Pruned(ctx context.Context, as []briefing.Article) ([]bool, error) {
	out := make([]bool, len(as))
	bySource := map[string][]int{}
	for i, a := range as {
		bySource[a.Source] = append(bySource[a.Source], i)
	}
	for src, idx := range bySource {
		for start := 0; start < len(idx); start += idsPerQuery {
			part := idx[start:min(start+idsPerQuery, len(idx))]
			keys := make([]string, len(part))
			for k, i := range part {
				keys[k] = toArticleRow(as[i]).ItemKey
			}
			var found []string
			err := s.db.WithContext(ctx).Model(&prunedRow{}).Where("source = ? AND item_key IN ?", src, keys).
				Pluck("item_key", &found).Error
			if err != nil {
				return nil, fmt.Errorf("storage: pruned keys: %w", err)
			}
			gone := make(map[string]bool, len(found))
			for _, k := range found {
				gone[k] = true
			}
			for k, i := range part {
				out[i] = gone[keys[k]]
			}
		}
	}
	return out, nil
}
