-- +goose Up
-- Permalink pages: snapshots of briefings and digests, served until they expire.
CREATE TABLE pages (
    id         TEXT    PRIMARY KEY,
    platform   TEXT    NOT NULL DEFAULT '',
    channel_id TEXT    NOT NULL DEFAULT '',
    kind       TEXT    NOT NULL,
    title      TEXT    NOT NULL DEFAULT '',
    body       BLOB    NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX pages_expires_at ON pages (expires_at);

-- One Atom feed token per channel watch; resetting it revokes the old URL.
CREATE TABLE watch_feeds (
    platform   TEXT    NOT NULL,
    channel_id TEXT    NOT NULL,
    topic      TEXT    NOT NULL,
    token      TEXT    NOT NULL UNIQUE,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (platform, channel_id, topic)
);

-- +goose Down
DROP TABLE watch_feeds;
DROP TABLE pages;
