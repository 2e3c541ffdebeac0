package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 18 item 7: ingest's failure lines say what happened and only
// suggest --keep-going when there is something left to store; with
// --keep-going a summary line ends the run.
func TestIngestFailureWording(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	good, err := filepath.Abs(filepath.Join("..", "..", "examples", "feeds", "harbour-gazette.xml"))
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.xml")
	for _, c := range []struct {
		args []string
		want string
		not  string
	}{
		{[]string{missing}, "nothing stored: the input failed", "keep-going"},
		{[]string{missing, missing + "2"}, "nothing stored: all 2 inputs failed", "keep-going"},
		{[]string{"--keep-going", missing}, "nothing stored: the input failed", "keep-going"},
		{[]string{good, missing}, "nothing stored: 1 of 2 inputs failed (use --keep-going to store the other 1)", ""},
		{[]string{"--keep-going", good, missing}, "stored 1 of 2 inputs; 1 failed", ""},
	} {
		r := briefbot(t, dir, db, append([]string{"ingest"}, c.args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) || (c.not != "" && strings.Contains(r.stderr, c.not)) {
			t.Errorf("ingest %v: exit %d, stderr:\n%s\nwant %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

// A database URL briefbot cannot use is named as such, not reported as
// SQLite's "unable to open database file (14)"; a password is not echoed.
func TestDatabaseURLErrors(t *testing.T) {
	dir := t.TempDir()
	for url, want := range map[string]string{
		"mysql://u:hunter2@db.example/news":         "BRIEFBOT_DATABASE_URL: mysql:// databases are not supported",
		filepath.Join(dir, "missing", "x.db"):       "BRIEFBOT_DATABASE_URL: the directory " + filepath.Join(dir, "missing") + " does not exist",
		"sqlite://" + filepath.Join(dir, "no/a.db"): "does not exist",
	} {
		r := briefbot(t, dir, url, "ask", "/help")
		if r.code != 1 || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "(14)") || strings.Contains(r.stderr, "hunter2") {
			t.Errorf("%s: exit %d, stderr %q; want %q", url, r.code, r.stderr, want)
		}
	}
}

// "Did you mean" counts in words that agree with the number.
func TestDidYouMeanCountsAgree(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "d.db")
	feed, err := filepath.Abs(filepath.Join("..", "..", "examples", "feeds", "harbour-gazette.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if r := briefbot(t, dir, db, "ingest", feed); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for topic, want := range map[string]string{"ferry zeppelin": "ferry (1 article)", "crane zeppelin": "crane (3 articles)"} {
		if r := briefbot(t, dir, db, "ask", "/brief "+topic); !strings.Contains(r.stdout, want) {
			t.Errorf("/brief %s: %q, want %q", topic, r.stdout, want)
		}
	}
}

// Issue 18 item 7: the console ends quietly when its input ends (piped
// commands, Ctrl-D): exit 0 and not one ERROR line, at the default
// info level where such a line would show.
func TestChatEndOfInputIsNotAnError(t *testing.T) {
	dir := t.TempDir()
	for name, input := range map[string]string{"after a command": "/help\n", "empty": "", "no newline": "/watching"} {
		cmd := exec.Command(binary, "chat")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+filepath.Join(dir, name+".db"), "BRIEFBOT_LOG_LEVEL=info")
		cmd.Stdin = strings.NewReader(input)
		r := run(t, cmd)
		if r.code != 0 || strings.Contains(r.stderr, "ERROR") || strings.Contains(r.stderr, "level=error") {
			t.Errorf("chat, input %s: exit %d, stderr:\n%s", name, r.code, r.stderr)
		}
	}
}
