package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/adapters/httpapi"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
	"github.com/briefbot/briefbot/storage/storagetest"
)

var binary string // built once by TestMain: tests run real processes

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "briefbot-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "briefbot")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		panic("build briefbot: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// briefbot runs the binary in dir with the database URL and arguments.
func briefbot(t *testing.T, dir, dbURL string, args ...string) result {
	t.Helper()
	return briefbotWith(t, dir, dbURL, nil, args...)
}

// run runs a prepared command and collects its output and exit code.
func run(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", cmd.Args, err)
	}
	return result{out.String(), errb.String(), code}
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// runPlugin opens an App on a fresh SQLite file and runs plug with keys as
// its whole environment, as serve would.
func runPlugin(t *testing.T, plug plugin, keys map[string]string) (*App, []route, []service, error) {
	t.Helper()
	app, routes, services, _, err := runPluginLog(t, plug, keys)
	return app, routes, services, err
}

// runPluginLog is runPlugin that also returns what the plugin logged.
func runPluginLog(t *testing.T, plug plugin, keys map[string]string) (*App, []route, []service, string, error) {
	t.Helper()
	cfg := mustConfig(t, filepath.Join(t.TempDir(), "p.db"))
	cfg.Getenv = func(k string) string { return keys[k] }
	var logged bytes.Buffer
	env := &cli.Env{Config: cfg, Stdio: cli.Stdio{Out: &bytes.Buffer{}, Err: &logged}}
	env.Log = cfg.Logger(env.Err)
	app, err := openApp(context.Background(), env, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	logged.Reset() // only the plugin's lines
	routes, services, err := plug(context.Background(), env, app)
	return app, routes, services, logged.String(), err
}

func samplePath(t *testing.T) string {
	p, err := filepath.Abs("sample/briefbot-sample-news.txt")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	titleAug = "Seoul to let its military intelligence pact with Tokyo expire as trade dispute deepens"
	titleNov = "South Korea keeps its intelligence pact with Japan alive hours before the deadline"
)

// teaserPhrases come from the unrelated stories of the sample page: teaser
// paragraphs, and articles on other subjects (one on the same countries'
// trade row, which must not pass for the pact).
var teaserPhrases = []string{"chess club", "satellite", "reading room", "regional lenders", "Ferry crews", "Velden", "boycott"}

func TestDemoBriefsBothGSOMIAArticles(t *testing.T) {
	dir := t.TempDir()
	r := briefbot(t, dir, "", "demo") // default database: briefbot.db in the working directory
	if r.code != 0 {
		t.Fatalf("demo exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "briefbot.db")); err != nil {
		t.Fatalf("default SQLite file not created: %v", err)
	}
	checkGSOMIABriefing(t, r.stdout)
}

func checkGSOMIABriefing(t *testing.T, out string) {
	t.Helper()
	ia, ib := strings.Index(out, titleAug), strings.Index(out, titleNov)
	if ia < 0 || ib < 0 || ia > ib {
		t.Fatalf("want both GSOMIA articles, August first:\n%s", out)
	}
	for _, d := range []string{"23 Aug 2019", "22 Nov 2019"} {
		if !strings.Contains(out, d) {
			t.Errorf("date %s missing:\n%s", d, out)
		}
	}
	for _, p := range teaserPhrases {
		if strings.Contains(out, p) {
			t.Errorf("unrelated teaser text %q in briefing:\n%s", p, out)
		}
	}
	if n := strings.Count(out, "\n1. ") + strings.Count(out, "\n2. ") + strings.Count(out, "\n3. "); n != 2 {
		t.Errorf("want exactly 2 items, got %d:\n%s", n, out)
	}
}

func TestBriefJSONSummariesAreWholeSentencesOfTheirArticle(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	if r := briefbot(t, dir, db, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	r := briefbot(t, dir, db, "ask", "--json", "/brief gsomia")
	if r.code != 0 {
		t.Fatalf("ask: %d %s", r.code, r.stderr)
	}
	var b struct {
		Articles []struct {
			ID        int64
			Title     string
			URL       string
			Published string
			Source    string
			Summary   []string
			Score     float64
			Author    string
			Tags      []string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &b); err != nil {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	if len(b.Articles) != 2 || b.Articles[0].Title != titleAug || b.Articles[1].Title != titleNov {
		t.Fatalf("articles: %+v", b.Articles)
	}
	page, _ := os.ReadFile(samplePath(t))
	text := string(page)
	bodies := []string{text[strings.Index(text, titleAug):strings.Index(text, "A chess club")], text[strings.Index(text, titleNov):]}
	for i, a := range b.Articles {
		if a.ID == 0 || a.Score <= 0 || a.Source == "" || !strings.HasPrefix(a.Published, []string{"2019-08-23", "2019-11-22"}[i]) {
			t.Errorf("article %d fields: %+v", i, a)
		}
		if a.Author != "Sample Desk" {
			t.Errorf("author of %d = %q", i, a.Author)
		}
		if len(a.Summary) < 1 || len(a.Summary) > 2 {
			t.Errorf("article %d: %d summary sentences", i, len(a.Summary))
		}
		for _, s := range a.Summary {
			if !strings.Contains(bodies[i], s) {
				t.Errorf("summary sentence not from article %d: %q", i, s)
			}
			if last := s[len(s)-1]; !strings.ContainsRune(".!?”\"", rune(last)) && !strings.HasSuffix(s, "”") {
				t.Errorf("summary sentence not whole: %q", s)
			}
			for _, junk := range []string{"Author:", "Permalink", "Leave a comment", "Comments"} {
				if strings.Contains(s, junk) {
					t.Errorf("furniture in summary: %q", s)
				}
			}
		}
	}
	if got := b.Articles[1].Tags; len(got) != 6 || got[1] != "GSOMIA" {
		t.Errorf("tags of the November article: %q", got)
	}
}

func TestWatchesPersistAcrossProcesses(t *testing.T) {
	for name, url := range map[string]func(*testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "w.db") },
		"postgres": func(t *testing.T) string { return storagetest.PostgresURL(t) },
	} {
		t.Run(name, func(t *testing.T) {
			dir, db := t.TempDir(), url(t)
			step := func(channel, cmd, want string, absent bool) {
				t.Helper()
				r := briefbot(t, dir, db, "ask", "--channel", channel, cmd)
				if has := strings.Contains(r.stdout, want); has == absent {
					t.Fatalf("%s in %s: want %q present=%v, got (exit %d):\n%s%s", cmd, channel, want, !absent, r.code, r.stdout, r.stderr)
				}
			}
			step("A", "/watch gsomia", "Now watching “gsomia”", false)
			step("A", "/watching", "gsomia", false)
			step("B", "/watching", "gsomia", true)
			step("A", "/unwatch gsomia", "Stopped watching", false)
			step("A", "/watching", "gsomia", true)
		})
	}
}

func TestIngestIsIdempotentAndBadInputsChangeNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "i.db")
	first := briefbot(t, dir, db, "ingest", samplePath(t))
	if first.code != 0 || !strings.Contains(first.stdout, "added 9") {
		t.Fatalf("first ingest: %+v", first)
	}
	again := briefbot(t, dir, db, "ingest", samplePath(t))
	if again.code != 0 || !strings.Contains(again.stdout, "added 0, skipped 9") {
		t.Fatalf("second ingest: %+v", again)
	}
	before, _ := os.ReadFile(db)
	bad := map[string]string{
		"missing":   filepath.Join(dir, "nope.txt"),
		"empty":     mustAbs(t, "testdata/empty.txt"),
		"binary":    mustAbs(t, "testdata/binary.png"),
		"malformed": mustAbs(t, "testdata/malformed.xml"),
	}
	for name, path := range bad {
		t.Run(name, func(t *testing.T) {
			r := briefbot(t, dir, db, "ingest", path, samplePath(t))
			if r.code == 0 {
				t.Fatalf("exit 0 for %s", name)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if !strings.Contains(lines[0], path) || strings.Contains(r.stderr, "goroutine") {
				t.Fatalf("error must name the input on one line:\n%s", r.stderr)
			}
			if m := briefbot(t, dir, db, "match", "--json", "korea"); !strings.Contains(m.stdout, `"id"`) {
				t.Fatalf("database unreadable after a failed ingest: %+v", m)
			}
		})
	}
	r := briefbot(t, dir, db, "ingest", samplePath(t))
	if !strings.Contains(r.stdout, "added 0, skipped 9") {
		t.Fatalf("bad inputs changed the database: %s", r.stdout)
	}
	_ = before
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAskJSONMatchesAPI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	briefbot(t, dir, db, "ingest", samplePath(t))
	r := briefbot(t, dir, db, "ask", "--json", "/brief gsomia")

	env := &cli.Env{Config: mustConfig(t, db), Stdio: cli.Stdio{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}}
	env.Log = env.Config.Logger(env.Err)
	app, err := openApp(context.Background(), env, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	srv := httptest.NewServer(httpapi.New(app.Engine, app.Store, httpapi.Config{BriefLimit: env.Config.BriefLimit}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/v1/brief?topic=gsomia")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var fromAPI, fromAsk map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&fromAPI); err != nil || resp.StatusCode != 200 {
		t.Fatalf("api: %d %v", resp.StatusCode, err)
	}
	if err := json.Unmarshal([]byte(r.stdout), &fromAsk); err != nil {
		t.Fatalf("ask json: %v", err)
	}
	delete(fromAPI, "generated_at")
	delete(fromAsk, "generated_at")
	a, _ := json.Marshal(fromAPI)
	b, _ := json.Marshal(fromAsk)
	if !bytes.Equal(a, b) {
		t.Fatalf("API and ask differ:\napi: %s\nask: %s", a, b)
	}
	if len(fromAPI["articles"].([]any)) != 2 {
		t.Fatalf("api articles: %s", a)
	}
}

func mustConfig(t *testing.T, db string) config.Config {
	cfg, err := config.Load(func(k string) string {
		if k == "BRIEFBOT_DATABASE_URL" {
			return db
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestEverySubcommandHasHelp(t *testing.T) {
	dir := t.TempDir()
	for name := range subcommands() {
		r := briefbot(t, dir, filepath.Join(dir, "h.db"), name, "--help")
		if r.code != 0 || !strings.Contains(r.stdout, "Usage: briefbot "+name) {
			t.Errorf("%s --help: exit %d\n%s%s", name, r.code, r.stdout, r.stderr)
		}
	}
}

func TestChatCommandsAndUsage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	briefbot(t, dir, db, "ingest", samplePath(t))
	cmd := exec.Command(binary, "chat")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+db)
	cmd.Stdin = strings.NewReader("/help\n/frobnicate\n/brief\n/watch gsomia\n/watching\n/brief gsomai\nquit\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("chat: %v\n%s", err, out)
	}
	s := string(out)
	for _, want := range []string{"/brief <topic>", "Example: /watch gsomia", "Unknown command /frobnicate",
		"topic is missing", "Now watching “gsomia”", "This channel watches: gsomia", "Did you mean: gsomia"} {
		if !strings.Contains(s, want) {
			t.Errorf("chat output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "panic") || strings.Contains(s, "goroutine") {
		t.Fatalf("stack trace in chat output:\n%s", s)
	}
}
