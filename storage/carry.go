package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm/clause"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
)

// Carried stories: the articles of stories a digest left out for its
// cap, owed to the channel's next digest. A row stays after the story is
// delivered (delivered_articles then hides it from digests), so carrying
// an article a second time is a no-op: a story is carried once.

var _ digest.CarryStore = (*Store)(nil)

type carriedRow struct {
	Platform   string `gorm:"primaryKey"`
	ChannelID  string `gorm:"primaryKey"`
	ArticleID  int64  `gorm:"primaryKey"`
	DeliveryID int64
}

func (carriedRow) TableName() string { return "digest_carried" }

// CarryArticles records ids as carried by delivery id; ids carried
// before keep their first delivery.
func (s *Store) CarryArticles(ctx context.Context, deliveryID int64, ch briefing.Channel, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows := make([]carriedRow, len(ids))
	for i, a := range ids {
		rows[i] = carriedRow{Platform: ch.Platform, ChannelID: ch.ID, ArticleID: a, DeliveryID: deliveryID}
	}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, 200).Error
	if err != nil {
		return fmt.Errorf("storage: carry articles %s: %w", ch, err)
	}
	return nil
}

// CarriedArticles returns which of ids a digest of the channel carried.
func (s *Store) CarriedArticles(ctx context.Context, ch briefing.Channel, ids []int64) (map[int64]bool, error) {
	out := make(map[int64]bool)
	for start := 0; start < len(ids); start += 500 {
		var got []int64
		err := s.db.WithContext(ctx).Model(&carriedRow{}).
			Where("platform = ? AND channel_id = ? AND article_id IN ?", ch.Platform, ch.ID, ids[start:min(start+500, len(ids))]).
			Pluck("article_id", &got).Error
		if err != nil {
			return nil, fmt.Errorf("storage: carried articles %s: %w", ch, err)
		}
		for _, id := range got {
			out[id] = true
		}
	}
	return out, nil
}
