-- +goose Up
-- What an index file or shared snapshot records about the articles it was
-- built from, kept by the database itself (issue 20): per span of 1,024
-- IDs (id >> 10), how many rows were ever inserted and how many times one
-- was deleted or updated. The counters only grow, so a span reads the
-- same at two times only when no article of it was added, removed or
-- edited in between, whoever did it: the triggers fire for psql too. An
-- engine loading an index compares these few rows instead of reading
-- every article (storage/identity.go).
--
-- Rows are keyed by (span, shard), shard being the server process
-- (pg_backend_pid()) that wrote them, and a span's state is the sum over
-- its shards. A server process runs one transaction at a time, so two
-- transactions never update the same row: concurrent ingests on several
-- replicas, or a transaction left open (a late commit), never wait for
-- each other here, as they would on one row per span (the row lock is
-- held until commit). Rows per span stay few: the processes that wrote
-- into those 1,024 IDs.
CREATE TABLE article_spans (
    span     BIGINT  NOT NULL,
    shard    INTEGER NOT NULL DEFAULT 0,
    inserted BIGINT  NOT NULL DEFAULT 0,
    changed  BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (span, shard)
);

-- The articles stored before this upgrade, as if inserted through the
-- trigger (what deleted them before cannot be told any more, and no index
-- saved before this migration is accepted after it anyway).
INSERT INTO article_spans (span, shard, inserted, changed)
    SELECT id >> 10, 0, count(*), 0 FROM articles GROUP BY id >> 10;

-- Statement triggers with transition tables: one upsert per span a
-- statement touched, not one per row (an ingest inserts 200 rows a
-- statement). search_path is fixed at creation, so an edit made from a
-- session whose search_path names another schema (another briefbot
-- database in public, say) still counts here.
-- +goose StatementBegin
CREATE FUNCTION article_spans_inserted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO article_spans (span, shard, inserted)
        SELECT id >> 10, pg_backend_pid(), count(*) FROM new_rows GROUP BY 1
        ON CONFLICT (span, shard) DO UPDATE SET inserted = article_spans.inserted + EXCLUDED.inserted;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION article_spans_deleted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO article_spans (span, shard, changed)
        SELECT id >> 10, pg_backend_pid(), count(*) FROM old_rows GROUP BY 1
        ON CONFLICT (span, shard) DO UPDATE SET changed = article_spans.changed + EXCLUDED.changed;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Any update counts, whatever the column (briefbot never updates an
-- article; an edit by hand is caught whether or not it touched the
-- text), in the span the row left and the one it went to.
-- +goose StatementBegin
CREATE FUNCTION article_spans_updated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO article_spans (span, shard, changed)
        SELECT span, pg_backend_pid(), count(*) FROM (
            SELECT id >> 10 AS span FROM old_rows UNION ALL SELECT id >> 10 FROM new_rows) AS touched
        GROUP BY 1
        ON CONFLICT (span, shard) DO UPDATE SET changed = article_spans.changed + EXCLUDED.changed;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- TRUNCATE fires no row or delete trigger: it counts in span -1, which
-- every identity includes.
-- +goose StatementBegin
CREATE FUNCTION article_spans_truncated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO article_spans (span, shard, changed) VALUES (-1, pg_backend_pid(), 1)
        ON CONFLICT (span, shard) DO UPDATE SET changed = article_spans.changed + 1;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER article_spans_insert AFTER INSERT ON articles
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION article_spans_inserted();
CREATE TRIGGER article_spans_delete AFTER DELETE ON articles
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION article_spans_deleted();
CREATE TRIGGER article_spans_update AFTER UPDATE ON articles
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION article_spans_updated();
CREATE TRIGGER article_spans_truncate AFTER TRUNCATE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION article_spans_truncated();

-- +goose Down
DROP TRIGGER article_spans_truncate ON articles;
DROP TRIGGER article_spans_update ON articles;
DROP TRIGGER article_spans_delete ON articles;
DROP TRIGGER article_spans_insert ON articles;
DROP FUNCTION article_spans_truncated();
DROP FUNCTION article_spans_updated();
DROP FUNCTION article_spans_deleted();
DROP FUNCTION article_spans_inserted();
DROP TABLE article_spans;
