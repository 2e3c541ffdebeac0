-- +goose Up
-- When a stored article last took a correction: the feed sent its item
-- (same source and key) again with another title or text, and the row was
-- updated in place (storage/revise.go). NULL: never corrected. The first
-- stored time (fetched_at) and the date stay: a correction does not make
-- an old story new. The partial index holds only corrected rows, so it
-- costs the inserts nothing.
ALTER TABLE articles ADD COLUMN updated_at TIMESTAMPTZ;
CREATE INDEX articles_updated_at ON articles (updated_at) WHERE updated_at IS NOT NULL;

-- +goose Down
DROP INDEX articles_updated_at;
ALTER TABLE articles DROP COLUMN updated_at;
