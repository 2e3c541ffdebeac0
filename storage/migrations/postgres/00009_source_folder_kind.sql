-- +goose Up
-- folder: the OPML folder a source was imported under ("News/Tech"), kept
-- so an export rebuilds the folders. kind: "feed" or "page", as of the
-- source's last successful check ("" until then), so an export marks web
-- pages as type="link" rather than as feeds.
ALTER TABLE sources ADD COLUMN folder TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN kind TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sources DROP COLUMN kind;
ALTER TABLE sources DROP COLUMN folder;
