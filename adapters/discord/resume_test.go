package discord_test

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
)

// After op 7 RECONNECT the session is resumed (op 6, same session) on
// READY's resume_gateway_url, not on the URL of the first GET /gateway,
// and interactions keep being answered.
func TestGatewayResumesOnTheResumeURLAfterOp7(t *testing.T) {
	w := newWorld(t)
	run(t, w.adapter(t, nil), w.router)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)
	if s := w.fake.Sessions()[0]; s.Op != 2 || s.Path != "/gw/" {
		t.Fatalf("first handshake %+v, want IDENTIFY on /gw/", s)
	}
	if err := w.fake.Reconnect(); err != nil {
		t.Fatal(err)
	}
	w.fake.Wait(t, waitFor, "a resumed session", func() bool { return len(w.fake.Sessions()) == 2 && w.fake.Connected() })
	if s := w.fake.Sessions()[1]; s.Op != 6 || s.SessionID != "fake-session-1" || s.Path != discordfake.ResumePath {
		t.Fatalf("after op 7: %+v, want a RESUME of fake-session-1 on %s", s, discordfake.ResumePath)
	}
	if err := w.fake.Dispatch("INTERACTION_CREATE", command("610", "watching").Payload()); err != nil {
		t.Fatal(err)
	}
	if sent := w.waitSent(t, "tok-610", 1)[0]; !strings.Contains(sent.Message.Content, "watches no topics") {
		t.Errorf("answer after resuming: %+v", sent)
	}
	// A second drop resumes on the resume URL again; discovery asked
	// Discord only once in all.
	w.fake.Drop()
	w.fake.Wait(t, waitFor, "a third session", func() bool { return len(w.fake.Sessions()) == 3 && w.fake.Connected() })
	if s := w.fake.Sessions()[2]; s.Op != 6 || s.Path != discordfake.ResumePath {
		t.Errorf("after a drop: %+v", s)
	}
	if n := len(w.fake.CallsTo("GET", "/api/v9/gateway")); n != 1 {
		t.Errorf("GET /gateway reached Discord %d times, want 1", n)
	}
}
