package discord_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// registered decodes the command list of a bulk overwrite.
type registered struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Options     []struct {
		Type         int    `json:"type"`
		Name         string `json:"name"`
		Required     bool   `json:"required"`
		Autocomplete bool   `json:"autocomplete"`
	} `json:"options"`
}

func TestGatewayRegistersCommandsOnceAndStoresWatch(t *testing.T) {
	w := newWorld(t)
	run(t, w.adapter(t, nil), w.router)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)

	puts := w.fake.CallsTo("PUT", "/api/v9/applications/200/commands")
	if len(puts) != 1 {
		t.Fatalf("bulk overwrites: %d, want exactly 1", len(puts))
	}
	if got := puts[0].Header.Get("Authorization"); got != "Bot test-token" {
		t.Errorf("Authorization = %q", got)
	}
	var cmds []registered
	if err := json.Unmarshal(puts[0].Body, &cmds); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name)
	}
	if want := []string{"brief", "watch", "unwatch", "watching", "help"}; !slices.Equal(names, want) {
		t.Fatalf("registered %v, want %v (the router's list)", names, want)
	}
	unwatch := cmds[2].Options
	if len(unwatch) != 1 || unwatch[0].Name != "topic" || unwatch[0].Type != 3 || !unwatch[0].Required || !unwatch[0].Autocomplete {
		t.Errorf("/unwatch options: %+v", unwatch)
	}
	if s := w.fake.Sessions(); s[0].Op != 2 || s[0].Token != "Bot test-token" {
		t.Errorf("first handshake: %+v", s[0])
	}

	if err := w.fake.Dispatch("INTERACTION_CREATE", command("300", "watch", topic("gsomia")).Payload()); err != nil {
		t.Fatal(err)
	}
	sent := w.waitSent(t, "tok-300", 1)
	if sent[0].Kind != "callback" || sent[0].Type != 4 || !strings.Contains(sent[0].Message.Content, "Now watching “gsomia”") {
		t.Fatalf("answer: %+v", sent[0])
	}
	if !sent[0].Message.PingsNobody() {
		t.Errorf("allowed_mentions: %+v", sent[0].Message.AllowedMentions)
	}
	if got := watched(t, w, channel); !slices.Equal(got, []string{"gsomia"}) {
		t.Errorf("watches of the channel: %v", got)
	}
	if n := len(w.fake.CallsTo("PUT", "/api/v9/applications/.*")); n != 1 {
		t.Errorf("commands registered %d times", n)
	}
}

func TestGatewayRegistersToTheGuild(t *testing.T) {
	w := newWorld(t)
	run(t, w.adapter(t, func(c *discord.Config) { c.GuildID = guildID }), w.router)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)
	if n := len(w.fake.CallsTo("PUT", "/api/v9/applications/200/guilds/66/commands")); n != 1 {
		t.Fatalf("guild overwrites: %d; calls %+v", n, w.fake.Calls())
	}
	if n := len(w.fake.CallsTo("PUT", "/api/v9/applications/200/commands")); n != 0 {
		t.Fatalf("global overwrite with a guild set")
	}
}

func TestGatewayAutocompleteOffersTheChannelsWatches(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for ch, topics := range map[string][]string{channel: {"gsomia", "crude oil"}, "56": {"tariffs"}} {
		for _, tp := range topics {
			if _, err := w.store.AddWatch(ctx, briefing.Watch{Channel: briefing.Channel{Platform: "discord", ID: ch}, Topic: tp}); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(t, w.adapter(t, nil), w.router)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)

	for id, c := range map[string]struct {
		partial string
		want    []string
	}{"401": {"", []string{"gsomia", "crude oil"}}, "402": {"cru", []string{"crude oil"}}} {
		i := command(id, "unwatch", discordfake.Option{Name: "topic", Value: c.partial, Focused: true})
		i.Type = discordfake.Autocomplete
		if err := w.fake.Dispatch("INTERACTION_CREATE", i.Payload()); err != nil {
			t.Fatal(err)
		}
		sent := w.waitSent(t, i.Token, 1)[0]
		var got []string
		for _, ch := range sent.Message.Choices {
			got = append(got, ch.Name)
		}
		slices.Sort(got)
		slices.Sort(c.want)
		if sent.Type != 8 || !slices.Equal(got, c.want) {
			t.Errorf("partial %q: type %d choices %v, want %v", c.partial, sent.Type, got, c.want)
		}
	}
}

func TestGatewayDefersASlowReplyThenEditsIt(t *testing.T) {
	w := newWorld(t)
	h := gated{w.router, make(chan struct{})}
	run(t, w.adapter(t, func(c *discord.Config) { c.ReplyWithin = 20 * time.Millisecond }), h)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)

	if err := w.fake.Dispatch("INTERACTION_CREATE", command("500", "brief", topic("pipeline sanctions")).Payload()); err != nil {
		t.Fatal(err)
	}
	first := w.waitSent(t, "tok-500", 1)[0]
	if first.Kind != "callback" || first.Type != 5 {
		t.Fatalf("first answer: %+v, want a deferral (type 5)", first)
	}
	close(h.release)
	edit := w.waitSent(t, "tok-500", 2)[1]
	if edit.Kind != "edit" || !edit.Message.PingsNobody() {
		t.Fatalf("second answer: %+v, want an edit of the original with no mentions", edit)
	}
	text := allText(edit.Message)
	for _, title := range []string{"Brussels widens pipeline sanctions after tanker seizure", "Gas prices climb as pipeline sanctions bite"} {
		if !strings.Contains(text, title) {
			t.Errorf("reply lacks %q:\n%s", title, text)
		}
	}
}

