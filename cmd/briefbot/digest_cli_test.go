package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/storage/storagetest"
)

// briefbotWith runs the binary like briefbot does, with extra
// environment.
func briefbotWith(t *testing.T, dir, dbURL string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"BRIEFBOT_DATABASE_URL=" + dbURL, "BRIEFBOT_LOG_LEVEL=warn"}, env...)...)
	return run(t, cmd)
}

// TestDigestNowTwice is acceptance 2, across processes and on both
// databases: the second /digest now answers that there is nothing new.
func TestDigestNowTwice(t *testing.T) {
	for name, url := range map[string]func(*testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "d.db") },
		"postgres": func(t *testing.T) string { return storagetest.PostgresURL(t) },
	} {
		t.Run(name, func(t *testing.T) {
			dir, db := t.TempDir(), url(t)
			briefbot(t, dir, db, "ingest", samplePath(t))
			if r := briefbot(t, dir, db, "ask", "/digest now"); r.code != 1 || !strings.Contains(r.stdout, "watches no topics") {
				t.Fatalf("/digest now without watches: %+v", r)
			}
			briefbot(t, dir, db, "ask", "/watch gsomia")
			first := briefbot(t, dir, db, "ask", "/digest now")
			if first.code != 0 || strings.Count(first.stdout, titleAug) != 1 || strings.Count(first.stdout, titleNov) != 1 {
				t.Fatalf("first /digest now: %+v", first)
			}
			second := briefbot(t, dir, db, "ask", "/digest now")
			if second.code != 0 || !strings.Contains(second.stdout, "Nothing new on gsomia since the last digest") ||
				strings.Contains(second.stdout, titleAug) {
				t.Fatalf("second /digest now: %+v", second)
			}
		})
	}
}

// TestDigestChangesAreAdminOnly is acceptance 6 for digests: anyone may
// look and ask for one now; only admins (BRIEFBOT_ADMINS, or a platform
// role) change or turn off the schedule.
func TestDigestChangesAreAdminOnly(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	admins := []string{"BRIEFBOT_ADMINS=slack:UADMIN"}
	as := func(user string, line string) result {
		return briefbotWith(t, dir, db, admins, "ask", "--platform", "slack", "--channel", "C0123", "--user", user, "--admin=false", line)
	}
	if r := as("UADMIN", "/digest weekdays 08:30 Europe/Berlin"); r.code != 0 || !strings.Contains(r.stdout, "Digest scheduled weekdays at 08:30 (Europe/Berlin)") {
		t.Fatalf("admin sets: %+v", r)
	}
	for _, line := range []string{"/digest off", "/digest daily 07:00", "/digest limit 3", "/digest retry"} {
		if r := as("UOTHER", line); r.code != 1 || !strings.Contains(r.stdout, "only briefbot admins can change this channel's digest") {
			t.Errorf("non-admin %s: %+v", line, r)
		}
	}
	if r := as("UOTHER", "/digest"); r.code != 0 || !strings.Contains(r.stdout, "weekdays at 08:30 (Europe/Berlin)") {
		t.Fatalf("non-admin show: %+v", r)
	}
	if r := as("UOTHER", "/digest now"); strings.Contains(r.stdout, "only briefbot admins") {
		t.Fatalf("non-admin now: %+v", r)
	}
	// The zone stays the channel's when a new time omits it.
	if r := as("UADMIN", "/digest daily 07:15"); !strings.Contains(r.stdout, "daily at 07:15 (Europe/Berlin)") {
		t.Fatalf("admin changes: %+v", r)
	}
	if r := as("UADMIN", "/digest off"); r.code != 0 || !strings.Contains(r.stdout, "turned off") {
		t.Fatalf("admin off: %+v", r)
	}
	if r := as("UOTHER", "/digest"); !strings.Contains(r.stdout, "no scheduled digest") {
		t.Fatalf("after off: %+v", r)
	}
}

// TestChatPrintsDueDigest: `briefbot chat` runs the console's digests. A
// digest that fell due a few minutes ago (by the process's clock) while
// no chat was open is printed as soon as the chat starts; the user can
// go on typing.
func TestChatPrintsDueDigest(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	briefbot(t, dir, db, "ingest", samplePath(t))
	briefbot(t, dir, db, "ask", "/watch gsomia")
	due := time.Now().UTC().Truncate(time.Minute).Add(2 * time.Minute)
	if r := briefbot(t, dir, db, "ask", "/digest daily "+due.Format("15:04")+" UTC"); r.code != 0 {
		t.Fatalf("schedule: %+v", r)
	}
	cmd := exec.Command(binary, "chat")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+db, "BRIEFBOT_LOG_LEVEL=warn",
		"BRIEFBOT_TEST_CLOCK_OFFSET=5m") // the chat's clock is 2 to 4 minutes past the digest's time
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var got strings.Builder
	readUntil := func(want string) {
		t.Helper()
		deadline := time.After(20 * time.Second)
		for !strings.Contains(got.String(), want) {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("chat ended before %q:\n%s\n%s", want, got.String(), errb.String())
				}
				got.WriteString(l + "\n")
			case <-deadline:
				t.Fatalf("chat did not print %q:\n%s\n%s", want, got.String(), errb.String())
			}
		}
	}
	readUntil(titleNov)
	if !strings.Contains(got.String(), "── to #console ──") || !strings.Contains(got.String(), titleAug) {
		t.Fatalf("digest in chat:\n%s", got.String())
	}
	io.WriteString(in, "/digest now\n")
	readUntil("Nothing new on gsomia")
	io.WriteString(in, "quit\n")
	in.Close()
	for range lines {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("chat: %v\n%s", err, errb.String())
	}
}
