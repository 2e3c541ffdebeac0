-- +goose Up
-- private: the source's articles are for the channel that added it
-- (platform, channel_id) alone; other channels' answers leave them out.
-- held: paused by /source pause or `briefbot sources pause`, apart from
-- paused (the poller's own pause after failed checks), so that a check
-- finishing after the pause cannot undo it.
ALTER TABLE sources ADD COLUMN private BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sources ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX sources_private ON sources (platform, channel_id) WHERE private;
-- sources: the article sources (URLs) a watch is restricted to, one per
-- line; '' for every source.
ALTER TABLE watches ADD COLUMN sources TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE watches DROP COLUMN sources;
DROP INDEX sources_private;
ALTER TABLE sources DROP COLUMN held;
ALTER TABLE sources DROP COLUMN private;
