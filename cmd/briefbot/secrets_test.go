package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// Acceptance (issue 8, point 3): no configured token or password ever
// appears in what briefbot prints, at debug level, while it meets
// unreachable databases, bad signatures, refused credentials and failing
// platform APIs. Every secret holds the marker, so a partial leak of any
// of them shows too.

const secretMarker = "SeCrEt"

var secretEnv = map[string]string{
	"SLACK_BOT_TOKEN":      "xoxb-1111-2222-SeCrEtBoTtOkEn",
	"SLACK_SIGNING_SECRET": "SeCrEtSiGnInG0123456789abcdef",
	"SLACK_APP_TOKEN":      "xapp-1-A111-SeCrEtApPtOkEn",
	"DISCORD_BOT_TOKEN":    "MTSeCrEtDiScOrD.Gx1.tokenvalue",
	"BRIEFBOT_API_TOKEN":   "SeCrEtApIbEaReRtOkEn",
}

// dbPassword has characters that need escaping in a URL, so a leak of
// its escaped form counts too.
const dbPassword = "p@ss:SeCrEtDb/w%rd"

// proc is a briefbot process whose stdout and stderr are both kept.
type proc struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	out    strings.Builder
	change chan struct{}
	exited chan struct{}
}

func startProc(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(binary, args...), change: make(chan struct{}), exited: make(chan struct{})}
	p.cmd.Dir = t.TempDir()
	p.cmd.Env = append(os.Environ(), env...)
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = p.cmd.Stdout // one stream, in order
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go p.read(stdout)
	t.Cleanup(func() { p.stop(t) })
	return p
}

func (p *proc) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		p.mu.Lock()
		p.out.WriteString(sc.Text() + "\n")
		close(p.change)
		p.change = make(chan struct{})
		p.mu.Unlock()
	}
	_ = p.cmd.Wait()
	close(p.exited)
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// waitFor waits until the output holds want n times, or the process exits.
func (p *proc) waitFor(t *testing.T, want string, n int) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		p.mu.Lock()
		has, ch := strings.Count(p.out.String(), want) >= n, p.change
		p.mu.Unlock()
		if has {
			return
		}
		select {
		case <-ch:
		case <-p.exited:
			if strings.Count(p.output(), want) < n {
				t.Fatalf("exited before printing %q %d times:\n%s", want, n, p.output())
			}
			return
		case <-deadline:
			t.Fatalf("did not print %q %d times:\n%s", want, n, p.output())
		}
	}
}

// stop sends SIGTERM and waits for the exit (killing it after 30 s).
func (p *proc) stop(t *testing.T) {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
		t.Errorf("did not stop on SIGTERM:\n%s", p.output())
	}
}

func secretVars(extra ...string) []string {
	env := []string{"BRIEFBOT_LOG_LEVEL=debug"}
	for k, v := range secretEnv {
		env = append(env, k+"="+v)
	}
	return append(env, extra...)
}

func withPassword(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), dbPassword)
	return u.String()
}

// checkNoSecrets fails the test if out holds any secret, whole, escaped
// or in part.
func checkNoSecrets(t *testing.T, out string) {
	t.Helper()
	forms := []string{secretMarker, dbPassword, url.QueryEscape(dbPassword), url.PathEscape(dbPassword),
		url.UserPassword("u", dbPassword).String()[2:]}
	for _, v := range secretEnv {
		forms = append(forms, v)
	}
	for _, f := range forms {
		for i, line := range strings.Split(out, "\n") {
			if strings.Contains(line, f) {
				t.Errorf("line %d leaks a secret (%q): %s", i+1, f, line)
			}
		}
	}
}

