-- +goose Up
-- An article whose source dated it more than a day after its fetch is
-- stored with the fetch time instead, and marked.
ALTER TABLE articles ADD COLUMN published_clamped BOOLEAN NOT NULL DEFAULT FALSE;

-- The database's identity: a random id made once, at creation (or at
-- this upgrade). A saved index file records it and is used only with the
-- database it was built from.
CREATE TABLE database_identity (
    id TEXT NOT NULL PRIMARY KEY
);
INSERT INTO database_identity (id) VALUES (md5(random()::text || clock_timestamp()::text || pg_backend_pid()::text));

-- +goose Down
DROP TABLE database_identity;
ALTER TABLE articles DROP COLUMN published_clamped;
