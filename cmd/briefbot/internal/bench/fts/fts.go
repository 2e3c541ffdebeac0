// Package fts is the SQLite FTS5 baseline the benchmarks compare the engine
// with: the embedded full-text search a user would otherwise reach for,
// through the same pure-Go SQLite driver (modernc, registered as "sqlite")
// that the store uses.
//
// Invariants:
//   - One contentless FTS5 table (empty content option), columns title and body,
//     tokenizer "porter unicode61" (English stems, like the engine), rowid =
//     the article ID in the store it was filled from.
//   - A query is the AND of the topic's words, each quoted, so user text
//     never becomes FTS5 syntax; results are ranked by bm25() with equal
//     column weights.
//   - The baseline lives in its own file: the product's schema and its
//     database size are not touched by it.
//   - Open uses SQLite's default memory (a 2,000 KiB page cache per connection,
//     no mmap); OpenWith can give it a memory budget (page cache and mmap),
//     so a comparison with an in-memory index can be made like for like.
package fts

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, as used by storage
)

// Tokenizer is the FTS5 tokenizer the baseline uses, for reports.
const Tokenizer = "porter unicode61"

// Index is an FTS5 table in a SQLite file.
type Index struct {
	db *sql.DB
}

// Doc is one article to index.
type Doc struct {
	ID          int64
	Title, Body string
}

// Hit is one ranked result: lower bm25 scores are better in SQLite.
type Hit struct {
	ID    int64
	Score float64
}

// Options are the SQLite memory settings of an index; zero values keep
// SQLite's defaults.
type Options struct {
	// CacheBytes is the page cache of each connection (PRAGMA cache_size).
	CacheBytes int64
	// MmapBytes is how much of the file is read through mmap (PRAGMA
	// mmap_size; SQLite caps it at its compile-time maximum, 2 GB here).
	MmapBytes int64
}

// Open opens or creates the baseline index at path with SQLite's default
// memory settings.
func Open(ctx context.Context, path string) (*Index, error) {
	return OpenWith(ctx, path, Options{})
}

// OpenWith opens or creates the baseline index at path with the given
// memory settings.
func OpenWith(ctx context.Context, path string, opt Options) (*Index, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)"
	if opt.CacheBytes > 0 {
		// A negative cache_size is a budget in KiB rather than in pages.
		dsn += fmt.Sprintf("&_pragma=cache_size(-%d)", (opt.CacheBytes+1023)/1024)
	}
	if opt.MmapBytes > 0 {
		dsn += fmt.Sprintf("&_pragma=mmap_size(%d)", opt.MmapBytes)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("fts: open %s: %w", path, err)
	}
	stmts := []string{
		"CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(title, body, content='', tokenize='" + Tokenizer + "')",
		"CREATE TABLE IF NOT EXISTS progress (last_id INTEGER NOT NULL)",
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			db.Close()
			return nil, fmt.Errorf("fts: create schema in %s: %w", path, err)
		}
	}
	return &Index{db: db}, nil
}

// Memory reports the settings a connection actually runs with: the page
// cache in bytes and the mmap size (SQLite may lower what was asked).
func (ix *Index) Memory(ctx context.Context) (cacheBytes, mmapBytes int64, err error) {
	conn, err := ix.db.Conn(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("fts: memory settings: %w", err)
	}
	defer conn.Close()
	var cache, pageSize int64
	if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
		return 0, 0, fmt.Errorf("fts: cache_size: %w", err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA page_size").Scan(&pageSize); err != nil {
		return 0, 0, fmt.Errorf("fts: page_size: %w", err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&mmapBytes); err != nil {
		return 0, 0, fmt.Errorf("fts: mmap_size: %w", err)
	}
	if cache < 0 {
		return -cache * 1024, mmapBytes, nil
	}
	return cache * pageSize, mmapBytes, nil
}

// Close closes the database.
func (ix *Index) Close() error { return ix.db.Close() }

// LastID returns the highest article ID added so far (0 when empty).
func (ix *Index) LastID(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	if err := ix.db.QueryRowContext(ctx, "SELECT max(last_id) FROM progress").Scan(&id); err != nil {
		return 0, fmt.Errorf("fts: last id: %w", err)
	}
	return id.Int64, nil
}

// Add indexes docs in one transaction and records the highest ID.
func (ix *Index) Add(ctx context.Context, docs []Doc) error {
	if len(docs) == 0 {
		return nil
	}
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("fts: add: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)")
	if err != nil {
		return fmt.Errorf("fts: add: %w", err)
	}
	defer stmt.Close()
	last := int64(0)
	for _, d := range docs {
		if _, err := stmt.ExecContext(ctx, d.ID, d.Title, d.Body); err != nil {
			return fmt.Errorf("fts: add %d: %w", d.ID, err)
		}
		last = max(last, d.ID)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO progress(last_id) VALUES (?)", last); err != nil {
		return fmt.Errorf("fts: add: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("fts: add: %w", err)
	}
	return nil
}

// Top returns the k best documents for an FTS5 query (see Query).
func (ix *Index) Top(ctx context.Context, query string, k int) ([]Hit, error) {
	rows, err := ix.db.QueryContext(ctx,
		"SELECT rowid, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", query, k)
	if err != nil {
		return nil, fmt.Errorf("fts: query %q: %w", query, err)
	}
	defer rows.Close()
	var out []Hit
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.ID, &h.Score); err != nil {
			return nil, fmt.Errorf("fts: query %q: %w", query, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("fts: query %q: %w", query, err)
	}
	return out, nil
}

// Query turns a topic into an FTS5 query: every word quoted, joined with
// AND. It returns "" when the topic has no words.
func Query(topic string) string {
	words := strings.FieldsFunc(strings.ToLower(topic), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	return strings.Join(words, " AND ")
}

// Count returns how many documents an FTS5 query matches.
func (ix *Index) Count(ctx context.Context, query string) (int, error) {
	var n int
	if err := ix.db.QueryRowContext(ctx, "SELECT count(*) FROM docs WHERE docs MATCH ?", query).Scan(&n); err != nil {
		return 0, fmt.Errorf("fts: count %q: %w", query, err)
	}
	return n, nil
}
