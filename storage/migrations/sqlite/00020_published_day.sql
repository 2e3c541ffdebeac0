-- +goose Up
-- Whether an article's published_at is a day its source gave without a
-- time of day (stored as midnight UTC of that day) rather than an instant:
-- a source's real 00:00 UTC (09:00 KST) is a time like any other. Rows
-- from before this, or written by an older version, are NULL and read as
-- they always were: a day when published_at is midnight UTC.
ALTER TABLE articles ADD COLUMN published_day BOOLEAN;

-- +goose Down
ALTER TABLE articles DROP COLUMN published_day;
