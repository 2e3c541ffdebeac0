package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// Every subcommand's --help (and -h) prints its usage exactly once, on
// stdout, and exits 0.
func TestEverySubcommandHelpPrintsUsageOnce(t *testing.T) {
	dir := t.TempDir()
	for name := range subcommands() {
		for _, flag := range []string{"--help", "-h"} {
			cmd := exec.Command(binary, name, flag)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+dir+"/h.db")
			r := run(t, cmd)
			if r.code != 0 || strings.Count(r.stdout, "Usage: briefbot "+name) != 1 || r.stderr != "" {
				t.Errorf("briefbot %s %s: exit %d, usage printed %d times\nstdout:\n%s\nstderr:\n%s",
					name, flag, r.code, strings.Count(r.stdout, "Usage: briefbot "+name), r.stdout, r.stderr)
			}
		}
	}
}

// briefbot's own usage: asked for (help, --help, -h) it goes to stdout
// with exit 0; as the answer to a mistake (no command, an unknown one) to
// stderr with exit 2, whatever the mistake, so a script sees the same.
func TestTopLevelUsageStreams(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stdout bool
	}{
		{nil, 2, false}, {[]string{"frobnicate"}, 2, false},
		{[]string{"help"}, 0, true}, {[]string{"--help"}, 0, true}, {[]string{"-h"}, 0, true},
	} {
		var out, errb bytes.Buffer
		code := Run(context.Background(), tc.args, cli.Stdio{In: strings.NewReader(""), Out: &out, Err: &errb},
			func(string) string { return "" })
		usage, other := &errb, &out
		if tc.stdout {
			usage, other = &out, &errb
		}
		if code != tc.code || strings.Count(usage.String(), "Usage: briefbot <command>") != 1 || other.Len() != 0 {
			t.Errorf("briefbot %q: exit %d, want %d, usage on stdout %v\nstdout:\n%s\nstderr:\n%s",
				tc.args, code, tc.code, tc.stdout, out.String(), errb.String())
		}
	}
}

var helpFlagLine = regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)

// Every flag a subcommand's --help lists is named in its Usage line, so the
// synopsis people copy (and the README's command table) misses none. bench
// says "[flags]" for its many, and eval's three commands have their own help.
func TestUsageLineNamesEveryFlag(t *testing.T) {
	dir := t.TempDir()
	names := []string{"eval summarize", "eval select", "eval events"}
	for name := range subcommands() {
		if name != "bench" && name != "eval" {
			names = append(names, name)
		}
	}
	for _, name := range names {
		cmd := exec.Command(binary, append(strings.Fields(name), "--help")...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+dir+"/h.db")
		r := run(t, cmd)
		usage, _, _ := strings.Cut(r.stdout, "\n")
		flags := helpFlagLine.FindAllStringSubmatch(r.stdout, -1)
		if r.code != 0 || !strings.HasPrefix(usage, "Usage: briefbot "+name) || strings.HasSuffix(usage, " ") {
			t.Fatalf("briefbot %s --help: exit %d\n%s", name, r.code, r.stdout)
		}
		for _, m := range flags {
			if !strings.Contains(usage, "--"+m[1]) {
				t.Errorf("briefbot %s: --%s is listed but not in the usage line %q", name, m[1], usage)
			}
		}
	}
}

var readmeCommandRow = regexp.MustCompile("(?m)^\\| `briefbot ([a-z]+)([^`]*)` \\|")

// The README's command table has a row for every subcommand, and a row
// that spells out a synopsis (not one ending in "...", which defers to
// --help) names every flag the subcommand has.
func TestReadmeCommandTableNamesEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rows := map[string]bool{}
	for _, m := range readmeCommandRow.FindAllStringSubmatch(string(readme), -1) {
		name, synopsis := m[1], m[2]
		rows[name] = true
		if strings.HasSuffix(synopsis, "...") {
			continue
		}
		cmd := exec.Command(binary, name, "--help")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+dir+"/h.db")
		r := run(t, cmd)
		for _, f := range helpFlagLine.FindAllStringSubmatch(r.stdout, -1) {
			if !strings.Contains(synopsis, "--"+f[1]) {
				t.Errorf("README row `briefbot %s%s` lacks --%s", name, synopsis, f[1])
			}
		}
	}
	for name := range subcommands() {
		if !rows[name] {
			t.Errorf("README's command table has no row for briefbot %s", name)
		}
	}
}

// ask's usage line names the flags the README shows with it (--user,
// --admin=false), not only some of them.
func TestAskUsageNamesItsFlags(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binary, "ask", "--help")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+dir+"/h.db")
	r := run(t, cmd)
	line, _, _ := strings.Cut(r.stdout, "\n")
	for _, f := range []string{"--channel ID", "--platform", "--user ID", "--admin=false", "--json"} {
		if !strings.Contains(line, f) {
			t.Errorf("usage line %q lacks %s", line, f)
		}
	}
}
