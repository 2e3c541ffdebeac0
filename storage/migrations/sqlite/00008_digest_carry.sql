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

-- Cadences of more than one digest a day: every interval_hours hours
-- (0: the daily, weekday or weekly time), none while the local time of
-- day is in [quiet_from, quiet_to) minutes (-1: no quiet hours).
ALTER TABLE digest_schedules ADD COLUMN interval_hours INTEGER NOT NULL DEFAULT 0;
ALTER TABLE digest_schedules ADD COLUMN quiet_from INTEGER NOT NULL DEFAULT -1;
ALTER TABLE digest_schedules ADD COLUMN quiet_to INTEGER NOT NULL DEFAULT -1;

-- +goose Down
ALTER TABLE digest_schedules DROP COLUMN quiet_to;
ALTER TABLE digest_schedules DROP COLUMN quiet_from;
ALTER TABLE digest_schedules DROP COLUMN interval_hours;
DROP TABLE digest_carried;
