package storage

import (
	"errors"
	"strings"
	"testing"
)

// Issue 17 finding 7: libpq key=value strings are PostgreSQL with or
// without host=; anything neither PostgreSQL nor a clear SQLite path is a
// one-line error that never echoes a value.
func TestClassifyDatabaseURL(t *testing.T) {
	for raw, want := range map[string]string{
		"postgres://u:SeCrEt@db.example/x":                         "postgres",
		"PostgreSQL://db.example/x?sslmode=disable":                "postgres",
		"host=db.example dbname=x user=u password=SeCrEt":          "postgres",
		"dbname=x user=u password=SeCrEt":                          "postgres",
		"password='Se Cr\\'Et' dbname=x":                           "postgres",
		"hostaddr=127.0.0.1 port=5432 dbname=test sslmode=disable": "postgres",
		"service=briefbot":                                         "postgres",
		"briefbot.db":                                              "sqlite",
		"./data dir/brief bot.db":                                  "sqlite",
		"/var/lib/briefbot/b.db?_pragma=cache_size(2000)":          "sqlite",
		"sqlite:x=y.db":                                            "sqlite",
		"sqlite:///tmp/b.db":                                       "sqlite",
		"file:b.db?mode=ro":                                        "sqlite",
		"mysql://u:SeCrEt@db.example/x":                            "error",
		"dbname=x pasword=SeCrEt search_path=s1":                   "postgres", // the server refuses pasword
		"foo=1 bar=SeCrEt":                                         "error",
		"a=b.db":                                                   "error",
		"dbname=x SeCrEt":                                          "error",
		"user=u password=SeCrEt and more":                          "error",
	} {
		got, err := classify(raw)
		if err != nil {
			got = "error"
			msg := err.Error()
			if !errors.Is(err, ErrBadURL) || strings.Contains(msg, "SeCrEt") || strings.Contains(msg, "\n") {
				t.Errorf("classify(%q): error %q: want one line, ErrBadURL, no password", raw, msg)
			}
		}
		if got != want {
			t.Errorf("classify(%q) = %s (%v), want %s", raw, got, err, want)
		}
	}
}
