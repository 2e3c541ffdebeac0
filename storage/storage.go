// Package storage implements every store contract with gorm over embedded
// pure-Go SQLite (the default) or PostgreSQL: the engine's
// (briefing.ArticleStore, briefing.WatchStore), the digests' (schedules,
// the delivery ledger and the scheduler's run claims, from bot/digest) and
// the sources' (sources.Store, from bot/sources).
//
// Invariants:
//   - gorm types never leave this package: methods take and return
//     the contracts' own types; row structs are private.
//   - The schema is created and upgraded only by the versioned goose
//     migrations embedded here (one directory per dialect), run by Open.
//   - Errors never contain the database password: DSNs are redacted.
//   - Every method takes a context and honours its deadline.
//   - Articles are deleted only by retention (retention.go), never with
//     the delivery ledger, judgments or watches; article IDs are never
//     reused (AUTOINCREMENT, BIGSERIAL), so the ledger stays right.
//   - Articles are updated only by a correction (revise.go): the title,
//     author, tags, text, fragment mark and content hash of the row with
//     the same (source, item_key), in place, with updated_at; the ID,
//     key, link, dates and backfill mark stay, so the ledger, judgments
//     and timelines keep naming and placing it as first stored.
//   - The shared index snapshot (indexsnapshot.go, PostgreSQL only) is
//     opaque bytes here: one current snapshot, replaced in one
//     transaction, read whole from one consistent view; whether it may be
//     used is the engine's decision.
//   - The span counters (table article_spans, migration 00016) are
//     written only by the database's triggers on articles: every insert,
//     update and delete, by briefbot or by hand (sqlite3, psql), adds to
//     its span's counters, and no counter ever decreases. So the span
//     state an index recorded reads the same later only if no article of
//     those spans changed, and ContentChecksum (identity.go), which
//     digests it instead of reading every article, changes whenever an
//     article up to its watermark does. No Go code writes article_spans;
//     a new way of changing articles that fires no row trigger must bump
//     it too (PostgreSQL's TRUNCATE has its own trigger). On PostgreSQL
//     the rows are per writing server process, so concurrent writers
//     never wait on one another's span row.
//   - ScratchSchema (scratch.go, for `briefbot bench`) creates a schema
//     with a new random name and drops only that one.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/libtnb/sqlite"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/briefbot/briefbot/briefing"
)

//go:embed migrations
var migrations embed.FS

// DefaultURL is the database used when none is configured.
const DefaultURL = "briefbot.db"

// Store is the gorm-backed store. Safe for concurrent use.
type Store struct {
	db      *gorm.DB
	sqlDB   *sql.DB
	dialect string // "sqlite" or "postgres"
	log     *slog.Logger
	inserts insertStmts // SaveArticles' prepared INSERTs (SQLite)
}

var _ briefing.Store = (*Store)(nil)

// Options tune Open.
type Options struct {
	Logger *slog.Logger
}

// Open connects to the database named by rawURL (a postgres:// or
// postgresql:// URL, a libpq "dbname=… user=…" string with or without
// host=, or a SQLite file path, optionally prefixed with sqlite:), and
// migrates its schema to the latest version. Anything else is an
// ErrBadURL error (see classify).
func Open(ctx context.Context, rawURL string, opt Options) (*Store, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if strings.TrimSpace(rawURL) == "" {
		rawURL = DefaultURL
	}
	dialect, dsn, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	var dialector gorm.Dialector
	if dialect == "postgres" {
		dialector = postgres.Open(dsn)
	} else {
		dialector = sqlite.Open(dsn)
	}
	db, err := gorm.Open(dialector, &gorm.Config{TranslateError: true, Logger: logger.Discard,
		NowFunc: func() time.Time { return time.Now().UTC() }})
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", Redact(rawURL), redactErr(err, rawURL))
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", Redact(rawURL), err)
	}
	s := &Store{db: db, sqlDB: sqlDB, dialect: dialect, log: opt.Logger}
	if dialect == "sqlite" {
		// One writer at a time is SQLite's model; a small pool avoids
		// SQLITE_BUSY storms while WAL lets readers proceed.
		sqlDB.SetMaxOpenConns(4)
	}
	if err := s.ping(ctx, rawURL); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) ping(ctx context.Context, rawURL string) error {
	if err := s.sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("storage: cannot reach database %s: %w", Redact(rawURL), redactErr(err, rawURL))
	}
	return nil
}

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect }

