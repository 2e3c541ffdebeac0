package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
)

const slackSecret = "e2e-signing-secret"

// slackServe is a `briefbot serve` subprocess talking to a fake Slack.
type slackServe struct {
	cmd  *exec.Cmd
	url  string
	mu   sync.Mutex
	logs bytes.Buffer
	done chan error
}

func (s *slackServe) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.Write(p)
}

func (s *slackServe) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

// startSlackServe runs `briefbot serve` on a free 127.0.0.1 port with the
// Slack keys in env, and waits until /healthz answers.
func startSlackServe(t *testing.T, dir, db string, env ...string) *slackServe {
	t.Helper()
	addr := freeAddr(t)
	s := &slackServe{url: "http://" + addr, done: make(chan error, 1)}
	s.cmd = exec.Command(binary, "serve")
	s.cmd.Dir = dir
	s.cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+db, "BRIEFBOT_HTTP_ADDR="+addr, "BRIEFBOT_LOG_LEVEL=info")
	s.cmd.Env = append(s.cmd.Env, env...)
	s.cmd.Stdout, s.cmd.Stderr = s, s
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() { s.stop(t) })
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(s.url + "/healthz"); err == nil {
			resp.Body.Close()
			return s
		}
		select {
		case err := <-s.done:
			s.done <- err
			t.Fatalf("serve exited (%v):\n%s", err, s.output())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not ready:\n%s", s.output())
		}
	}
}

// stop sends SIGTERM and waits; serve must exit 0.
func (s *slackServe) stop(t *testing.T) {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- err
		if err != nil {
			t.Errorf("serve after SIGTERM: %v\n%s", err, s.output())
		}
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		t.Errorf("serve did not stop on SIGTERM:\n%s", s.output())
	}
}

