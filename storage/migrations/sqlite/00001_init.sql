-- +goose Up
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT    NOT NULL,
    item_key     TEXT    NOT NULL,
    guid         TEXT    NOT NULL DEFAULT '',
    url          TEXT    NOT NULL DEFAULT '',
    title        TEXT    NOT NULL,
    author       TEXT    NOT NULL DEFAULT '',
    published_at DATETIME,
    fetched_at   DATETIME NOT NULL,
    tags         TEXT    NOT NULL DEFAULT '[]',
    body         TEXT    NOT NULL,
    fragment     BOOLEAN NOT NULL DEFAULT 0,
    content_hash TEXT    NOT NULL,
    UNIQUE (source, item_key)
);
CREATE INDEX articles_published_at ON articles (published_at);
CREATE INDEX articles_content_hash ON articles (content_hash);

CREATE TABLE watches (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    platform   TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    topic      TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    UNIQUE (platform, channel_id, topic)
);

-- +goose Down
DROP TABLE watches;
DROP TABLE articles;
