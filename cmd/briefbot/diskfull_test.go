package main

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	_ "modernc.org/sqlite" // database/sql driver "sqlite", to check the file independently
)

// SQLite runs out of room while ingesting: the command fails with a
// clear one-line error, the database is not corrupted, keeps what it
// had, and takes the same input once there is room again.

// bigFeed writes an RSS feed of n long items (about 2.5 KB each).
func bigFeed(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>`)
	para := strings.Repeat("Officials in Seoul and Tokyo met again to discuss the intelligence pact. ", 30)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Story %d on the pact</title><guid>big-%d</guid><description>%d. %s</description></item>", i, i, i, para)
	}
	b.WriteString("</channel></rss>")
	path := filepath.Join(dir, "big.xml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// articleCount opens the file read-only, checks its integrity and counts
// its articles.
func articleCount(t *testing.T, db string) int {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var ok string
	if err := conn.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
	var n int
	if err := conn.QueryRow("SELECT count(*) FROM articles").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkFullAndRecover runs a failing ingest (run), then checks the error,
// the database, and that the ingest succeeds once room is back (free).
func checkFullAndRecover(t *testing.T, dir, db, feed string, run func() result, free func()) {
	t.Helper()
	if r := briefbot(t, dir, db, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest sample: %s", r.stderr)
	}
	before := articleCount(t, db)
	r := run()
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code == 0 || len(lines) != 1 || strings.Contains(r.stderr, "goroutine") {
		t.Fatalf("want a failure with a one-line error, got exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	// ENOSPC is SQLite's "database or disk is full"; EFBIG (a file-size
	// limit) reaches it as a failed write, "disk I/O error".
	if !strings.Contains(lines[0], "disk is full") && !strings.Contains(lines[0], "disk I/O error") {
		t.Errorf("the error does not say the disk failed: %s", lines[0])
	}
	t.Logf("error shown: %s", lines[0])
	if got := articleCount(t, db); got != before {
		t.Fatalf("after the failed ingest: %d articles, want the %d from before", got, before)
	}
	free()
	if r := briefbot(t, dir, db, "ingest", feed); r.code != 0 || !strings.Contains(r.stdout, "added 900") {
		t.Fatalf("ingest with room again: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := articleCount(t, db); got != before+900 {
		t.Fatalf("%d articles, want %d", got, before+900)
	}
}

func TestSQLiteDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs (CI runs as root); TestSQLiteFileSizeLimit covers the rest")
	}
	dir := t.TempDir()
	feed := bigFeed(t, dir, 900)
	mnt := filepath.Join(dir, "small")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Fatalf("mount tmpfs: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", mnt).Run() })
	db := filepath.Join(mnt, "b.db")
	filler := filepath.Join(mnt, "filler")
	checkFullAndRecover(t, dir, db, feed, func() result {
		fill(t, filler, 256<<10) // leave 256 KB: the sample fits, the 2 MB feed does not (8 MB: the 900 stored articles, their index file and journal need about 4.4 MB once there is room again)
		return briefbot(t, dir, db, "ingest", feed)
	}, func() { os.Remove(filler) })
}

// fill writes a file that leaves only room bytes free on its file system.
func fill(t *testing.T, path string, room int64) {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(path), &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * st.Bsize
	if free <= room {
		t.Fatalf("only %d bytes free", free)
	}
	if err := os.WriteFile(path, make([]byte, free-room), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The same with a file-size limit (RLIMIT_FSIZE through prlimit), which
// needs no root: writes past it fail with EFBIG.
func TestSQLiteFileSizeLimit(t *testing.T) {
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("prlimit (util-linux) not installed")
	}
	dir := t.TempDir()
	feed := bigFeed(t, dir, 900)
	db := filepath.Join(dir, "b.db")
	checkFullAndRecover(t, dir, db, feed, func() result {
		cmd := exec.Command(prlimit, "--fsize=262144", binary, "ingest", feed)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+db, "BRIEFBOT_LOG_LEVEL=warn")
		return run(t, cmd)
	}, func() {})
}
