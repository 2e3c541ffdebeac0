package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
)

// discordServe is a `briefbot serve` subprocess.
type discordServe struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr bytes.Buffer
	ready  chan struct{}
	done   chan error
	once   sync.Once
}

func (s *discordServe) logs() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// startDiscordServe runs `briefbot serve` in dir on a free port with the
// extra environment, and waits until it serves. It returns the server's
// base URL; the process is stopped (SIGTERM) at cleanup if still running.
func startDiscordServe(t *testing.T, dir, db string, extra ...string) (*discordServe, string) {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(binary, "serve")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+db, "BRIEFBOT_HTTP_ADDR="+addr, "BRIEFBOT_LOG_LEVEL=info")
	cmd.Env = append(cmd.Env, extra...)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &discordServe{cmd: cmd, ready: make(chan struct{}), done: make(chan error, 1)}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go s.readLogs(pipe)
	t.Cleanup(func() { s.stop(t) })
	select {
	case <-s.ready:
	case err := <-s.done:
		s.once.Do(func() {}) // nothing left to stop
		t.Fatalf("serve exited (%v):\n%s", err, s.logs())
	case <-time.After(30 * time.Second):
		t.Fatalf("serve not ready:\n%s", s.logs())
	}
	return s, "http://" + addr
}

// readLogs keeps stderr and signals ready at the "briefbot serving" line.
func (s *discordServe) readLogs(r io.Reader) {
	sc := bufio.NewScanner(r)
	once := sync.Once{}
	for sc.Scan() {
		s.mu.Lock()
		s.stderr.WriteString(sc.Text() + "\n")
		s.mu.Unlock()
		if strings.Contains(sc.Text(), "briefbot serving") {
			once.Do(func() { close(s.ready) })
		}
	}
	s.done <- s.cmd.Wait()
}

// stop sends SIGTERM and waits, once; serve must exit 0.
func (s *discordServe) stop(t *testing.T) {
	s.once.Do(func() { s.terminate(t) })
}

func (s *discordServe) terminate(t *testing.T) {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v\n%s", err, s.logs())
		}
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		t.Errorf("serve did not stop on SIGTERM:\n%s", s.logs())
	}
}

// discordPost sends a signed (or not) interaction and decodes the answer.
func discordPost(t *testing.T, r *http.Request) (int, discordResponse) {
	t.Helper()
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out discordResponse
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatalf("response %s: %v", body, err)
		}
	}
	out.raw = string(body)
	return resp.StatusCode, out
}

type discordResponse struct {
	Type int                 `json:"type"`
	Data discordfake.Message `json:"data"`
	raw  string
}

func discordEmbedText(m discordfake.Message) string {
	var b strings.Builder
	for _, e := range m.Embeds {
		b.WriteString(e.Title + "\n" + e.Description + "\n")
	}
	return b.String()
}

// discordCommand is a /name interaction in channel ch of guild 66.
func discordCommand(id, ch, name string, opts ...discordfake.Option) discordfake.Interaction {
	return discordfake.Interaction{ID: id, AppID: "200", Token: "tok-" + id, Type: discordfake.Command,
		ChannelID: ch, GuildID: "66", UserID: "77", Username: "ana", Command: name, Options: opts}
}