func TestNoSecretsInLogsWhenTheDatabaseIsUnreachable(t *testing.T) {
	closed := freeAddr(t)
	for name, db := range map[string]string{
		"URL":     "postgres://briefbot:" + url.QueryEscape(dbPassword) + "@" + closed + "/briefbot?sslmode=disable&connect_timeout=2",
		"Keyword": "host=127.0.0.1 port=" + strings.Split(closed, ":")[1] + " user=briefbot password='" + dbPassword + "' dbname=briefbot sslmode=disable",
		// url.Parse misreads this one (the '#' starts a fragment).
		"Unescaped": "postgres://briefbot:pa#" + secretMarker + "@" + closed + "/briefbot?sslmode=disable",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := startProc(t, secretVars("BRIEFBOT_DATABASE_URL="+db, "BRIEFBOT_HTTP_ADDR="+freeAddr(t)), "serve")
			p.waitFor(t, "database not reachable yet", 2)
			p.stop(t)
			ask := startProc(t, secretVars("BRIEFBOT_DATABASE_URL="+db), "ask", "/brief gsomia")
			<-ask.exited
			if out := ask.output(); !strings.Contains(out, "cannot reach database") && !strings.Contains(out, "failed to connect") {
				t.Errorf("ask does not say the database is unreachable:\n%s", ask.output())
			}
			checkNoSecrets(t, p.output()+ask.output())
		})
	}
}

func TestNoSecretsInLogsWhileServing(t *testing.T) {
	sl := slackfake.New(t) // it knows another bot token: every Web API call fails with invalid_auth
	dc := discordfake.New(t)
	dc.Fail("GET", "/api/v9/gateway", http.StatusBadGateway, 1000) // the gateway never opens; the adapter retries
	signer := discordfake.NewSigner()
	addr := freeAddr(t)
	db := withPassword(t, storagetest.PostgresURL(t))
	p := startProc(t, secretVars("BRIEFBOT_DATABASE_URL="+db, "BRIEFBOT_HTTP_ADDR="+addr, "SLACK_APP_TOKEN=",
		"SLACK_API_URL="+sl.APIURL(), "DISCORD_APP_ID=200", "DISCORD_PUBLIC_KEY="+signer.PublicKey(),
		"DISCORD_API_URL="+dc.URL), "serve")
	p.waitFor(t, "briefbot serving", 1)
	base := "http://" + addr
	exerciseAPI(t, base)
	exerciseSlack(t, base, sl)
	exerciseDiscord(t, base, signer)
	p.waitFor(t, "invalid_auth", 1) // a failed Web API call was logged
	p.stop(t)
	out := p.output()
	for _, want := range []string{"slack request refused", "level=DEBUG"} {
		if !strings.Contains(out, want) {
			t.Errorf("the run did not exercise %q:\n%s", want, out)
		}
	}
	checkNoSecrets(t, out)
	demo := startProc(t, secretVars("BRIEFBOT_DATABASE_URL="+db), "demo") // prints where it stored the sample
	<-demo.exited
	if !strings.Contains(demo.output(), "Sample news") {
		t.Errorf("demo:\n%s", demo.output())
	}
	checkNoSecrets(t, demo.output())
}

func TestNoSecretsInLogsWhenCredentialsAreRefused(t *testing.T) {
	sl := slackfake.New(t) // refuses our app token
	p := startProc(t, secretVars("BRIEFBOT_DATABASE_URL="+storagetest.SQLiteURL(t), "BRIEFBOT_HTTP_ADDR="+freeAddr(t),
		"SLACK_API_URL="+sl.APIURL(), "DISCORD_BOT_TOKEN=", "DISCORD_PUBLIC_KEY="), "serve")
	<-p.exited
	if p.cmd.ProcessState.ExitCode() == 0 {
		t.Errorf("serve went on with a refused app token:\n%s", p.output())
	}
	dc := discordfake.New(t)
	dc.Fail("PUT", "/api/v9/applications/200/commands", http.StatusUnauthorized, 10)
	q := startProc(t, secretVars("BRIEFBOT_DATABASE_URL="+storagetest.SQLiteURL(t), "BRIEFBOT_HTTP_ADDR="+freeAddr(t),
		"SLACK_BOT_TOKEN=", "SLACK_APP_TOKEN=", "SLACK_SIGNING_SECRET=", "DISCORD_APP_ID=200", "DISCORD_API_URL="+dc.URL), "serve")
	<-q.exited
	if q.cmd.ProcessState.ExitCode() == 0 {
		t.Errorf("serve went on with a refused Discord token:\n%s", q.output())
	}
	checkNoSecrets(t, p.output()+q.output())
}

