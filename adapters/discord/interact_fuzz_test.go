package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// FuzzInteraction drives arbitrary signed bodies through the HTTP
// interactions endpoint: the conversion of Discord's interaction JSON to
// router requests (toRequest, options, members) and of replies to
// messages. Nothing may panic, every answer is a clean status, and no
// message the adapter sends, inline or through the REST API, can mention
// anyone.
func FuzzInteraction(f *testing.F) {
	cmd := func(name string, admin bool, opts ...discordfake.Option) []byte {
		i := discordfake.Interaction{ID: "1", AppID: "200", Token: "t", Type: discordfake.Command, ChannelID: "55",
			GuildID: "66", UserID: "77", Username: "ana", Command: name, Options: opts}
		if admin {
			i.Permissions = discordfake.PermManageGuild
		}
		return i.JSON()
	}
	topic := func(v string) discordfake.Option { return discordfake.Option{Name: "topic", Value: v} }
	for _, b := range [][]byte{
		cmd("brief", false, topic("gsomia")), cmd("watch", true, topic("@everyone <@&1>")), cmd("help", false),
		cmd("BRIEF", false, topic(strings.Repeat("x ", 600))), cmd("unwatch", false, discordfake.Option{Name: "topic", Value: "gs", Focused: true}),
		cmd("nope", false), (discordfake.Interaction{ID: "2", Type: discordfake.Ping}).JSON(),
		(discordfake.Interaction{ID: "3", Type: discordfake.Autocomplete, Command: "unwatch", ChannelID: "55",
			Options: []discordfake.Option{{Name: "topic", Value: "<@1>", Focused: true}}}).JSON(),
		[]byte(`{"type":2,"data":{"name":"brief","options":[{"name":"topic","type":4,"value":12}]}}`),
		[]byte(`{"type":2,"data":{"name":"brief","options":[{"name":"topic","type":5,"value":null}]},"user":null,"member":{}}`),
		[]byte(`{"type":3}`), []byte(`{"type":`), []byte(`[]`),
	} {
		f.Add(b)
	}
	a, fake, signer, h := fuzzAdapter(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		sent := len(fake.Sent())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, signer.Request("http://127.0.0.1"+InteractionsPath, body, time.Now()))
		a.flight.wait()
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("status %d for a signed interaction %q", rec.Code, body)
		}
		var msgs []discordfake.Message
		if rec.Code == http.StatusOK {
			var resp struct {
				Type int                  `json:"type"`
				Data *discordfake.Message `json:"data"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || resp.Type == 0 {
				t.Fatalf("answer is not an interaction response: %q", rec.Body.String())
			}
			const autocompleteResult = 8 // choices, not a message
			if resp.Data != nil && resp.Type != autocompleteResult {
				msgs = append(msgs, *resp.Data)
			}
		}
		for _, s := range fake.Sent()[sent:] {
			msgs = append(msgs, s.Message)
		}
		for _, m := range msgs {
			checkNoMention(t, body, m)
		}
	})
}

func checkNoMention(t *testing.T, body []byte, m discordfake.Message) {
	t.Helper()
	if m.AllowedMentions == nil || len(m.AllowedMentions.Parse) > 0 || len(m.AllowedMentions.Users) > 0 ||
		len(m.AllowedMentions.Roles) > 0 {
		t.Fatalf("%q: message allows mentions: %+v", body, m.AllowedMentions)
	}
	texts := []string{m.Content}
	for _, e := range m.Embeds {
		texts = append(texts, e.Title, e.Description)
		if e.Footer != nil {
			texts = append(texts, e.Footer.Text)
		}
		for _, f := range e.Fields {
			texts = append(texts, f.Name, f.Value)
		}
	}
	for _, s := range texts {
		if mention.MatchString(s) {
			t.Fatalf("%q: live mention in %q", body, s)
		}
	}
}

// fuzzAdapter is an adapter over a fake Discord and a router on a memory
// store whose article text tries to mention everyone.
func fuzzAdapter(f *testing.F) (*Adapter, *discordfake.Server, *discordfake.Signer, http.Handler) {
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	if _, err := eng.Ingest(context.Background(), []briefing.Article{{Source: "s", URL: "https://x.example/1",
		Title: "Seoul ends GSOMIA @everyone pact", Published: time.Date(2019, 8, 23, 0, 0, 0, 0, time.UTC),
		Text: "South Korea ended the GSOMIA pact @here. Officials said <@123> talks would go on."}}); err != nil {
		f.Fatal(err)
	}
	router := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(router, eng, store, bot.CoreConfig{})
	fake, signer := discordfake.New(f), discordfake.NewSigner()
	a, err := New(Config{Token: "test-token", AppID: "200", PublicKey: signer.PublicKey(), APIURL: fake.URL,
		ReplyWithin: 5 * time.Second, HandleTimeout: 10 * time.Second})
	if err != nil {
		f.Fatal(err)
	}
	return a, fake, signer, a.Interactions(router)
}
