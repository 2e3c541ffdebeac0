//go:build unix

package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Issue 17 finding 12, with the binary: a replica killed (kill -9) in the
// middle of checking a source leaves it claimed only for a short lease; a
// replica started after it checks the source within seconds, not after
// five minutes. While the first replica lives, its lease is renewed and
// nobody else fetches the slow feed.
func TestKilledReplicasClaimsExpireQuickly(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	var hits atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			select { // the first replica's fetch hangs until it is killed
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.Write(harbourFeed(3))
	}))
	defer srv.Close()
	defer close(release)
	feed := srv.URL + "/feed.xml"
	env := []string{"BRIEFBOT_FEEDS=" + feed, "BRIEFBOT_POLL_TICK=1s", "BRIEFBOT_POLL_LEASE=3s"}

	first := startServe(t, dir, db, env...)
	deadline := time.Now().Add(20 * time.Second)
	for hits.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if hits.Load() != 1 {
		t.Fatalf("the first replica did not fetch the feed")
	}
	time.Sleep(4 * time.Second) // past one lease: renewed, so not due for anyone
	second := startServe(t, dir, db, env...)
	time.Sleep(3 * time.Second)
	if n := hits.Load(); n != 1 {
		t.Fatalf("the feed was fetched %d times while the first replica was still checking it", n)
	}
	_ = first.cmd.Process.Signal(syscall.SIGKILL)
	_ = first.cmd.Wait()
	for l := range first.lines {
		first.logs.WriteString(l + "\n")
	}
	killed := time.Now()
	second.waitLog(t, "checked source", "new=0")
	if waited := time.Since(killed); waited > 20*time.Second {
		t.Errorf("the killed replica's source was checked again after %s", waited)
	}
	if hits.Load() < 2 {
		t.Errorf("feed fetched %d times", hits.Load())
	}
}
