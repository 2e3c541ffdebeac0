package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// A binary built with VCS stamping from a clone names its module, version
// and the exact commit. (The clone is a plain one: the toolchain does not
// stamp builds in a git worktree.) It compiles the whole program afresh,
// about a minute on 2 cores, so it runs when BRIEFBOT_TEST_VCS_BUILD=1.
func TestVersionPrintsModuleAndRevision(t *testing.T) {
	if os.Getenv("BRIEFBOT_TEST_VCS_BUILD") != "1" {
		t.Skip("set BRIEFBOT_TEST_VCS_BUILD=1 to clone, build with -buildvcs=true and check the revision")
	}
	root, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err) // a source tarball has no revision to compare
	}
	clone := filepath.Join(t.TempDir(), "src")
	if out, err := exec.Command("git", "clone", "--quiet", "--no-hardlinks", strings.TrimSpace(string(root)), clone).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	head, err := exec.Command("git", "-C", clone, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "briefbot")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "./cmd/briefbot")
	build.Dir = clone
	build.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	r := run(t, exec.Command(bin, "version"))
	want := "revision " + strings.TrimSpace(string(head))
	if r.code != 0 || !strings.HasPrefix(r.stdout, "briefbot github.com/briefbot/briefbot ") || !strings.Contains(r.stdout, want) ||
		strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("briefbot version: exit %d\n%s%s\nwant one line with the module and %q", r.code, r.stdout, r.stderr, want)
	}
}

// Without VCS information the line says so instead of leaving it out;
// a release build shows its version.
func TestVersionLine(t *testing.T) {
	bare := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/briefbot/briefbot", Version: "(devel)"}}
	if got := versionLine(bare); got != "briefbot github.com/briefbot/briefbot (devel) (revision unknown: built without VCS information (-buildvcs=false or not from a clone)) go1.26.8" {
		t.Errorf("bare: %q", got)
	}
	rel := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/briefbot/briefbot", Version: "v1.4.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "true"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}}}
	if got := versionLine(rel); got != "briefbot github.com/briefbot/briefbot v1.4.0 (revision abc123, modified, 2026-12-01T10:00:00Z) go1.26.8" {
		t.Errorf("release: %q", got)
	}
	r := run(t, exec.Command(binary, "version"))
	if r.code != 0 || !strings.HasPrefix(r.stdout, "briefbot github.com/briefbot/briefbot ") {
		t.Errorf("briefbot version: %d %s%s", r.code, r.stdout, r.stderr)
	}
}