// slashCommand posts a slash command signed with secret at time at, with
// Slack's 3 s deadline as the client timeout.
func (s *slackServe) slashCommand(t *testing.T, secret string, at time.Time, form url.Values) (int, []byte) {
	t.Helper()
	body := []byte(form.Encode())
	req, err := slackfake.NewSignedRequest(context.Background(), s.url+"/slack/commands", secret, at, "application/x-www-form-urlencoded", body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Timeout: 3 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("slash command not answered within 3 s: %v\n%s", err, s.output())
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// ask sends a correctly signed command and returns its reply as Slack
// shows it: the response body, or what arrived at its response_url.
func (s *slackServe) ask(t *testing.T, fake *slackfake.Server, command, text string) string {
	t.Helper()
	form := slackfake.CommandForm(command, text, "C0E2E", "U0ALICE", fake.ResponseURL())
	code, body := s.slashCommand(t, slackSecret, time.Now(), form)
	if code != http.StatusOK {
		t.Fatalf("%s %s: status %d: %s", command, text, code, body)
	}
	return replyText(t, fake, form.Get("response_url"), body)
}

func ingestSampleInto(t *testing.T, dir, db string) {
	t.Helper()
	if r := briefbot(t, dir, db, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
}

// replyText is a slash command's reply as Slack shows it: the direct
// answer (a response body or ack payload) unless that is only a
// "working" note, else the posts to its response_url.
func replyText(t *testing.T, fake *slackfake.Server, responseURL string, direct []byte) string {
	t.Helper()
	if len(bytes.TrimSpace(direct)) > 0 {
		var m map[string]any
		if err := json.Unmarshal(direct, &m); err != nil {
			t.Fatalf("direct answer: %v\n%s", err, direct)
		}
		blocks, _ := json.Marshal(m["blocks"])
		text, _ := m["text"].(string)
		if shown := slackfake.Visible(strings.Join(append([]string{text}, slackfake.BlockTexts(string(blocks))...), "\n")); !strings.HasPrefix(shown, "Working on") {
			return shown
		}
	}
	path := strings.TrimPrefix(responseURL, fake.URL())
	mine := func() []string {
		var out []string
		for _, r := range fake.Responses() {
			if r.Path == path {
				out = append(out, slackfake.Visible(r.Text()))
			}
		}
		return out
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := fake.Wait(ctx, func() bool { return len(mine()) > 0 }); err != nil {
		t.Fatalf("no reply at response_url: %v", err)
	}
	return strings.Join(mine(), "\n")
}

// checkSlackGSOMIA checks a Slack briefing names both sample articles,
// August first, with their dates.
func checkSlackGSOMIA(t *testing.T, text string) {
	t.Helper()
	ia, ib := strings.Index(text, titleAug), strings.Index(text, titleNov)
	if ia < 0 || ib < 0 || ia > ib {
		t.Fatalf("briefing lacks the two GSOMIA articles in order:\n%s", text)
	}
	for _, d := range []string{"23 Aug 2019", "22 Nov 2019"} {
		if !strings.Contains(text, d) {
			t.Errorf("date %s missing:\n%s", d, text)
		}
	}
}

// Acceptance 1: over HTTP, a signed /brief gsomia is answered within 3 s
// with both GSOMIA articles; a wrong signature or a 6-minute-old
// timestamp gets 401, and nothing is posted or stored.
func TestSlackServeHTTPEndToEnd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "slack.db")
	ingestSampleInto(t, dir, db)
	fake := slackfake.New(t)
	srv := startSlackServe(t, dir, db, "SLACK_BOT_TOKEN="+slackfake.BotToken, "SLACK_SIGNING_SECRET="+slackSecret,
		"SLACK_API_URL="+fake.APIURL())

	watch := slackfake.CommandForm("/watch", "gsomia", "C0E2E", "U0ALICE", fake.ResponseURL())
	for name, send := range map[string]func() (int, []byte){
		"wrong signature": func() (int, []byte) { return srv.slashCommand(t, "wrong-secret", time.Now(), watch) },
		"6 minutes old":   func() (int, []byte) { return srv.slashCommand(t, slackSecret, time.Now().Add(-6*time.Minute), watch) },
	} {
		if code, b := send(); code != http.StatusUnauthorized {
			t.Errorf("%s: %d %s, want 401", name, code, b)
		}
	}
	// Commands run in order: had the refused /watch been stored, this
	// would list it.
	if text := srv.ask(t, fake, "/watching", ""); !strings.Contains(text, "watches no topics") {
		t.Fatalf("a refused /watch was stored; /watching says:\n%s", text)
	}
	// The one accepted command looked its user up; nothing else reached
	// the Web API but the start-up token check.
	if calls := fake.Calls(""); len(calls) != 2 || calls[0].Method != "auth.test" || calls[1].Method != "users.info" {
		t.Fatalf("refused requests reached Slack's Web API: %+v", calls)
	}
	for _, r := range fake.Responses() {
		if strings.Contains(r.Text(), "watching") && !strings.Contains(r.Text(), "watches no topics") {
			t.Fatalf("a refused request was answered: %s", r.Raw)
		}
	}

	text := srv.ask(t, fake, "/brief", "gsomia")
	checkSlackGSOMIA(t, text)
	if strings.Contains(text, "Kim Yo-jong") {
		t.Errorf("unrelated story in the briefing:\n%s", text)
	}
	srv.stop(t)
	checkNoWatches(t, db, briefing.Channel{Platform: "slack", ID: "C0E2E"})
}

// checkNoWatches reads the database itself: the channel watches nothing.
func checkNoWatches(t *testing.T, db string, ch briefing.Channel) {
	t.Helper()
	store, err := storage.Open(context.Background(), db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if ws, err := store.Watches(context.Background(), ch); err != nil || len(ws) != 0 {
		t.Fatalf("watches of %s after refused requests: %+v %v", ch, ws, err)
	}
}

// Acceptance 2: the same command pushed over Socket Mode is acked within
// 3 s and the reply arrives; serve then stops cleanly on SIGTERM.
func TestSlackServeSocketModeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "socket.db")
	ingestSampleInto(t, dir, db)
	fake := slackfake.New(t)
	srv := startSlackServe(t, dir, db, "SLACK_BOT_TOKEN="+slackfake.BotToken, "SLACK_APP_TOKEN="+slackfake.AppToken,
		"SLACK_API_URL="+fake.APIURL(), "SLACK_BRIEF_VISIBILITY=ephemeral")
	wait := func(what string, d time.Duration, cond func() bool) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		if err := fake.Wait(ctx, cond); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, srv.output())
		}
	}
	wait("a Socket Mode connection", 30*time.Second, func() bool { return fake.Connected() == 1 })

	form := slackfake.CommandForm("/brief", "gsomia", "C0E2E", "U0ALICE", fake.ResponseURL())
	env, err := fake.PushSlashCommand(form)
	if err != nil {
		t.Fatal(err)
	}
	wait("the ack, within Slack's 3 s", 3*time.Second, func() bool { _, ok := fake.AckFor(env); return ok })
	ack, _ := fake.AckFor(env)
	var direct []byte
	if ack.Payload != nil {
		direct, _ = json.Marshal(ack.Payload)
		if ack.Payload["response_type"] != "ephemeral" {
			t.Errorf("SLACK_BRIEF_VISIBILITY=ephemeral, but the reply is %v", ack.Payload["response_type"])
		}
	}
	checkSlackGSOMIA(t, replyText(t, fake, form.Get("response_url"), direct))
	srv.stop(t)
	wait("the socket to close after SIGTERM", 10*time.Second, func() bool { return fake.Connected() == 0 })
}

// A revoked app token stops serve with an error naming the cause, rather
// than retrying forever.
func TestSlackServeRefusedAppTokenExits(t *testing.T) {
	dir := t.TempDir()
	fake := slackfake.New(t)
	addr := freeAddr(t)
	cmd := exec.Command(binary, "serve")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+filepath.Join(dir, "r.db"), "BRIEFBOT_HTTP_ADDR="+addr,
		"SLACK_BOT_TOKEN="+slackfake.BotToken, "SLACK_APP_TOKEN=xapp-revoked", "SLACK_API_URL="+fake.APIURL())
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("serve kept running with a refused app token")
	}
	if err == nil || !strings.Contains(string(out), "invalid_auth") {
		t.Fatalf("exit %v, output:\n%s", err, out)
	}
}
