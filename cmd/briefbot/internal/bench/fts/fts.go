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

// Open opens or creates the baseline index at path.
func Open(ctx context.Context, path string) (*Index, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)")
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
