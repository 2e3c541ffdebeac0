package discord_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/bot"
)

// seen waits until the interaction shows something other than a
// deferral, and returns it.
func (w *world) seen(t *testing.T, token string, first []byte) discordfake.Seen {
	t.Helper()
	w.fake.Wait(t, waitFor, "a settled answer to "+token, func() bool {
		s := w.fake.SeenFor(token, first)
		return !s.Pending && len(s.Everyone)+len(s.Caller) > 0
	})
	time.Sleep(50 * time.Millisecond) // nothing further may arrive
	return w.fake.SeenFor(token, first)
}

// A slow command that ends in an error: the public deferral is deleted
// and the error follows ephemerally, so only the caller ever sees it.
func TestGatewaySlowErrorIsSeenOnlyByTheCaller(t *testing.T) {
	w := newWorld(t)
	h := gated{w.router, make(chan struct{})}
	run(t, w.adapter(t, func(c *discord.Config) { c.ReplyWithin = 20 * time.Millisecond }), h)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)
	if err := w.fake.Dispatch("INTERACTION_CREATE", command("810", "brief").Payload()); err != nil { // no topic: an error
		t.Fatal(err)
	}
	w.fake.Wait(t, waitFor, "a deferral", func() bool { return w.fake.SeenFor("tok-810", nil).Pending })
	close(h.release)
	s := w.seen(t, "tok-810", nil)
	if len(s.Everyone) != 0 || len(s.Caller) != 1 || !strings.Contains(s.Caller[0], "topic is missing") {
		t.Fatalf("a late error is shown as %+v; want it to the caller alone", s)
	}
	if n := len(w.fake.CallsTo("PATCH", "/api/v9/webhooks/200/tok-810/messages/@original")); n != 0 {
		t.Errorf("the public deferral was edited %d times with an error", n)
	}
}

// A slow reply that is private by nature (help) is deferred ephemerally.
func TestGatewaySlowHelpIsDeferredEphemerally(t *testing.T) {
	w := newWorld(t)
	h := gated{w.router, make(chan struct{})}
	run(t, w.adapter(t, func(c *discord.Config) { c.ReplyWithin = 20 * time.Millisecond }), h)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)
	if err := w.fake.Dispatch("INTERACTION_CREATE", command("820", "help").Payload()); err != nil {
		t.Fatal(err)
	}
	first := w.waitSent(t, "tok-820", 1)[0]
	if first.Kind != "callback" || first.Type != 5 || first.Message.Flags != 64 {
		t.Fatalf("first answer %+v; want an ephemeral deferral (type 5, flags 64)", first)
	}
	close(h.release)
	if s := w.seen(t, "tok-820", nil); len(s.Everyone) != 0 || len(s.Caller) != 1 || !strings.Contains(s.Caller[0], "/brief") {
		t.Fatalf("help shown as %+v", s)
	}
}

// A slow briefing still goes to the whole channel.
func TestGatewaySlowBriefingStaysPublic(t *testing.T) {
	w := newWorld(t)
	h := gated{w.router, make(chan struct{})}
	run(t, w.adapter(t, func(c *discord.Config) { c.ReplyWithin = 20 * time.Millisecond }), h)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)
	if err := w.fake.Dispatch("INTERACTION_CREATE", command("830", "brief", topic("pipeline sanctions")).Payload()); err != nil {
		t.Fatal(err)
	}
	w.fake.Wait(t, waitFor, "a deferral", func() bool { return w.fake.SeenFor("tok-830", nil).Pending })
	close(h.release)
	s := w.seen(t, "tok-830", nil)
	if len(s.Caller) != 0 || len(s.Everyone) == 0 || !strings.Contains(strings.Join(s.Everyone, "\n"), "Gas prices climb as pipeline sanctions bite") {
		t.Fatalf("a late briefing is shown as %+v; want it in the channel", s)
	}
}

// The same over the HTTP interactions endpoint, where the deferral is the
// response body.
func TestHTTPSlowErrorIsSeenOnlyByTheCaller(t *testing.T) {
	w := newWorld(t)
	h := gated{w.router, make(chan struct{})}
	url := endpoint(t, w.httpAdapter(t, func(c *discord.Config) { c.ReplyWithin = 20 * time.Millisecond }), h)
	resp, err := httpDo(w.signer.Request(url, command("840", "unwatch").JSON(), time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	close(h.release)
	s := w.seen(t, "tok-840", resp)
	if len(s.Everyone) != 0 || len(s.Caller) != 1 {
		t.Fatalf("a late error over HTTP is shown as %+v; want it to the caller alone", s)
	}
}

// A button click (MESSAGE_COMPONENT), as Discord sends it, is answered at
// once and only to the clicker.
func TestComponentInteractionIsAnsweredPrivately(t *testing.T) {
	w := newWorld(t)
	url := endpoint(t, w.httpAdapter(t, nil), w.router)
	click := discordfake.Interaction{ID: "850", AppID: appID, Token: "tok-850", Type: discordfake.Click, ChannelID: channel,
		GuildID: guildID, UserID: "77", Username: "ana", CustomID: "unknown:button"}
	body, err := httpDo(w.signer.Request(url, click.JSON(), time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if s := w.fake.SeenFor("tok-850", body); len(s.Everyone) != 0 || len(s.Caller) != 1 {
		t.Fatalf("a button click is answered as %+v (%s)", s, body)
	}
}

var _ bot.Handler = gated{}

// httpDo sends a signed interaction and returns the 200 response body.
func httpDo(r *http.Request) ([]byte, error) {
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	return body, err
}
