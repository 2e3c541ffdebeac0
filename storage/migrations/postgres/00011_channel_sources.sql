-- +goose Up
-- private: the source's articles are for the channel that added it
-- (platform, channel_id) alone; other channels' answers leave them out.
-- held: paused by /source pause or `briefbot sources pause`, apart from
-- paused (the poller's own pause after failed checks), so that a check
-- finishing after the pause cannot undo it.
ALTER TABLE sources ADD COLUMN private BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sources ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;
-- source_scopes: the article sources (URLs) private to one channel. It
-- outlives the sources row, so removing a private source never makes the
-- articles already stored from it readable by other channels.
CREATE TABLE source_scopes (
    url        TEXT NOT NULL PRIMARY KEY,
    platform   TEXT NOT NULL,
    channel_id TEXT NOT NULL
);
-- sources: the article sources (URLs) a watch is restricted to, one per
-- line; '' for every source.
ALTER TABLE watches ADD COLUMN sources TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE watches DROP COLUMN sources;
DROP TABLE source_scopes;
ALTER TABLE sources DROP COLUMN held;
ALTER TABLE sources DROP COLUMN private;
