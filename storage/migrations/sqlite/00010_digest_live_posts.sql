-- +goose Up
-- Live alerts (/digest live): the platform message that announced each
-- article to a channel, so that a later report of the same story from
-- another outlet is posted as a reply in that message's thread. A thread
-- reply's own articles point at the same first message.
CREATE TABLE digest_live_posts (
    platform    TEXT   NOT NULL,
    channel_id  TEXT   NOT NULL,
    article_id  BIGINT NOT NULL,
    message_id  TEXT   NOT NULL,
    delivery_id BIGINT NOT NULL REFERENCES digest_deliveries (id) ON DELETE CASCADE,
    PRIMARY KEY (platform, channel_id, article_id)
);
CREATE INDEX digest_live_posts_delivery ON digest_live_posts (delivery_id);

-- +goose Down
DROP TABLE digest_live_posts;
