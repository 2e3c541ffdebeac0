-- +goose Up
CREATE TABLE sources (
    id               BIGSERIAL PRIMARY KEY,
    url              TEXT        NOT NULL UNIQUE,
    title            TEXT        NOT NULL DEFAULT '',
    site_url         TEXT        NOT NULL DEFAULT '',
    platform         TEXT        NOT NULL DEFAULT '',
    channel_id       TEXT        NOT NULL DEFAULT '',
    added_by         TEXT        NOT NULL DEFAULT '',
    trusted          BOOLEAN     NOT NULL DEFAULT FALSE,
    interval_seconds BIGINT      NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL,
    etag             TEXT        NOT NULL DEFAULT '',
    last_modified    TEXT        NOT NULL DEFAULT '',
    body_hash        TEXT        NOT NULL DEFAULT '',
    primed           BOOLEAN     NOT NULL DEFAULT FALSE,
    last_check_at    TIMESTAMPTZ,
    last_success_at  TIMESTAMPTZ,
    last_error_at    TIMESTAMPTZ,
    last_error       TEXT        NOT NULL DEFAULT '',
    failures         INTEGER     NOT NULL DEFAULT 0,
    ttl_seconds      BIGINT      NOT NULL DEFAULT 0,
    next_check_at    TIMESTAMPTZ NOT NULL,
    paused           BOOLEAN     NOT NULL DEFAULT FALSE,
    claimed_by       TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX sources_due ON sources (next_check_at) WHERE NOT paused;

-- Articles stored as already seen (a new source's existing items, re-keyed
-- copies): digests never announce them.
ALTER TABLE articles ADD COLUMN backfill BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX articles_source_id ON articles (source, id);

-- +goose Down
DROP INDEX articles_source_id;
ALTER TABLE articles DROP COLUMN backfill;
DROP TABLE sources;
