-- +goose Up
-- One digest schedule per channel.
CREATE TABLE digest_schedules (
    platform   TEXT    NOT NULL,
    channel_id TEXT    NOT NULL,
    every      TEXT    NOT NULL,
    weekday    INTEGER NOT NULL DEFAULT 0,
    hour       INTEGER NOT NULL,
    minute     INTEGER NOT NULL,
    zone       TEXT    NOT NULL,
    max_items  INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT    NOT NULL DEFAULT '',
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (platform, channel_id)
);

-- The delivery ledger: one row per (channel, period), claimed before sending.
CREATE TABLE digest_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    platform        TEXT    NOT NULL,
    channel_id      TEXT    NOT NULL,
    period          TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    owner           TEXT    NOT NULL DEFAULT '',
    lease_until     DATETIME NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at DATETIME,
    message_ids     TEXT    NOT NULL DEFAULT '[]',
    error           TEXT    NOT NULL DEFAULT '',
    stories         INTEGER NOT NULL DEFAULT 0,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    UNIQUE (platform, channel_id, period)
);
CREATE INDEX digest_deliveries_status ON digest_deliveries (status, platform);

-- Articles a channel has been sent (or that a delivery in flight holds).
CREATE TABLE delivered_articles (
    platform    TEXT   NOT NULL,
    channel_id  TEXT   NOT NULL,
    article_id  BIGINT NOT NULL,
    delivery_id BIGINT NOT NULL REFERENCES digest_deliveries (id) ON DELETE CASCADE,
    PRIMARY KEY (platform, channel_id, article_id)
);
CREATE INDEX delivered_articles_delivery ON delivered_articles (delivery_id);

-- Claim rows of the scheduler's distributed locker: one per job and slot.
CREATE TABLE job_runs (
    job_name   TEXT NOT NULL,
    slot       TEXT NOT NULL,
    owner      TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (job_name, slot)
);
CREATE INDEX job_runs_created_at ON job_runs (created_at);

-- +goose Down
DROP TABLE job_runs;
DROP TABLE delivered_articles;
DROP TABLE digest_deliveries;
DROP TABLE digest_schedules;
