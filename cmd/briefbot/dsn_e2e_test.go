package main

import (
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/storage/storagetest"
)

// Issue 17 finding 7, end to end with the binary: a libpq key=value DSN
// without host= runs on PostgreSQL (not on a SQLite file named after the
// DSN), and a DSN that is neither is refused in one line that does not
// echo the password; no file is created either way.
func TestLibpqDSNWithoutHost(t *testing.T) {
	u, err := url.Parse(storagetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	dsn := "user=" + u.User.Username() + " dbname=" + strings.TrimPrefix(u.Path, "/") + " password=SeCrEtPw sslmode=disable" +
		" port=" + u.Port() + " search_path=" + u.Query().Get("search_path")
	dir := t.TempDir()
	runWith := func(dbURL string, args ...string) result {
		cmd := exec.Command(binary, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+dbURL, "BRIEFBOT_LOG_LEVEL=debug", "PGHOST="+u.Hostname())
		return run(t, cmd)
	}
	r := runWith(dsn, "ingest", samplePath(t))
	if r.code != 0 || strings.Contains(r.stdout+r.stderr, "SeCrEt") {
		t.Fatalf("ingest on a libpq DSN: %+v", r)
	}
	if r := runWith(dsn, "ask", "/brief gsomia"); r.code != 0 || !strings.Contains(r.stdout, "GSOMIA") {
		t.Fatalf("brief on a libpq DSN: %+v", r)
	}
	bad := runWith("usr=bob pw=SeCrEtPw", "ask", "/brief gsomia")
	msg := strings.TrimSpace(bad.stderr)
	if bad.code == 0 || strings.Contains(bad.stdout+bad.stderr, "SeCrEt") || strings.Count(msg, "\n") > 0 ||
		!strings.Contains(msg, "BRIEFBOT_DATABASE_URL") {
		t.Errorf("bad DSN: want a one-line error without the password, got code %d:\n%s%s", bad.code, bad.stdout, bad.stderr)
	}
	files, _ := os.ReadDir(dir)
	for _, f := range files {
		t.Errorf("file %q created in the working directory", f.Name())
	}
}
