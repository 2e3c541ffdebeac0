package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm/clause"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
)

// Live posts: which platform message announced each article to a
// channel under /digest live, so that another outlet's later report of
// the same story goes into that message's thread. The first record of
// an article wins: its thread never moves.

var _ digest.LivePostStore = (*Store)(nil)

type livePostRow struct {
	Platform   string `gorm:"primaryKey"`
	ChannelID  string `gorm:"primaryKey"`
	ArticleID  int64  `gorm:"primaryKey"`
	MessageID  string
	DeliveryID int64
}

func (livePostRow) TableName() string { return "digest_live_posts" }

// RecordLivePosts records that message messageID, posted by delivery
// deliveryID, announced (or followed up) articles ids in the channel.
func (s *Store) RecordLivePosts(ctx context.Context, deliveryID int64, ch briefing.Channel, messageID string, ids []int64) error {
	if len(ids) == 0 || messageID == "" {
		return nil
	}
	rows := make([]livePostRow, len(ids))
	for i, a := range ids {
		rows[i] = livePostRow{Platform: ch.Platform, ChannelID: ch.ID, ArticleID: a, MessageID: messageID, DeliveryID: deliveryID}
	}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, 200).Error
	if err != nil {
		return fmt.Errorf("storage: record live posts %s: %w", ch, err)
	}
	return nil
}

// LivePosts returns the message that announced each of ids in the
// channel, for those that have one.
func (s *Store) LivePosts(ctx context.Context, ch briefing.Channel, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string)
	for start := 0; start < len(ids); start += 500 {
		var got []livePostRow
		err := s.db.WithContext(ctx).
			Where("platform = ? AND channel_id = ? AND article_id IN ?", ch.Platform, ch.ID, ids[start:min(start+500, len(ids))]).
			Find(&got).Error
		if err != nil {
			return nil, fmt.Errorf("storage: live posts %s: %w", ch, err)
		}
		for _, r := range got {
			out[r.ArticleID] = r.MessageID
		}
	}
	return out, nil
}
