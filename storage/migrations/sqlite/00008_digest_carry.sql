-- +goose Up
-- Stories a digest left out for its cap, owed to the channel's next
-- digest (once). An article here that is also in delivered_articles was
-- delivered since and is no longer owed.
CREATE TABLE digest_carried (
    platform    TEXT   NOT NULL,
    channel_id  TEXT   NOT NULL,
    article_id  BIGINT NOT NULL,
    delivery_id BIGINT NOT NULL REFERENCES digest_deliveries (id) ON DELETE CASCADE,
    PRIMARY KEY (platform, channel_id, article_id)
);
CREATE INDEX digest_carried_delivery ON digest_carried (delivery_id);

-- +goose Down
DROP TABLE digest_carried;
