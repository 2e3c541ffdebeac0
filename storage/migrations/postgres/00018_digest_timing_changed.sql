-- +goose Up
-- When a schedule's times last changed (cadence, time of day, weekday,
-- zone or quiet hours), kept apart from updated_at, which a new limit
-- also moves: the catch-up sweep leaves only the occurrences before it,
-- so a missed digest is still sent after a change that does not move it.
-- Rows from before this take updated_at, the best they recorded; NULL
-- (a row written by an older version) reads as updated_at.
ALTER TABLE digest_schedules ADD COLUMN timing_changed_at TIMESTAMPTZ;
UPDATE digest_schedules SET timing_changed_at = updated_at;

-- +goose Down
ALTER TABLE digest_schedules DROP COLUMN timing_changed_at;
