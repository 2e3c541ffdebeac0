-- +goose Up
-- The shared index snapshot (PostgreSQL only): the engine's analysed index,
-- published by a replica so a new replica loads it instead of re-analysing
-- every article. One current snapshot: index_snapshot has at most one row
-- and names the generation of chunks that make it up; a publisher writes a
-- new generation, repoints the row and deletes the old chunks in one
-- transaction, so a reader sees the old snapshot or the new one, whole.
-- It is only a cache: the engine checks it against the articles (database
-- id, content checksum) before use, exactly as the local index file.
CREATE SEQUENCE index_snapshot_generations;
CREATE TABLE index_snapshot_chunks (
    generation BIGINT NOT NULL,
    seq INTEGER NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (generation, seq)
);
CREATE TABLE index_snapshot (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    generation BIGINT NOT NULL,
    database_id TEXT NOT NULL,
    articles BIGINT NOT NULL,
    through_id BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    chunks INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE index_snapshot;
DROP TABLE index_snapshot_chunks;
DROP SEQUENCE index_snapshot_generations;
