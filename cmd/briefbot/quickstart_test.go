package main

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// words splits a README command line the way sh would for the quoting
// the README uses (double quotes, single quotes, # comments).
func words(line string) []string {
	var out []string
	var cur strings.Builder
	in, started := rune(0), false
	for _, r := range line {
		switch {
		case in != 0 && r == in:
			in = 0
		case in != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			in, started = r, true
		case r == '#' && !started:
			return out
		case r == ' ' || r == '\t':
			if started {
				out, started = append(out, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
			started = true
		}
	}
	if started {
		out = append(out, cur.String())
	}
	return out
}

var shBlock = regexp.MustCompile("(?s)```sh\n(.*?)```")

// The README's quick-start commands run exactly as written, from the
// repository root, in order, on a fresh database: each exits 0 and logs
// no error. (`go run ./cmd/briefbot` is the test binary; serve runs on a
// free port until the curl line has been answered.)
func TestReadmeQuickStartRunsAsWritten(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start, end := strings.Index(text, "## Quick start"), strings.Index(text, "## Install")
	if start < 0 || end < start {
		t.Fatal("README lacks the Quick start and Install sections")
	}
	var lines []string
	for _, m := range shBlock.FindAllStringSubmatch(text[start:end], -1) {
		for _, l := range strings.Split(m[1], "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "go test") {
				lines = append(lines, l)
			}
		}
	}
	env := append(os.Environ(), "BRIEFBOT_DATABASE_URL="+filepath.Join(t.TempDir(), "qs.db"))
	addr := freeAddr(t)
	var serve *exec.Cmd
	defer func() {
		if serve != nil {
			_ = serve.Process.Kill()
			_ = serve.Wait()
		}
	}()
	ran := 0
	for _, line := range lines {
		w := words(line)
		switch {
		case len(w) >= 3 && w[0] == "go" && w[1] == "run" && w[2] == "./cmd/briefbot":
			args := w[3:]
			cmd := exec.Command(binary, args...)
			cmd.Dir, cmd.Env = root, env
			if len(args) > 0 && args[0] == "serve" {
				cmd.Env = append(cmd.Env, "BRIEFBOT_HTTP_ADDR="+addr)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				serve = cmd
				waitHTTP(t, "http://"+addr+"/healthz")
				ran++
				continue
			}
			cmd.Stdin = strings.NewReader("")
			r := run(t, cmd)
			if r.code != 0 || strings.Contains(r.stderr, "level=ERROR") || strings.TrimSpace(r.stdout) == "" && args[0] != "chat" {
				t.Errorf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", line, r.code, r.stdout, r.stderr)
			}
			ran++
		case len(w) == 2 && w[0] == "curl":
			if serve == nil {
				t.Fatalf("%s comes before serve", line)
			}
			u := strings.Replace(w[1], "127.0.0.1:8080", addr, 1)
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), `"articles"`) {
				t.Errorf("%s: %d %s", line, resp.StatusCode, body)
			}
			ran++
		default:
			t.Errorf("quick-start line the test cannot run: %q", line)
		}
	}
	if ran < 6 {
		t.Fatalf("ran %d quick-start lines: %q", ran, lines)
	}
}

func waitHTTP(t *testing.T, url string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return
		}
	}
	t.Fatalf("%s never answered", url)
}

var (
	readmeGo = regexp.MustCompile(`You need Go \(([0-9.]+) or later`)
	goModGo  = regexp.MustCompile(`(?m)^go ([0-9.]+)$`)
)

// The Go version the README asks for is go.mod's minimum: with an older
// one, the go command refuses the module (or, allowed to, downloads a
// newer toolchain, which needs the internet).
func TestReadmeGoVersionIsGoMods(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	r, m := readmeGo.FindSubmatch(readme), goModGo.FindSubmatch(mod)
	if r == nil || m == nil {
		t.Fatalf("no Go version found: README %q, go.mod %q", r, m)
	}
	if string(r[1]) != string(m[1]) {
		t.Errorf("README asks for Go %s or later, go.mod for %s", r[1], m[1])
	}
}