// Ping checks the database is reachable (for health checks).
func (s *Store) Ping(ctx context.Context) error { return s.sqlDB.PingContext(ctx) }

// Close releases the connection pool.
func (s *Store) Close() error {
	s.inserts.close()
	return s.sqlDB.Close()
}

func (s *Store) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+s.dialect)
	if err != nil {
		return fmt.Errorf("storage: migrations: %w", err)
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if s.dialect == "postgres" {
		dialect = goose.DialectPostgres
		// Replicas starting together must not migrate concurrently.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return fmt.Errorf("storage: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.sqlDB, sub, opts...)
	if err != nil {
		return fmt.Errorf("storage: migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("storage: migrate: %w", err)
	}
	for _, r := range res {
		s.log.Debug("migrated", "version", r.Source.Version, "duration_ms", r.Duration.Milliseconds())
	}
	return nil
}

// SQLiteFile returns the file of a SQLite database URL, or "" for
// PostgreSQL and in-memory databases.
func SQLiteFile(rawURL string) string {
	if strings.TrimSpace(rawURL) == "" {
		rawURL = DefaultURL
	}
	dialect, dsn, err := parseURL(rawURL)
	if err != nil || dialect != "sqlite" {
		return ""
	}
	path, _, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	if path == "" || strings.HasPrefix(path, ":memory:") {
		return ""
	}
	return path
}

// parseURL picks the dialect and driver DSN (see classify).
func parseURL(raw string) (dialect, dsn string, err error) {
	switch dialect, err = classify(raw); {
	case err != nil:
		return "", "", err
	case dialect == "postgres":
		return "postgres", raw, nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite://"), "sqlite:")
	path = strings.TrimPrefix(path, "file:")
	query := ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	// temp_store(MEMORY): an INSERT of many rows keeps a statement
	// journal (to undo just that statement), and past 64 KiB SQLite
	// spills it to a temporary file: a file created, written and deleted
	// per ingest batch, 3% of ingest's CPU. In memory it costs the pages
	// one statement changes, and it never reaches the disk anyway.
	//
	// wal_autocheckpoint(16000): a checkpoint (every 1,000 WAL pages by
	// default) copies each page changed since the last one into the
	// database and syncs it twice; ingest commits ~70 pages a batch,
	// many of them the same b-tree pages again (the indexes' and the
	// table's right edge), so a checkpoint every 4,000 pages (16 MB of
	// WAL) copies such a page once instead of several times and syncs a
	// quarter as often. At 100k articles from many feeds a batch of 100
	// touches about 200 pages, most of them index leaves (the publication
	// date's at random places, each feed's key and ID at their own), and
	// such a leaf changes again within a few batches: with 16,000 pages
	// (64 MB of WAL on disk, 128 KiB of WAL index in memory) checkpoints
	// took 0.7 CPU-s per 100k articles instead of 1.25 (3% of ingest).
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)" +
		"&_pragma=temp_store(MEMORY)&_pragma=wal_autocheckpoint(16000)&_txlock=immediate"
	if query != "" {
		pragmas += "&" + query
	}
	return "sqlite", "file:" + path + "?" + pragmas, nil
}

var (
	// rePassword finds a password=… setting (in a DSN or a URL's query),
	// quoted or not.
	rePassword = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)`)
	// reUserinfo finds a URL's password: from the colon after the user
	// name to the last '@'. A regexp rather than url.Parse, which refuses
	// or misreads passwords holding '#', '%' or '/' and would leave them
	// in the text.
	reUserinfo = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@?#]*:)(.*)@`)
)

// Redact hides the password in a database URL or DSN.
func Redact(raw string) string {
	return rePassword.ReplaceAllString(reUserinfo.ReplaceAllString(raw, "${1}xxxxx@"), "${1}xxxxx")
}

// redactErr strips the password from driver errors that quote the DSN.
func redactErr(err error, raw string) error {
	msg := err.Error()
	var pws []string
	if m := reUserinfo.FindStringSubmatch(raw); m != nil {
		pws = append(pws, m[2])
		if pw, uerr := url.PathUnescape(m[2]); uerr == nil {
			pws = append(pws, pw)
		}
	}
	for _, m := range rePassword.FindAllStringSubmatch(raw, -1) {
		pws = append(pws, m[2], strings.Trim(m[2], "'"))
	}
	for _, pw := range pws {
		if pw != "" && strings.Contains(msg, pw) {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	if msg == err.Error() {
		return err
	}
	return errors.New(msg)
}