func TestDiscordServeEndToEnd(t *testing.T) {
	fake := discordfake.New(t)
	signer := discordfake.NewSigner()
	dir := t.TempDir()
	db := filepath.Join(dir, "discord.db")
	if r := briefbot(t, dir, db, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	srv, base := startDiscordServe(t, dir, db, "DISCORD_PUBLIC_KEY="+signer.PublicKey(), "DISCORD_APP_ID=200",
		"DISCORD_BOT_TOKEN=e2e-token", "DISCORD_API_URL="+fake.URL, "DISCORD_GUILD_ID=")
	url := base + "/discord/interactions"
	fake.Wait(t, 10*time.Second, "the command registration", func() bool {
		return len(fake.CallsTo("PUT", "/api/v9/applications/200/commands")) == 1
	})

	t.Run("ping", func(t *testing.T) {
		ping := discordfake.Interaction{ID: "1", AppID: "200", Token: "p", Type: discordfake.Ping}
		if code, resp := discordPost(t, signer.Request(url, ping.JSON(), time.Now())); code != 200 || strings.TrimSpace(resp.raw) != `{"type":1}` {
			t.Fatalf("PING: %d %s", code, resp.raw)
		}
	})
	t.Run("bad signature", func(t *testing.T) {
		before := len(fake.Calls())
		forged := discordCommand("2", "55", "watch", discordfake.Option{Name: "topic", Value: "forged"})
		if code, _ := discordPost(t, discordfake.NewSigner().Request(url, forged.JSON(), time.Now())); code != 401 {
			t.Fatalf("bad signature: %d", code)
		}
		if code, _ := discordPost(t, signer.Request(url, forged.JSON(), time.Now().Add(-10*time.Minute))); code != 401 {
			t.Fatalf("stale timestamp: %d", code)
		}
		if after := len(fake.Calls()); after != before {
			t.Errorf("refused interactions sent %d requests to Discord", after-before)
		}
		if r := briefbot(t, dir, db, "ask", "--platform", "discord", "--channel", "55", "/watching"); !strings.Contains(r.stdout, "watches no topics") {
			t.Errorf("refused interaction stored something: %s%s", r.stdout, r.stderr)
		}
	})
	t.Run("brief over HTTP", func(t *testing.T) {
		i := discordCommand("3", "55", "brief", discordfake.Option{Name: "topic", Value: "gsomia"})
		code, resp := discordPost(t, signer.Request(url, i.JSON(), time.Now()))
		if code != 200 || (resp.Type != 4 && resp.Type != 5) {
			t.Fatalf("brief: %d %s", code, resp.raw)
		}
		answer := resp.Data
		if resp.Type == 5 { // deferred: the reply comes as an edit through the webhook endpoint
			fake.Wait(t, 10*time.Second, "the deferred reply", func() bool { return len(discordSentFor(fake, i.Token)) > 0 })
			answer = discordSentFor(fake, i.Token)[0].Message
		}
		text := discordEmbedText(answer)
		if !strings.Contains(text, titleAug) || !strings.Contains(text, titleNov) || !answer.PingsNobody() {
			t.Errorf("answer (type %d) lacks a GSOMIA title or mentions are allowed:\n%s", resp.Type, text)
		}
	})
	// With a public key Discord sends interactions to the endpoint only:
	// no gateway is opened. Without one, they come over the gateway.
	if n := len(fake.Sessions()); n != 0 {
		t.Errorf("HTTP interactions mode opened %d gateway sessions", n)
	}
	srv.stop(t)
	srv, _ = startDiscordServe(t, dir, db, "DISCORD_APP_ID=200",
		"DISCORD_BOT_TOKEN=e2e-token", "DISCORD_API_URL="+fake.URL, "DISCORD_GUILD_ID=")
	fake.Wait(t, 10*time.Second, "the gateway session", fake.Connected)
	t.Run("watch over the gateway", func(t *testing.T) {
		i := discordCommand("4", "56", "watch", discordfake.Option{Name: "topic", Value: "gsomia"})
		if err := fake.Dispatch("INTERACTION_CREATE", i.Payload()); err != nil {
			t.Fatal(err)
		}
		fake.Wait(t, 10*time.Second, "the callback", func() bool { return len(discordSentFor(fake, i.Token)) > 0 })
		if cb := discordSentFor(fake, i.Token)[0]; cb.Kind != "callback" || !strings.Contains(cb.Message.Content, "Now watching") {
			t.Errorf("callback: %+v", cb)
		}
		if r := briefbot(t, dir, db, "ask", "--platform", "discord", "--channel", "56", "/watching"); !strings.Contains(r.stdout, "gsomia") {
			t.Errorf("watch not stored: %s%s", r.stdout, r.stderr)
		}
	})
	puts := fake.CallsTo("PUT", "/api/v9/applications/200/commands")
	if len(puts) != 2 || !strings.Contains(string(puts[0].Body), `"name":"unwatch"`) || !strings.Contains(string(puts[0].Body), `"name":"digest"`) {
		t.Errorf("bulk overwrites: %d; want one per start with the router's commands", len(puts))
	}
	srv.stop(t)
}

func discordSentFor(f *discordfake.Server, token string) []discordfake.Sent {
	var out []discordfake.Sent
	for _, s := range f.Sent() {
		if s.Token == token {
			out = append(out, s)
		}
	}
	return out
}
