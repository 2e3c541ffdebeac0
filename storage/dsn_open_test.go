package storage_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// A key=value DSN without host= reaches the real PostgreSQL server (in
// the test's own schema: the shared database is never migrated).
func TestOpenLibpqStringWithoutHost(t *testing.T) {
	u, err := url.Parse(storagetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGHOST", u.Hostname()) // libpq's and pgx's default host
	dsn := "port=" + u.Port() + " dbname=" + strings.TrimPrefix(u.Path, "/") + " user=" + u.User.Username() +
		" sslmode=disable search_path=" + u.Query().Get("search_path")
	s, err := storage.Open(context.Background(), dsn, storage.Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer s.Close()
	if s.Dialect() != "postgres" {
		t.Fatalf("dialect %s", s.Dialect())
	}
	if f := storage.SQLiteFile("dbname=test password=SeCrEt"); f != "" {
		t.Fatalf("SQLiteFile of a DSN = %q", f)
	}
}
