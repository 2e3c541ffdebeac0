// Package storagetest opens real databases for tests: a SQLite file in a
// temporary directory, and a private schema on the PostgreSQL server named
// by BRIEFBOT_TEST_POSTGRES_URL (default: the local server, database test).
// A PostgreSQL test fails, not skips, when the server cannot be reached:
// CI must not go green without having run it.
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for schema set-up

	"github.com/briefbot/briefbot/storage"
)

// DefaultPostgresURL is the server every developer and CI machine runs.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PostgresBaseURL returns the server URL tests use.
func PostgresBaseURL() string {
	if u := os.Getenv("BRIEFBOT_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// SQLiteURL returns a fresh SQLite database path under t.TempDir().
func SQLiteURL(tb testing.TB) string {
	return filepath.Join(tb.TempDir(), "briefbot.db")
}

// PostgresURL creates a private schema for the test, drops it at cleanup,
// and returns a URL whose search_path points at it.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	base := PostgresBaseURL()
	db, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("postgres %s: %v", storage.Redact(base), err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		tb.Fatalf("PostgreSQL is required for this test and is not reachable at %s (start it with "+
			"`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or set "+
			"BRIEFBOT_TEST_POSTGRES_URL): %v", storage.Redact(base), err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", storage.Redact(base), err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens a store at rawURL and closes it at cleanup.
func Open(tb testing.TB, rawURL string) *storage.Store {
	tb.Helper()
	s, err := storage.Open(context.Background(), rawURL, storage.Options{})
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
