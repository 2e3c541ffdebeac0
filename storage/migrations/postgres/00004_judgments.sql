-- +goose Up
-- A channel's 👍/👎 on an article for a topic (briefing.Judgment).
CREATE TABLE judgments (
    platform   TEXT    NOT NULL,
    channel_id TEXT    NOT NULL,
    topic      TEXT    NOT NULL,
    article_id BIGINT  NOT NULL,
    up         BOOLEAN NOT NULL,
    judged_by  TEXT    NOT NULL DEFAULT '',
    judged_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform, channel_id, topic, article_id)
);

-- +goose Down
DROP TABLE judgments;
