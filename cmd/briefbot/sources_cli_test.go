package main

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/storage/storagetest"
)

func readOPMLFile(t *testing.T, path string) []sources.Source {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	srcs, bad, err := sources.ReadOPML(f)
	if err != nil || len(bad) != 0 {
		t.Fatal(err, bad)
	}
	return srcs
}

// `briefbot sources import` then `export` round-trips the feeds, their
// titles, home pages and folders; importing the export elsewhere gives
// the same. (--no-check: the fixture's hosts do not exist.)
func TestSourcesOPMLRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db1, db2 := filepath.Join(dir, "one.db"), filepath.Join(dir, "two.db")
	fixture, _ := filepath.Abs("testdata/sources.opml")
	r := briefbot(t, dir, db1, "sources", "import", "--no-check", fixture)
	if r.code != 0 || !strings.Contains(r.stdout, "4 added, 0 already present, 0 failed") {
		t.Fatalf("import: %+v", r)
	}
	if r := briefbot(t, dir, db1, "sources", "import", "--no-check", fixture); r.code != 0 || !strings.Contains(r.stdout, "0 added, 4 already present") {
		t.Fatalf("import again: %+v", r)
	}
	out := briefbot(t, dir, db1, "sources", "export")
	exported := filepath.Join(dir, "export.opml")
	if out.code != 0 || os.WriteFile(exported, []byte(out.stdout), 0o644) != nil {
		t.Fatalf("export: %+v", out)
	}
	if !strings.Contains(out.stdout, `<opml version="2.0">`) || !strings.Contains(out.stdout, `xmlUrl="https://kj.example/rss"`) {
		t.Errorf("export is not OPML 2.0 with xmlUrl:\n%s", out.stdout)
	}
	want := readOPMLFile(t, fixture)
	if got := readOPMLFile(t, exported); !slices.Equal(got, want) {
		t.Fatalf("exported %+v\nwant %+v", got, want)
	}
	if !strings.Contains(out.stdout, `<outline text="Nested" title="Nested">`) {
		t.Errorf("export lost the nested folder:\n%s", out.stdout)
	}
	if r := briefbot(t, dir, db2, "sources", "import", "--no-check", exported); r.code != 0 {
		t.Fatalf("import of the export: %+v", r)
	}
	again := briefbot(t, dir, db2, "sources", "export")
	if got, want := dropCreated(again.stdout), dropCreated(out.stdout); got != want {
		t.Fatalf("second export differs:\n%s\nfirst:\n%s", got, want)
	}
	if r := briefbot(t, dir, db1, "sources", "list"); r.code != 0 || !strings.Contains(r.stdout, "Sources (4)") ||
		!strings.Contains(r.stdout, "#2 “Korea & Japan Daily” (https://kj.example/rss)\n    not checked yet") {
		t.Fatalf("list: %+v", r)
	}
}

func dropCreated(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, "dateCreated") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// Bad entries are skipped, each named with its line; the good ones are
// imported, and the exit status says something was skipped.
func TestSourcesImportSkipsBadEntries(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	bad, _ := filepath.Abs("testdata/sources-bad.opml")
	r := briefbot(t, dir, db, "sources", "import", "--no-check", bad)
	if r.code != 1 || !strings.Contains(r.stderr, "line 6") || !strings.Contains(r.stderr, "gopher://old.example/feed") ||
		strings.Count(r.stderr, "skipped") != 2 || !strings.Contains(r.stdout, "1 added, 0 already present, 2 failed") {
		t.Fatalf("import of bad entries: %+v", r)
	}
	if r := briefbot(t, dir, db, "sources", "list"); !strings.Contains(r.stdout, "Sources (1)") || !strings.Contains(r.stdout, "fine.example") {
		t.Fatalf("the good entry was not imported: %+v", r)
	}
	notOPML, _ := filepath.Abs("sample/briefbot-sample-news.txt")
	if r := briefbot(t, dir, db, "sources", "import", notOPML); r.code != 1 || !strings.Contains(r.stderr, "not an OPML file") {
		t.Fatalf("import of a text file: %+v", r)
	}
	if r := briefbot(t, dir, db, "sources", "frobnicate"); r.code != 2 {
		t.Fatalf("unknown verb: %+v", r)
	}
}

