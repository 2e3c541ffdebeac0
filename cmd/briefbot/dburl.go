package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/briefbot/briefbot/storage"
)

var urlScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)

// checkDatabaseURL refuses, naming BRIEFBOT_DATABASE_URL, what SQLite
// would otherwise report only as "unable to open database file (14)": a
// URL of a database briefbot does not speak (mysql://…), and a SQLite
// file in a directory that does not exist. Only the scheme or the
// directory is echoed, never the URL (it may hold a password).
func checkDatabaseURL(raw string) error {
	if m := urlScheme.FindStringSubmatch(strings.TrimSpace(raw)); m != nil {
		switch strings.ToLower(m[1]) {
		case "postgres", "postgresql", "sqlite", "file":
		default:
			return fmt.Errorf("BRIEFBOT_DATABASE_URL: %s:// databases are not supported: use a SQLite file path (briefbot.db) or a postgres:// URL", m[1])
		}
	}
	if f := storage.SQLiteFile(raw); f != "" {
		dir := filepath.Dir(f)
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("BRIEFBOT_DATABASE_URL: the directory %s does not exist: create it, or name a file in an existing directory", dir)
		}
	}
	return nil
}
