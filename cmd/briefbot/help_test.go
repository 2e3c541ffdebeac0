package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
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