func get(t *testing.T, url, token string) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func exerciseAPI(t *testing.T, base string) {
	t.Helper()
	tok := secretEnv["BRIEFBOT_API_TOKEN"]
	for _, c := range []struct {
		path, token string
		want        int
	}{
		{"/api/v1/brief?topic=gsomia", "", 401}, {"/api/v1/brief?topic=gsomia", tok + "x", 401},
		{"/api/v1/brief?topic=gsomia", tok, 200}, {"/api/v1/brief?topic=", tok, 400},
		{"/metrics", "", 401}, {"/metrics", tok, 200},
	} {
		if got := get(t, base+c.path, c.token); got != c.want {
			t.Errorf("GET %s (token %v): %d, want %d", c.path, c.token != "", got, c.want)
		}
	}
}

func exerciseSlack(t *testing.T, base string, sl *slackfake.Server) {
	t.Helper()
	secret := secretEnv["SLACK_SIGNING_SECRET"]
	post := func(path, secret string, at time.Time, ct string, body []byte) int {
		req, err := slackfake.NewSignedRequest(context.Background(), base+path, secret, at, ct, body)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	form := func(cmd, text string) []byte {
		return []byte(slackfake.CommandForm(cmd, text, "C1", "U1", sl.ResponseURL()).Encode())
	}
	const ct = "application/x-www-form-urlencoded"
	if got := post("/slack/commands", "wrong-secret", time.Now(), ct, form("/brief", "gsomia")); got != 401 {
		t.Errorf("badly signed command: %d", got)
	}
	if got := post("/slack/commands", secret, time.Now().Add(-10*time.Minute), ct, form("/brief", "gsomia")); got != 401 {
		t.Errorf("replayed command: %d", got)
	}
	for _, c := range [][2]string{{"/brief", "gsomia"}, {"/digest", "daily 09:00"}, {"/watch", "gsomia"}} {
		if got := post("/slack/commands", secret, time.Now(), ct, form(c[0], c[1])); got != 200 {
			t.Errorf("signed %s: %d", c[0], got)
		}
	}
	ev := slackfake.EventCallback("Ev1", map[string]any{"type": "app_mention", "user": "U1", "channel": "C1",
		"text": "<@U0BOT> brief gsomia", "ts": "1.2"})
	if got := post("/slack/events", secret, time.Now(), "application/json", ev); got != 200 {
		t.Errorf("signed event: %d", got)
	}
}

func exerciseDiscord(t *testing.T, base string, signer *discordfake.Signer) {
	t.Helper()
	body := discordfake.Interaction{ID: "1", AppID: "200", Token: "itok", Type: discordfake.Command, ChannelID: "55",
		GuildID: "66", UserID: "77", Username: "ana", Command: "brief",
		Options: []discordfake.Option{{Name: "topic", Value: "gsomia"}}}.JSON()
	other := discordfake.NewSigner()
	for _, c := range []struct {
		req  *http.Request
		want int
	}{
		{other.Request(base+"/discord/interactions", body, time.Now()), 401},
		{signer.Request(base+"/discord/interactions", body, time.Now().Add(-time.Hour)), 401},
		{signer.Request(base+"/discord/interactions", body, time.Now()), 200},
	} {
		resp, err := http.DefaultClient.Do(c.req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("discord interaction: %d, want %d", resp.StatusCode, c.want)
		}
	}
}

// serve refuses an API token short enough to guess (the API takes the
// token on every request, with no limit on wrong ones), naming the setting
// and what to use; it says so before opening anything.
func TestServeRefusesAShortAPIToken(t *testing.T) {
	dir := t.TempDir()
	r := briefbotWith(t, dir, dir+"/s.db", []string{"BRIEFBOT_API_TOKEN=hunter2", "BRIEFBOT_HTTP_ADDR=127.0.0.1:0"}, "serve")
	if r.code == 0 || !strings.Contains(r.stderr, "BRIEFBOT_API_TOKEN is 7 characters; use at least 16") || strings.Contains(r.stderr, "hunter2") {
		t.Errorf("serve with a 7-character token: exit %d\n%s", r.code, r.stderr)
	}
}
