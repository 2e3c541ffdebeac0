-- +goose Up
-- Tokens spent on written overviews, per UTC day, shared by every replica.
CREATE TABLE llm_usage (
    day        TEXT        NOT NULL PRIMARY KEY,
    tokens     BIGINT      NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE llm_usage;
