package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/adapters/slack/slackfake"
)

type healthBody struct {
	Status   string            `json:"status"`
	Adapters map[string]string `json:"adapters"`
}

func getHealth(t *testing.T, base string) healthBody {
	t.Helper()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h healthBody
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz: %d %v", resp.StatusCode, err)
	}
	return h
}

// waitHealth polls /healthz until cond holds.
func waitHealth(t *testing.T, base string, what string, cond func(healthBody) bool) healthBody {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		h := getHealth(t, base)
		if cond(h) {
			return h
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never showed %s; last %+v", what, h)
		}
	}
}

// Issue 18 acceptance 2: Discord refusing the command registration
// stops the Discord adapter only; Slack keeps answering, /healthz says
// which adapter is down, and with
// BRIEFBOT_LOG_FORMAT=json every log line is JSON.
func TestServeKeepsSlackWhenDiscordRefusesTheCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ind.db")
	ingestSampleInto(t, dir, db)
	sf := slackfake.New(t)
	df := discordfake.New(t)
	df.Fail("PUT", "/api/v9/applications/200/commands", http.StatusBadRequest, 100)
	signer := discordfake.NewSigner()
	srv := startSlackServe(t, dir, db, "BRIEFBOT_LOG_FORMAT=json",
		"SLACK_BOT_TOKEN="+slackfake.BotToken, "SLACK_SIGNING_SECRET="+slackSecret, "SLACK_API_URL="+sf.APIURL(),
		"DISCORD_BOT_TOKEN=e2e-token", "DISCORD_APP_ID=200", "DISCORD_PUBLIC_KEY="+signer.PublicKey(), "DISCORD_API_URL="+df.URL)

	h := waitHealth(t, srv.url, "discord down", func(h healthBody) bool { return strings.HasPrefix(h.Adapters["discord"], "down") })
	if h.Status != "degraded" || h.Adapters["slack"] != "up" || !strings.Contains(h.Adapters["discord"], "registering the commands") {
		t.Fatalf("/healthz after a refused registration: %+v", h)
	}
	checkSlackGSOMIA(t, srv.ask(t, sf, "/brief", "gsomia"))

	srv.stop(t)
	out := srv.output()
	failures := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("BRIEFBOT_LOG_FORMAT=json, but a line is not JSON: %q", line)
			continue
		}
		if msg, _ := rec["msg"].(string); strings.Contains(msg, "registering the commands") {
			failures++
			if strings.Contains(msg, "discord: discord:") {
				t.Errorf("doubled prefix: %q", msg)
			}
		}
	}
	if failures != 1 {
		t.Errorf("%d log lines about the refused registration, want 1:\n%s", failures, out)
	}
}

// A refused SLACK_APP_TOKEN with Discord also configured: Slack goes
// down with one line naming SLACK_APP_TOKEN and Discord keeps serving.
// With Slack alone, serve stops with that line.
func TestServeRefusedSlackAppToken(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "tok.db")
	sf := slackfake.New(t)
	df := discordfake.New(t)
	signer := discordfake.NewSigner()
	srv := startSlackServe(t, dir, db,
		"SLACK_BOT_TOKEN="+slackfake.BotToken, "SLACK_APP_TOKEN=xapp-revoked", "SLACK_API_URL="+sf.APIURL(),
		"DISCORD_BOT_TOKEN=e2e-token", "DISCORD_APP_ID=200", "DISCORD_PUBLIC_KEY="+signer.PublicKey(), "DISCORD_API_URL="+df.URL)
	h := waitHealth(t, srv.url, "slack down", func(h healthBody) bool { return strings.HasPrefix(h.Adapters["slack"], "down") })
	if h.Adapters["discord"] != "up" || !strings.Contains(h.Adapters["slack"], "SLACK_APP_TOKEN") {
		t.Fatalf("/healthz: %+v", h)
	}
	if sf.Dialed() != 0 {
		t.Errorf("Socket Mode dialed with a refused token")
	}
	srv.stop(t)
	if n := strings.Count(srv.output(), "SLACK_APP_TOKEN"); n != 1 {
		t.Errorf("SLACK_APP_TOKEN named %d times, want one line:\n%s", n, srv.output())
	}

	// Slack alone: serve stops, and says why in one line.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "serve")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+db, "BRIEFBOT_HTTP_ADDR="+freeAddr(t), "BRIEFBOT_LOG_LEVEL=warn",
		"SLACK_BOT_TOKEN="+slackfake.BotToken, "SLACK_APP_TOKEN=xapp-revoked", "SLACK_API_URL="+sf.APIURL())
	out, err := cmd.CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err == nil || ctx.Err() != nil || len(lines) != 1 || !strings.Contains(lines[0], "SLACK_APP_TOKEN") {
		t.Fatalf("serve with only a refused Slack adapter: %v, output:\n%s", err, out)
	}
}

// A bad Discord token: one clean line, no shutdown noise.
func TestServeRefusedDiscordTokenOneLine(t *testing.T) {
	dir := t.TempDir()
	df := discordfake.New(t)
	df.RefuseToken("bad-token")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "serve")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+filepath.Join(dir, "d.db"), "BRIEFBOT_HTTP_ADDR="+freeAddr(t),
		"BRIEFBOT_LOG_LEVEL=warn", "DISCORD_BOT_TOKEN=bad-token", "DISCORD_APP_ID=200", "DISCORD_API_URL="+df.URL)
	out, err := cmd.CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err == nil || ctx.Err() != nil || len(lines) != 1 || !strings.Contains(lines[0], "DISCORD_BOT_TOKEN") ||
		strings.Contains(lines[0], "discord: discord:") {
		t.Fatalf("serve with a refused Discord token: %v, output:\n%s", err, out)
	}
}

// BRIEFBOT_LOG_FORMAT=json holds for discordgo's own lines too (a dropped
// gateway connection makes it log), and for the resume that follows.
func TestServeJSONLogsIncludeDiscordgo(t *testing.T) {
	dir := t.TempDir()
	df := discordfake.New(t)
	srv := startSlackServe(t, dir, filepath.Join(dir, "j.db"), "BRIEFBOT_LOG_FORMAT=json", "BRIEFBOT_LOG_LEVEL=debug",
		"DISCORD_BOT_TOKEN=e2e-token", "DISCORD_APP_ID=200", "DISCORD_API_URL="+df.URL)
	df.Wait(t, 20*time.Second, "the gateway session", df.Connected)
	df.Drop()
	df.Wait(t, 20*time.Second, "a resumed session", func() bool { return len(df.Sessions()) == 2 && df.Connected() })
	srv.stop(t)
	fromLib := 0
	for _, line := range strings.Split(strings.TrimSpace(srv.output()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("not JSON: %q", line)
		} else if rec["source"] == "discordgo" {
			fromLib++
		}
	}
	if fromLib == 0 {
		t.Errorf("no discordgo line in the log:\n%s", srv.output())
	}
}
