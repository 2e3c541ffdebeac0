package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
)

// Issue 18 item 4, through serve: after Discord sends op 7 RECONNECT on
// the gateway, serve resumes its session (op 6, same session id) on the
// resume_gateway_url that READY named, not on the URL GET /gateway gave
// for the first connection, and slash commands over the gateway are still
// answered. discordgo v0.28.1 alone resumes on the first URL ("/gw/"), so
// the path check below fails without the adapter's resumer.
func TestDiscordServeResumesOnTheResumeURLAfterOp7(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "resume.db")
	ingestSampleInto(t, dir, db)
	fake := discordfake.New(t)
	srv, _ := startDiscordServe(t, dir, db, "DISCORD_APP_ID=200", "DISCORD_BOT_TOKEN=e2e-token",
		"DISCORD_API_URL="+fake.URL, "DISCORD_GUILD_ID=")
	defer srv.stop(t)

	fake.Wait(t, 10*time.Second, "the gateway session", fake.Connected)
	first := fake.Sessions()
	if len(first) != 1 || first[0].Op != 2 || first[0].Path != "/gw/" || first[0].Token != "Bot e2e-token" {
		t.Fatalf("first handshakes %+v; want one IDENTIFY on /gw/", first)
	}

	if err := fake.Reconnect(); err != nil {
		t.Fatal(err)
	}
	fake.Wait(t, 20*time.Second, "a second handshake after op 7", func() bool {
		return len(fake.Sessions()) >= 2 && fake.Connected()
	})
	after := fake.Sessions()
	if len(after) != 2 {
		t.Fatalf("handshakes after op 7: %+v; want exactly one more", after)
	}
	if s := after[1]; s.Op != 6 || s.SessionID != first[0].SessionID || s.Path != discordfake.ResumePath {
		t.Fatalf("after op 7: %+v; want a RESUME (op 6) of %s on %s, the READY's resume_gateway_url",
			s, first[0].SessionID, discordfake.ResumePath)
	}

	// A command over the resumed connection is answered.
	i := discordCommand("1801", "58", "watch", discordfake.Option{Name: "topic", Value: "gsomia"})
	if err := fake.Dispatch("INTERACTION_CREATE", i.Payload()); err != nil {
		t.Fatal(err)
	}
	fake.Wait(t, 10*time.Second, "the answer after resuming", func() bool { return len(discordSentFor(fake, i.Token)) > 0 })
	if cb := discordSentFor(fake, i.Token)[0]; cb.Kind != "callback" || !strings.Contains(cb.Message.Content, "Now watching") {
		t.Errorf("answer after resuming: %+v", cb)
	}
	if r := briefbot(t, dir, db, "ask", "--platform", "discord", "--channel", "58", "/watching"); !strings.Contains(r.stdout, "gsomia") {
		t.Errorf("watch after resuming not stored: %s%s", r.stdout, r.stderr)
	}
	// Resuming never went back to Discord for the gateway URL.
	if n := len(fake.CallsTo("GET", "/api/v9/gateway")); n != 1 {
		t.Errorf("GET /gateway reached Discord %d times; want 1 (the resume uses READY's URL)", n)
	}
}
