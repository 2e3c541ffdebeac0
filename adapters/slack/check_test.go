package slack

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A token Slack refuses stops Run at once with one line naming the
// variable to fix, whether Slack says so with ok:false or with a 401.
func TestRunStopsOnARefusedTokenNamingTheVariable(t *testing.T) {
	for _, c := range []struct {
		name      string
		mod       func(*Config)
		status    int
		variable  string
		wantCalls string
	}{
		{"bad bot token", func(c *Config) { c.BotToken = "xoxb-revoked" }, 0, "SLACK_BOT_TOKEN", "auth.test"},
		{"bad bot token, 401", func(c *Config) { c.BotToken = "xoxb-revoked" }, http.StatusUnauthorized, "SLACK_BOT_TOKEN", "auth.test"},
		{"bad app token", func(c *Config) { c.AppToken = "xapp-revoked" }, 0, "SLACK_APP_TOKEN", "auth.test apps.connections.open"},
		{"bad app token, 401", func(c *Config) { c.AppToken = "xapp-revoked" }, http.StatusUnauthorized, "SLACK_APP_TOKEN", "auth.test apps.connections.open"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, c.mod)
			if c.status != 0 {
				w.fake.RefuseWithStatus(c.status)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := w.a.Run(ctx, w.h)
			if err == nil || !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), c.variable) ||
				strings.Contains(err.Error(), "\n") || ctx.Err() != nil {
				t.Fatalf("Run = %v; want at once one line naming %s", err, c.variable)
			}
			var methods []string
			for _, call := range w.fake.Calls("") {
				methods = append(methods, call.Method)
			}
			if got := strings.Join(methods, " "); got != c.wantCalls {
				t.Errorf("calls %q, want %q (no retries)", got, c.wantCalls)
			}
			if w.fake.Dialed() != 0 {
				t.Errorf("a socket was dialed with a refused token")
			}
		})
	}
}

// An unreachable Slack is not a refused token: Run goes on (and returns
// nil when stopped).
func TestCheckDoesNotBlameTheTokenForAnUnreachableSlack(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	w := newWorld(t, func(c *Config) { c.APIURL = "http://" + addr + "/api/" })
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := w.a.Run(ctx, w.h); err != nil {
		t.Fatalf("Run with Slack unreachable = %v, want nil after ctx ends", err)
	}
	if n := len(w.fake.Calls("")); n != 0 {
		t.Fatalf("%d calls reached the fake", n)
	}
}
