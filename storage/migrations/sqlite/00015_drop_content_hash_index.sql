-- +goose Up
-- No query looks articles up by content_hash (an article without GUID or
-- link is keyed by its hash through item_key, which the unique index
-- covers), yet every insert placed a random 64-character key in this
-- index: on SQLite a tenth of what storing an article wrote (issue 20).
DROP INDEX articles_content_hash;

-- +goose Down
CREATE INDEX articles_content_hash ON articles (content_hash);
