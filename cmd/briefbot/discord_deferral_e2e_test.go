package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
)

// Issue 18 item 2, through serve: a Discord command that is slow (longer
// than the adapter waits before deferring) and then fails is seen by its
// caller alone. The public deferral ("briefbot is thinking…") goes away
// and the error follows as an ephemeral follow-up (flags 64); it is never
// edited into the public @original. The command is a real /source add of
// a feed whose server on 127.0.0.1 holds the request until the deferral
// has been seen, then answers 500 — over the HTTP interactions endpoint
// (the deferral is the response body) and over the gateway (the deferral
// is a callback).
func TestDiscordServeSlowErrorIsSeenOnlyByTheCaller(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "deferral.db")
	ingestSampleInto(t, dir, db)

	release := make(chan struct{})
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		http.Error(w, "upstream is down", http.StatusInternalServerError)
	}))
	defer feed.Close()
	releaseOnce := func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}
	defer releaseOnce() // a failed test must not leave serve's fetch hanging

	fake := discordfake.New(t)
	signer := discordfake.NewSigner()
	common := []string{"DISCORD_APP_ID=200", "DISCORD_BOT_TOKEN=e2e-token", "DISCORD_API_URL=" + fake.URL,
		"DISCORD_GUILD_ID=", "BRIEFBOT_ALLOW_PRIVATE_SOURCES=true"}
	// Manage Server: an admin, so /source add runs (and fetches) rather
	// than being refused at once.
	const manageServer = 1 << 5

	t.Run("HTTP interactions", func(t *testing.T) {
		srv, base := startDiscordServe(t, dir, db, append(common, "DISCORD_PUBLIC_KEY="+signer.PublicKey())...)
		defer srv.stop(t)
		i := discordCommand("901", "57", "source", discordfake.Option{Name: "action", Value: "add " + feed.URL + "/slow.xml"})
		i.Permissions = manageServer
		// The response comes once serve gives up waiting for the reply,
		// while the feed server still holds the fetch.
		code, resp := discordPost(t, signer.Request(base+"/discord/interactions", i.JSON(), time.Now()))
		if code != 200 || resp.Type != 5 {
			t.Fatalf("first response %d %s; want a deferral (type 5) while the feed is slow", code, resp.raw)
		}
		if resp.Data.Flags&64 != 0 {
			t.Fatalf("/source add was deferred ephemerally (%s): its success would be hidden from the channel", resp.raw)
		}
		releaseOnce()
		s := discordSettled(t, fake, i.Token, []byte(resp.raw))
		discordCheckPrivateError(t, fake, i.Token, s, feed.URL+"/slow.xml")
	})

	release = make(chan struct{})
	t.Run("gateway", func(t *testing.T) {
		srv, _ := startDiscordServe(t, dir, db, common...)
		defer srv.stop(t)
		fake.Wait(t, 10*time.Second, "the gateway session", fake.Connected)
		i := discordCommand("902", "57", "source", discordfake.Option{Name: "action", Value: "add " + feed.URL + "/slower.xml"})
		i.Permissions = manageServer
		if err := fake.Dispatch("INTERACTION_CREATE", i.Payload()); err != nil {
			t.Fatal(err)
		}
		fake.Wait(t, 30*time.Second, "the deferral", func() bool { return fake.SeenFor(i.Token, nil).Pending })
		if s := fake.SeenFor(i.Token, nil); len(s.Everyone) != 1 || len(s.Caller) != 0 {
			t.Fatalf("deferral shown as %+v; want a public \"thinking…\"", s)
		}
		releaseOnce()
		s := discordSettled(t, fake, i.Token, nil)
		discordCheckPrivateError(t, fake, i.Token, s, feed.URL+"/slower.xml")
	})
}

// discordSettled waits until the interaction shows more than a deferral,
// then gives serve a moment to send anything further (a late public edit
// must not slip past the check) and returns what Discord would show.
func discordSettled(t *testing.T, fake *discordfake.Server, token string, first []byte) discordfake.Seen {
	t.Helper()
	fake.Wait(t, 30*time.Second, "a settled answer to "+token, func() bool {
		s := fake.SeenFor(token, first)
		return !s.Pending && len(s.Everyone)+len(s.Caller) > 0
	})
	time.Sleep(300 * time.Millisecond)
	return fake.SeenFor(token, first)
}

// discordCheckPrivateError asserts that the channel sees nothing of the
// interaction and the caller sees one message, the error naming url; and
// that it got there as an ephemeral follow-up after the public deferral
// was deleted, with no edit of @original.
func discordCheckPrivateError(t *testing.T, fake *discordfake.Server, token string, s discordfake.Seen, url string) {
	t.Helper()
	if len(s.Everyone) != 0 || len(s.Caller) != 1 || !strings.Contains(s.Caller[0], "could not add "+url) {
		t.Fatalf("a slow /source add that failed is shown as %+v; want its error to the caller alone", s)
	}
	original := "/api/v9/webhooks/200/" + token + "/messages/@original"
	if n := len(fake.CallsTo("PATCH", original)); n != 0 {
		t.Errorf("the public deferral was edited %d times with an error", n)
	}
	if n := len(fake.CallsTo("DELETE", original)); n != 1 {
		t.Errorf("the public deferral was deleted %d times; want 1", n)
	}
	var followups []discordfake.Sent
	for _, c := range discordSentFor(fake, token) {
		if c.Kind != "callback" {
			followups = append(followups, c)
		}
	}
	if len(followups) != 1 || followups[0].Message.Flags != 64 {
		t.Errorf("sent after the deferral: %+v; want one ephemeral follow-up (flags 64)", followups)
	}
}