func TestGatewayReconnectsAfterTheConnectionDrops(t *testing.T) {
	w := newWorld(t)
	run(t, w.adapter(t, nil), w.router)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)
	w.fake.Drop()
	w.fake.Wait(t, waitFor, "a second session", func() bool { return len(w.fake.Sessions()) == 2 && w.fake.Connected() })
	if s := w.fake.Sessions()[1]; s.Op != 6 || s.SessionID != "fake-session-1" {
		t.Errorf("reconnect handshake: %+v, want a RESUME of the first session", s)
	}
	if err := w.fake.Dispatch("INTERACTION_CREATE", command("600", "watching").Payload()); err != nil {
		t.Fatal(err)
	}
	if sent := w.waitSent(t, "tok-600", 1)[0]; !strings.Contains(sent.Message.Content, "watches no topics") {
		t.Errorf("answer after reconnecting: %+v", sent)
	}
	if n := len(w.fake.CallsTo("PUT", "/api/v9/applications/.*")); n != 1 {
		t.Errorf("commands registered %d times across a reconnect, want once", n)
	}
}

func TestGatewayRunStopsCleanly(t *testing.T) {
	w := newWorld(t)
	opts := goleak.IgnoreCurrent()
	stop := run(t, w.adapter(t, nil), w.router)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)
	w.fake.Wait(t, waitFor, "a heartbeat", func() bool { return w.fake.Heartbeats() > 0 })
	stop()
	w.fake.Close()
	goleak.VerifyNone(t, opts)
}

func TestRunFailsWhenDiscordRefusesTheCommands(t *testing.T) {
	w := newWorld(t)
	w.fake.Fail("PUT", "/api/v9/applications/200/commands", 400, 1)
	a := w.adapter(t, nil)
	err := a.Run(context.Background(), w.router)
	if err == nil || !errors.Is(err, discord.ErrRefused) || !strings.Contains(err.Error(), "registering the commands") {
		t.Fatalf("Run = %v, want a registration error", err)
	}
	if len(w.fake.Sessions()) != 0 {
		t.Error("opened the gateway after registration failed")
	}
}

func TestRunRetriesRegistrationAfterAServerError(t *testing.T) {
	w := newWorld(t)
	w.fake.Fail("PUT", "/api/v9/applications/200/commands", 500, 1)
	run(t, w.adapter(t, nil), w.router)
	w.fake.Wait(t, waitFor, "gateway session", w.fake.Connected)
	puts := w.fake.CallsTo("PUT", "/api/v9/applications/200/commands")
	if len(puts) != 2 || puts[0].Status != 500 || puts[1].Status != 200 {
		t.Fatalf("overwrites: %+v", puts)
	}
}

func TestRunWithoutTokenOnlyWaits(t *testing.T) {
	w := newWorld(t)
	a := w.adapter(t, func(c *discord.Config) { c.Token = "" })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.Run(ctx, w.router); err != nil {
		t.Fatal(err)
	}
	if n := len(w.fake.Calls()); n != 0 {
		t.Errorf("%d calls to Discord without a token", n)
	}
	_, err := a.Send(context.Background(), briefing.Channel{Platform: "discord", ID: channel}, bot.Reply{Text: "hi"})
	if err == nil || !strings.Contains(err.Error(), "DISCORD_BOT_TOKEN") {
		t.Errorf("Send without a token: %v", err)
	}
}
