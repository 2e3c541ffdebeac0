package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// privatePG is a PostgreSQL cluster of the test's own, on a spare port,
// so the test can kill and restart it without touching the machine's
// shared server. It runs Debian's binaries as the postgres user (initdb
// refuses root), so it needs root; CI runs as root.
type privatePG struct {
	bin, dir, data string
	port           int
	cred           *syscall.Credential
}

// startPrivatePG creates and starts a cluster, stopped and removed at
// cleanup. It skips the test when not root (locally), and fails when the
// PostgreSQL binaries are missing.
func startPrivatePG(t *testing.T) *privatePG {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root, to run a private PostgreSQL as the postgres user (CI runs as root)")
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		t.Fatal("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)")
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		t.Fatalf("no postgres user: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	dir, err := os.MkdirTemp("", "briefbot-pg-")
	if err != nil {
		t.Fatal(err)
	}
	pg := &privatePG{bin: filepath.Dir(bins[len(bins)-1]), dir: dir, data: filepath.Join(dir, "data"),
		port: freePort(t), cred: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	t.Cleanup(func() {
		_ = pg.ctl("stop", "-m", "immediate")
		os.RemoveAll(dir)
	})
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	if out, err := pg.run("initdb", "-D", pg.data, "-A", "trust", "-U", "postgres", "-N", "--locale=C", "-E", "UTF8"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	pg.start(t)
	return pg
}

func freePort(t *testing.T) int {
	t.Helper()
	_, p, _ := net.SplitHostPort(freeAddr(t))
	n, _ := strconv.Atoi(p)
	return n
}

// run runs one of the cluster's binaries as the postgres user.
func (pg *privatePG) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(pg.bin, name), args...)
	cmd.Dir = pg.dir
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + pg.dir, "LC_ALL=C"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: pg.cred}
	return cmd.CombinedOutput()
}

func (pg *privatePG) ctl(args ...string) error {
	out, err := pg.run("pg_ctl", append([]string{"-D", pg.data, "-w", "-t", "30"}, args...)...)
	if err != nil {
		return fmt.Errorf("pg_ctl %v: %w\n%s", args, err, out)
	}
	return nil
}

func (pg *privatePG) start(t *testing.T) {
	t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", pg.port, pg.dir)
	if err := pg.ctl("-l", filepath.Join(pg.dir, "log"), "-o", opts, "start"); err != nil {
		t.Fatal(err)
	}
}

// kill stops the server at once, as a crash would: no checkpoint, every
// connection cut.
func (pg *privatePG) kill(t *testing.T) {
	t.Helper()
	if err := pg.ctl("stop", "-m", "immediate"); err != nil {
		t.Fatal(err)
	}
}

func (pg *privatePG) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=3", pg.port)
}
