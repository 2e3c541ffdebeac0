-- +goose Up
-- Retention deletes articles older than BRIEFBOT_RETENTION. An article
-- dated by its fetch (undated, or clamped from a future date) would come
-- back as new if its feed still lists it, so its key is remembered here
-- and ingest skips it (dated articles are skipped by their date).
CREATE TABLE pruned_articles (
    source   TEXT NOT NULL,
    item_key TEXT NOT NULL,
    PRIMARY KEY (source, item_key)
);
-- Undated articles are pruned by the time they were stored.
CREATE INDEX articles_undated_fetched_at ON articles (fetched_at) WHERE published_at IS NULL;

-- +goose Down
DROP INDEX articles_undated_fetched_at;
DROP TABLE pruned_articles;
