package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"regexp"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// reSchemaPrefix is what ScratchSchema accepts as a prefix: the name is
// spliced into DDL, which takes no parameters.
var reSchemaPrefix = regexp.MustCompile(`^[a-z][a-z0-9_]{0,30}$`)

// ScratchSchema creates a schema of its own (prefix_ and random hex) on
// the PostgreSQL server that rawURL, a postgres:// URL, names, for a run
// that must touch nothing else there (`briefbot bench`'s replica row). It
// returns a URL whose search_path is that schema, the schema's name, and
// drop, which removes the schema with everything in it.
func ScratchSchema(ctx context.Context, rawURL, prefix string) (schemaURL, name string, drop func(context.Context) error, err error) {
	if !reSchemaPrefix.MatchString(prefix) {
		return "", "", nil, fmt.Errorf("storage: scratch schema prefix %q: want lower-case letters, digits and _", prefix)
	}
	u, err := url.Parse(rawURL)
	if dialect, cerr := classify(rawURL); err != nil || cerr != nil || dialect != "postgres" || u.Scheme == "" {
		return "", "", nil, fmt.Errorf("storage: a scratch schema needs a postgres:// URL, not %s", Redact(rawURL))
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name = prefix + "_" + hex.EncodeToString(b)
	exec := func(ctx context.Context, stmt string) error {
		db, err := gorm.Open(postgres.Open(rawURL), &gorm.Config{Logger: logger.Discard})
		if err != nil {
			return fmt.Errorf("storage: open %s: %w", Redact(rawURL), redactErr(err, rawURL))
		}
		sqlDB, err := db.DB()
		if err != nil {
			return fmt.Errorf("storage: open %s: %w", Redact(rawURL), err)
		}
		defer sqlDB.Close()
		if err := db.WithContext(ctx).Exec(stmt).Error; err != nil {
			return fmt.Errorf("storage: %s: %w", stmt, redactErr(err, rawURL))
		}
		return nil
	}
	if err := exec(ctx, "CREATE SCHEMA "+name); err != nil {
		return "", "", nil, err
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	drop = func(ctx context.Context) error { return exec(ctx, "DROP SCHEMA IF EXISTS "+name+" CASCADE") }
	return u.String(), name, drop, nil
}

// ServerPIDs returns the process ids of the PostgreSQL server processes
// serving the open connections whose application_name is this store's
// (set in the URL; a name unique to the process gives this pool's
// connections). `briefbot bench` reads their CPU time from /proc when the
// server runs on the same machine. SQLite, or no application_name: an
// error.
func (s *Store) ServerPIDs(ctx context.Context) ([]int, error) {
	if s.dialect != "postgres" {
		return nil, fmt.Errorf("storage: server processes need PostgreSQL, not %s", s.dialect)
	}
	var pids []int
	err := s.db.WithContext(ctx).Raw(`SELECT pid FROM pg_stat_activity
		WHERE current_setting('application_name') <> '' AND application_name = current_setting('application_name')
		ORDER BY pid`).Scan(&pids).Error
	if err != nil {
		return nil, fmt.Errorf("storage: server processes: %w", err)
	}
	if len(pids) == 0 {
		return nil, fmt.Errorf("storage: server processes: the connection has no application_name")
	}
	return pids, nil
}
