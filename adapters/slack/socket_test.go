package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
)

// runSocketWorld starts the adapter in Socket Mode against the fake and
// returns a stop function that cancels Run and returns its error.
func runSocketWorld(t *testing.T, appToken string) (*world, func() error) {
	t.Helper()
	w := newWorld(t, func(c *Config) { c.AppToken = appToken; c.SigningSecret = "" })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.a.Run(ctx, w.h) }()
	return w, func() error {
		cancel()
		return runResult(t, done)
	}
}

func runResult(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
		return nil
	}
}

// Acceptance 2: a slash command pushed over Socket Mode is acked within
// 3 s and the reply arrives.
func TestSocketModeSlashCommandIsAckedAndAnswered(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	w, stop := runSocketWorld(t, slackfake.AppToken)
	waitFor(t, w.fake, "a Socket Mode connection", func() bool { return w.fake.Connected() == 1 })

	env, err := w.fake.PushSlashCommand(slackfake.CommandForm("/brief", "gsomia", "C0GEN", "U0ALICE", w.fake.ResponseURL()))
	if err != nil {
		t.Fatal(err)
	}
	ack := waitAck(t, w.fake, env)
	reply := ack.Text()
	if reply == "" { // too slow or too big for the ack: it must come through response_url
		waitFor(t, w.fake, "the reply at response_url", func() bool { return len(w.fake.Responses()) > 0 })
		reply = w.fake.Responses()[0].Text()
	}
	for _, want := range []string{"Seoul ends intelligence pact with Tokyo as relations sour", "Seoul resists US pressure to keep GSOMIA alive"} {
		if !strings.Contains(slackfake.Visible(reply), want) {
			t.Errorf("reply lacks %q:\n%s", want, reply)
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("Run after cancel: %v", err)
	}
	w.fake.Close()
	w.srv.Close()
}

// waitAck waits for an envelope's ack for at most Slack's 3 s.
func waitAck(t *testing.T, f *slackfake.Server, env string) slackfake.Ack {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := f.Wait(ctx, func() bool { _, ok := f.AckFor(env); return ok }); err != nil {
		t.Fatalf("envelope %s not acked within 3 s: %v", env, err)
	}
	a, _ := f.AckFor(env)
	return a
}

// After Slack asks for a reconnect, or the socket drops, the adapter
// opens a new connection on its own and keeps answering.
func TestSocketModeReconnects(t *testing.T) {
	w, stop := runSocketWorld(t, slackfake.AppToken)
	defer stop()
	waitFor(t, w.fake, "a connection", func() bool { return w.fake.Connected() == 1 })
	if err := w.fake.Disconnect(); err != nil {
		t.Fatal(err)
	}
	// Dialed counts sockets ever accepted: once the second is in and only
	// one is open, the first is gone.
	waitFor(t, w.fake, "a second connection", func() bool { return w.fake.Dialed() == 2 && w.fake.Connected() == 1 })
	w.fake.DropConnections()
	waitFor(t, w.fake, "a third connection", func() bool { return w.fake.Dialed() == 3 && w.fake.Connected() == 1 })
	// One more open than connections: Check at start asks for a URL it
	// never dials, to learn whether the app token is accepted.
	if w.fake.Opened() != 4 {
		t.Errorf("apps.connections.open called %d times, want 4 (1 check + 3 connections)", w.fake.Opened())
	}
	env, err := w.fake.PushSlashCommand(slackfake.CommandForm("/watching", "", "C0GEN", "U0ALICE", w.fake.ResponseURL()))
	if err != nil {
		t.Fatal(err)
	}
	if a := waitAck(t, w.fake, env); !strings.Contains(a.Text(), "watches no topics") {
		t.Fatalf("ack after reconnecting: %s", a.Raw)
	}
}

func TestSocketModeRefusedTokenStopsRun(t *testing.T) {
	w := newWorld(t, func(c *Config) { c.AppToken = "xapp-revoked" })
	done := make(chan error, 1)
	go func() { done <- w.a.Run(context.Background(), w.h) }()
	if err := runResult(t, done); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Fatalf("Run = %v, want an invalid_auth error", err)
	}
}

func TestSocketModeEventsAreAckedAndDeduplicated(t *testing.T) {
	w, stop := runSocketWorld(t, slackfake.AppToken)
	defer stop()
	waitFor(t, w.fake, "a connection", func() bool { return w.fake.Connected() == 1 })
	ev := map[string]any{"type": "app_mention", "user": "U0ALICE", "text": "<@U0BOT> /brief gsomia",
		"ts": "1700000000.000200", "channel": "C0GEN", "event_ts": "1700000000.000200"}
	for range 2 { // Slack redelivers an event it thinks was lost
		env, err := w.fake.PushEvent("EvSock1", ev)
		if err != nil {
			t.Fatal(err)
		}
		waitAck(t, w.fake, env)
	}
	waitFor(t, w.fake, "the thread reply", func() bool { return len(w.fake.Posted()) >= 1 })
	w.a.work.Wait()
	if n := len(w.fake.Posted()); n != 1 || len(w.h.requests()) != 1 {
		t.Fatalf("%d posts and %d requests for one event", n, len(w.h.requests()))
	}
}
