-- +goose Up
-- An article whose source dated it more than a day after its fetch is
-- stored with the fetch time instead, and marked.
ALTER TABLE articles ADD COLUMN published_clamped BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE articles DROP COLUMN published_clamped;
