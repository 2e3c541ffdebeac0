-- +goose Up
-- A 👍/👎 button of a topic too long for the platform's button value
-- (Discord allows 100 characters) carries a reference, a hash of the
-- topic. The topic is kept here so that a click still resolves after a
-- restart or on another replica; references unused for 90 days are
-- removed (a click then gets a clear "use /rate" answer).
CREATE TABLE topic_refs (
    ref     TEXT      NOT NULL PRIMARY KEY,
    topic   TEXT      NOT NULL,
    used_at TIMESTAMP NOT NULL
);
CREATE INDEX topic_refs_used_at ON topic_refs (used_at);

-- +goose Down
DROP TABLE topic_refs;
