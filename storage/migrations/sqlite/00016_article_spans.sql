-- +goose Up
-- What an index file records about the articles it was built from, kept
-- by the database itself (issue 20): per span of 1,024 IDs (id >> 10),
-- how many rows were ever inserted and how many times one was deleted or
-- updated. The counters only grow, so a span reads the same at two times
-- only when no article of it was added, removed or edited in between,
-- whoever did it: the triggers fire for the sqlite3 command line too. An
-- engine loading its index file compares these few rows instead of
-- reading every article (storage/identity.go). shard is always 0 here
-- (SQLite has one writer); PostgreSQL keys by writer, see its migration.
CREATE TABLE article_spans (
    span     INTEGER NOT NULL,
    shard    INTEGER NOT NULL DEFAULT 0,
    inserted INTEGER NOT NULL DEFAULT 0,
    changed  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (span, shard)
) WITHOUT ROWID;

-- The articles stored before this upgrade, as if inserted through the
-- trigger (what deleted them before cannot be told any more, and no index
-- file saved before this migration is accepted after it anyway).
INSERT INTO article_spans (span, shard, inserted, changed)
    SELECT id >> 10, 0, count(*), 0 FROM articles GROUP BY id >> 10;

-- +goose StatementBegin
CREATE TRIGGER article_spans_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_spans (span, shard, inserted) VALUES (NEW.id >> 10, 0, 1)
        ON CONFLICT (span, shard) DO UPDATE SET inserted = inserted + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER article_spans_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_spans (span, shard, changed) VALUES (OLD.id >> 10, 0, 1)
        ON CONFLICT (span, shard) DO UPDATE SET changed = changed + 1;
END;
-- +goose StatementEnd

-- Any update counts, whatever the column: briefbot never updates an
-- article, so this costs nothing, and an edit made by hand is caught
-- whether or not it touched the text. An update that moves a row to
-- another ID changes both spans.
-- +goose StatementBegin
CREATE TRIGGER article_spans_update AFTER UPDATE ON articles BEGIN
    INSERT INTO article_spans (span, shard, changed) VALUES (OLD.id >> 10, 0, 1)
        ON CONFLICT (span, shard) DO UPDATE SET changed = changed + 1;
    INSERT INTO article_spans (span, shard, changed) VALUES (NEW.id >> 10, 0, 1)
        ON CONFLICT (span, shard) DO UPDATE SET changed = changed + 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER article_spans_update;
DROP TRIGGER article_spans_delete;
DROP TRIGGER article_spans_insert;
DROP TABLE article_spans;
