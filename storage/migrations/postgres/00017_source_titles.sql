-- +goose Up
-- The outlet name of a source that is not polled: a feed or page read
-- once by `briefbot ingest`. Polled sources keep theirs in sources.title;
-- briefings look there first, then here, then show the host.
CREATE TABLE source_titles (
    source     TEXT      NOT NULL PRIMARY KEY,
    title      TEXT      NOT NULL DEFAULT '',
    site_url   TEXT      NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE source_titles;
