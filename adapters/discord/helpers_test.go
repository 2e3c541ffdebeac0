package discord_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

const (
	appID   = "200"
	guildID = "66"
	channel = "55"
	waitFor = 5 * time.Second
)

// world is a real router over an in-memory store holding the testdata
// articles, and a fake Discord.
type world struct {
	fake   *discordfake.Server
	store  *briefingtest.MemStore
	router *bot.Router
	signer *discordfake.Signer
}

func newWorld(t *testing.T) *world {
	t.Helper()
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	router := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(router, eng, store, bot.CoreConfig{})
	raw, err := os.ReadFile("testdata/articles.json")
	if err != nil {
		t.Fatal(err)
	}
	var articles []briefing.Article
	if err := json.Unmarshal(raw, &articles); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Ingest(context.Background(), articles); err != nil {
		t.Fatal(err)
	}
	return &world{fake: discordfake.New(t), store: store, router: router, signer: discordfake.NewSigner()}
}

// adapter returns an adapter pointed at the fake; edit changes its config.
func (w *world) adapter(t *testing.T, edit func(*discord.Config)) *discord.Adapter {
	t.Helper()
	cfg := discord.Config{Token: "test-token", AppID: appID, APIURL: w.fake.URL, ReconnectMin: 10 * time.Millisecond}
	if edit != nil {
		edit(&cfg)
	}
	a, err := discord.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// httpAdapter is an adapter for the HTTP interactions endpoint (with the
// public key; it then opens no gateway).
func (w *world) httpAdapter(t *testing.T, edit func(*discord.Config)) *discord.Adapter {
	t.Helper()
	return w.adapter(t, func(c *discord.Config) {
		c.PublicKey = w.signer.PublicKey()
		if edit != nil {
			edit(c)
		}
	})
}

// run starts a.Run; the returned stop cancels it and checks it returned
// nil. It also runs at cleanup.
func run(t *testing.T, a *discord.Adapter, h bot.Handler) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- a.Run(ctx, h) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-errc:
			if err != nil {
				t.Errorf("Run returned %v after cancel", err)
			}
		case <-time.After(waitFor):
			t.Error("Run did not return after cancel")
		}
	}
	t.Cleanup(stop)
	return stop
}

// command is an application command interaction in the test guild's
// channel, by a member without admin permissions.
func command(id, name string, opts ...discordfake.Option) discordfake.Interaction {
	return discordfake.Interaction{ID: id, AppID: appID, Token: "tok-" + id, Type: discordfake.Command,
		ChannelID: channel, GuildID: guildID, UserID: "77", Username: "ana", Command: name, Options: opts}
}

func topic(v string) discordfake.Option { return discordfake.Option{Name: "topic", Value: v} }

// sentFor returns the accepted messages answering the interaction token.
func (w *world) sentFor(token string) []discordfake.Sent {
	var out []discordfake.Sent
	for _, s := range w.fake.Sent() {
		if s.Token == token {
			out = append(out, s)
		}
	}
	return out
}

// waitSent waits until n messages answer token, and returns them.
func (w *world) waitSent(t *testing.T, token string, n int) []discordfake.Sent {
	t.Helper()
	w.fake.Wait(t, waitFor, "answers to "+token, func() bool { return len(w.sentFor(token)) >= n })
	return w.sentFor(token)
}

// gated holds every command until release is closed: a slow command.
type gated struct {
	bot.Handler
	release chan struct{}
}

func (g gated) Handle(ctx context.Context, req bot.Request) bot.Reply {
	<-g.release
	return g.Handler.Handle(ctx, req)
}

// allText is every visible text of a message, for searching.
func allText(m discordfake.Message) string {
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		parts = append(parts, e.Title, e.Description)
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
		if e.Author != nil {
			parts = append(parts, e.Author.Name)
		}
		for _, f := range e.Fields {
			parts = append(parts, f.Name, f.Value)
		}
	}
	return strings.Join(parts, "\n")
}

func watched(t *testing.T, w *world, ch string) []string {
	t.Helper()
	ws, err := w.store.Watches(context.Background(), briefing.Channel{Platform: discord.Platform, ID: ch})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range ws {
		out = append(out, x.Topic)
	}
	return out
}
