package discord_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// A bot token Discord refuses stops Run at once, with one line naming
// DISCORD_BOT_TOKEN, before any registration or gateway connection.
func TestRunStopsOnARefusedTokenNamingTheVariable(t *testing.T) {
	w := newWorld(t)
	w.fake.RefuseToken("test-token")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := w.adapter(t, nil).Run(ctx, w.router)
	if err == nil || !errors.Is(err, discord.ErrRefused) || !strings.Contains(err.Error(), "DISCORD_BOT_TOKEN") ||
		strings.Contains(err.Error(), "\n") || strings.Count(err.Error(), "discord:") != 1 {
		t.Fatalf("Run = %q; want one line naming DISCORD_BOT_TOKEN", err)
	}
	if n := len(w.fake.CallsTo("PUT", "/api/v9/applications/.*")); n != 0 || len(w.fake.Sessions()) != 0 {
		t.Errorf("after a refused token: %d registrations, %d gateway sessions", n, len(w.fake.Sessions()))
	}
}

// With a public key, interactions come over HTTP: the commands are
// registered but no gateway is opened.
func TestHTTPModeOpensNoGateway(t *testing.T) {
	w := newWorld(t)
	run(t, w.httpAdapter(t, nil), w.router)
	w.fake.Wait(t, waitFor, "the registration", func() bool {
		return len(w.fake.CallsTo("PUT", "/api/v9/applications/200/commands")) == 1
	})
	time.Sleep(100 * time.Millisecond)
	if n := len(w.fake.CallsTo("GET", "/api/v9/gateway")); n != 0 || len(w.fake.Sessions()) != 0 {
		t.Fatalf("HTTP mode asked for the gateway %d times and opened %d sessions", n, len(w.fake.Sessions()))
	}
}

// syncBuffer is briefingtest.LogBuffer: goroutines log to it while the test reads.
type syncBuffer = briefingtest.LogBuffer

// discordgo's own log lines (a dropped connection) arrive through slog:
// with a JSON handler every line is JSON.
func TestLibraryLogsGoThroughSlog(t *testing.T) {
	w := newWorld(t)
	var out syncBuffer
	log := slog.New(slog.NewJSONHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	run(t, w.adapter(t, func(c *discord.Config) { c.Logger = log }), w.router)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)
	w.fake.Drop()
	w.fake.Wait(t, waitFor, "a second session", func() bool { return len(w.fake.Sessions()) == 2 && w.fake.Connected() })
	fromLib := 0
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("a log line is not JSON: %q", line)
		}
		if rec["source"] == "discordgo" {
			fromLib++
			if rec["msg"] == "" {
				t.Errorf("empty discordgo line: %v", rec)
			}
		}
	}
	if fromLib == 0 {
		t.Fatalf("no discordgo line reached slog:\n%s", out.String())
	}
}