// `briefbot serve` registers BRIEFBOT_FEEDS and polls them at once, on
// SQLite and PostgreSQL. The watch exists before the poll, so only the
// backfill flag keeps the feed's 50 existing items out of the digest;
// they are stored and /brief finds them.
func TestServePollsOperatorFeeds(t *testing.T) {
	for name, url := range map[string]func(*testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "s.db") },
		"postgres": func(t *testing.T) string { return storagetest.PostgresURL(t) },
	} {
		t.Run(name, func(t *testing.T) {
			dir, db := t.TempDir(), url(t)
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				w.Write(harbourFeed(50))
			}))
			defer srv.Close()
			if r := briefbot(t, dir, db, "ask", "/watch harbour report"); r.code != 0 {
				t.Fatalf("watch: %+v", r)
			}
			proc := startServe(t, dir, db, "BRIEFBOT_FEEDS="+srv.URL+"/feed.xml")
			proc.waitLog(t, "checked source", srv.URL)
			proc.stop(t)
			if r := briefbot(t, dir, db, "sources", "list"); !strings.Contains(r.stdout, "#1 “Harbour Gazette”") ||
				!strings.Contains(r.stdout, "OK · last success") {
				t.Fatalf("list after serve: %+v", r)
			}
			if r := briefbot(t, dir, db, "ask", "/digest now"); strings.Contains(r.stdout, "Harbour report") {
				t.Fatalf("/digest now announced backfilled items: %+v", r)
			}
			if r := briefbot(t, dir, db, "ask", "/brief harbour report"); !strings.Contains(r.stdout, "Harbour report 50") {
				t.Fatalf("/brief does not find the stored items: %+v", r)
			}
			if got := n.Load(); got != 1 {
				t.Errorf("feed fetched %d times, want 1", got)
			}
		})
	}
}

// serveProc is a `briefbot serve` process.
type serveProc struct {
	cmd   *exec.Cmd
	lines chan string // its log lines, until it exits
	logs  strings.Builder
}

// startServe runs `briefbot serve` (debug logs) until stop is called.
func startServe(t *testing.T, dir, db string, env ...string) *serveProc {
	t.Helper()
	addr := freeAddr(t)
	p := &serveProc{cmd: exec.Command(binary, "serve"), lines: make(chan string, 1000)}
	p.cmd.Dir = dir
	p.cmd.Env = append(os.Environ(), append([]string{"BRIEFBOT_DATABASE_URL=" + db, "BRIEFBOT_HTTP_ADDR=" + addr,
		"BRIEFBOT_LOG_LEVEL=debug"}, env...)...)
	pipe, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	t.Cleanup(func() { p.stop(t) })
	return p
}

// waitLog reads the log until a line contains every one of want.
func (p *serveProc) waitLog(t *testing.T, want ...string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				t.Fatalf("serve exited before logging %q:\n%s", want, p.logs.String())
			}
			p.logs.WriteString(l + "\n")
			if containsAll(l, want) {
				return
			}
		case <-deadline:
			t.Fatalf("serve did not log %q:\n%s", want, p.logs.String())
		}
	}
}

func containsAll(s string, subs []string) bool {
	for _, w := range subs {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// stop sends SIGTERM and waits for a clean exit.
func (p *serveProc) stop(t *testing.T) {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	for l := range p.lines {
		p.logs.WriteString(l + "\n")
	}
	if err := p.cmd.Wait(); err != nil {
		t.Errorf("serve exited with %v:\n%s", err, p.logs.String())
	}
}

// Three `briefbot serve` processes on one PostgreSQL database race for the
// same due sources at start: each feed is fetched exactly once.
func TestServeReplicasFetchEachFeedOnce(t *testing.T) {
	dir, db := t.TempDir(), storagetest.PostgresURL(t)
	var hits [4]atomic.Int32
	var urls []string
	for i := range hits {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits[i].Add(1)
			w.Write(harbourFeed(5))
		}))
		defer srv.Close()
		urls = append(urls, srv.URL+"/feed.xml")
	}
	if r := briefbot(t, dir, db, append([]string{"sources", "add"}, urls...)...); r.code != 0 {
		t.Fatalf("sources add: %+v", r)
	}
	var procs []*serveProc
	for i := 0; i < 3; i++ {
		procs = append(procs, startServe(t, dir, db, "BRIEFBOT_POLL_TICK=1s"))
	}
	for _, p := range procs {
		p.waitLog(t, "polling pass") // its immediate pass, done
	}
	for _, p := range procs {
		p.stop(t)
	}
	for i := range hits {
		if n := hits[i].Load(); n != 1 {
			t.Errorf("feed %d fetched %d times by 3 replicas, want 1", i, n)
		}
	}
}
