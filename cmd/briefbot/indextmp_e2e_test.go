//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Issue 17 finding 9, with the binary: temporary index files left by
// processes killed mid-save are removed when briefbot starts; a file
// another process is still writing (it holds the writer's lock) and one
// created a moment ago are kept.
func TestStaleIndexTempFilesRemovedAtStart(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	if r := briefbot(t, dir, db, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	old := time.Now().Add(-time.Hour)
	leftover := func(name string, mtime time.Time) string {
		p := filepath.Join(dir, "t.db.index.tmp-"+name)
		if err := os.WriteFile(p, make([]byte, 1<<20), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var stale []string
	for _, n := range []string{"111", "222", "333"} {
		stale = append(stale, leftover(n, old))
	}
	busy := leftover("busy", old)
	f, err := os.OpenFile(busy, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	fresh := leftover("fresh", time.Now())
	unrelated := filepath.Join(dir, "notes.tmp-1")
	if err := os.WriteFile(unrelated, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(unrelated, old, old)

	if r := briefbot(t, dir, db, "ask", "/brief gsomia"); r.code != 0 {
		t.Fatalf("ask: %+v", r)
	}
	for _, p := range stale {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("stale %s still there (%v)", filepath.Base(p), err)
		}
	}
	for _, p := range []string{busy, fresh, unrelated, db + ".index"} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", filepath.Base(p), err)
		}
	}
}
