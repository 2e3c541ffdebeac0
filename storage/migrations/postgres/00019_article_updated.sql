-- +goose Up
-- When a stored article last took a correction: the feed sent its item
-- (same source and key) again with another title or text, and the row was
-- updated in place (storage/revise.go). NULL: never corrected. The first
-- stored time (fetched_at) and the date stay: a correction does not make
-- an old story new. The partial index holds only corrected rows, so it
-- costs the inserts nothing; other processes list recent corrections
-- through it. The span triggers of 00016 count these updates (its note
-- that briefbot never updates an article predates corrections), so an
-- index snapshot of a first version is refused after its correction.
ALTER TABLE articles ADD COLUMN updated_at TIMESTAMPTZ;
CREATE INDEX articles_updated_at ON articles (updated_at) WHERE updated_at IS NOT NULL;

-- +goose Down
DROP INDEX articles_updated_at;
ALTER TABLE articles DROP COLUMN updated_at;
