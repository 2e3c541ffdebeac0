package discord_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// tariffRouter is a router over 12 distinct hand-written tariff stories.
func tariffRouter(t *testing.T) *bot.Router {
	t.Helper()
	store := briefingtest.NewMemStore()
	return tariffRouterOver(t, store, store, bot.CoreConfig{})
}

// tariffRouterOver is tariffRouter over store, with cfg.
func tariffRouterOver(t *testing.T, store briefing.Store, watches briefing.WatchStore, cfg bot.CoreConfig) *bot.Router {
	t.Helper()
	places := []string{"Busan", "Rotterdam", "Santos", "Durban", "Felixstowe", "Valencia", "Mombasa", "Halifax",
		"Gdansk", "Manzanillo", "Chittagong", "Tema"}
	goods := []string{"steel coils", "soybeans", "solar panels", "sneakers", "copper wire", "wine casks", "rice",
		"lumber", "salmon", "avocados", "cotton bales", "cocoa"}
	var arts []briefing.Article
	for i, place := range places {
		arts = append(arts, briefing.Article{Source: "Harbor Wire", URL: fmt.Sprintf("https://news.example/d%d", i),
			Published: time.Date(2026, 12, 6, i, 0, 0, 0, time.UTC),
			Title:     fmt.Sprintf("Tariffs hit %s shipments of %s", place, goods[i]),
			Text: fmt.Sprintf("Customs officers in %s counted %d containers of %s held after new tariffs took effect. "+
				"Importers there said the duty of %d percent would raise shelf prices by spring.", place, 40+i*17, goods[i], 5+i*3)})
	}
	eng := briefing.NewEngine(store, briefing.Config{})
	if _, err := eng.Ingest(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	r := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(r, eng, watches, cfg)
	return r
}

func moreID(m discordfake.Message) string {
	for _, row := range m.Components {
		for _, c := range row.Components {
			if c.Label == "Show more" {
				return c.CustomID
			}
		}
	}
	return ""
}

// Acceptance 4 (Discord): the "Show more" button pages through 12
// stories without repeats, driven by signed component interactions; each
// next page is ephemeral, for the user who clicked.
func TestShowMoreComponentPagesWithoutRepeats(t *testing.T) {
	w := newWorld(t)
	router := tariffRouter(t)
	url := endpoint(t, w.httpAdapter(t, nil), router)
	code, resp := post(t, w.signer.Request(url, command("801", "brief", topic("tariffs limit 5")).JSON(), time.Now()))
	if code != 200 || resp.Type != 4 {
		t.Fatalf("status %d response %+v", code, resp)
	}
	seen := map[string]bool{}
	for page := 1; ; page++ {
		if len(resp.Data.Embeds) == 0 {
			t.Fatalf("page %d has no stories: %+v", page, resp.Data)
		}
		for _, e := range resp.Data.Embeds {
			if e.URL == "" {
				continue // not a story
			}
			if seen[e.Title] {
				t.Fatalf("page %d repeats %q", page, e.Title)
			}
			seen[e.Title] = true
		}
		id := moreID(resp.Data)
		if id == "" {
			break
		}
		if page > 3 {
			t.Fatal("more than 3 pages of 5 for 12 stories")
		}
		click := discordfake.Interaction{ID: fmt.Sprint(900 + page), AppID: appID, Token: fmt.Sprint("tok-click-", page),
			Type: discordfake.Click, ChannelID: channel, GuildID: guildID, UserID: "78", Username: "bo", CustomID: id}
		code, resp = post(t, w.signer.Request(url, click.JSON(), time.Now()))
		if code != 200 || resp.Type != 4 || resp.Data.Flags&64 == 0 {
			t.Fatalf("click %d: status %d, type %d, flags %d (want an ephemeral message)", page, code, resp.Type, resp.Data.Flags)
		}
	}
	if len(seen) != 12 {
		t.Fatalf("paged through %d stories, want 12", len(seen))
	}
}

// A component whose custom_id names another command runs nothing.
func TestShowMoreComponentRunsOnlyBrief(t *testing.T) {
	w := newWorld(t)
	url := endpoint(t, w.httpAdapter(t, nil), w.router)
	click := discordfake.Interaction{ID: "950", AppID: appID, Token: "tok-950", Type: discordfake.Click, ChannelID: channel,
		GuildID: guildID, UserID: "78", Username: "bo", CustomID: "briefbot_more:digest off"}
	code, resp := post(t, w.signer.Request(url, click.JSON(), time.Now()))
	if code != 200 || resp.Data.Content != "briefbot does not handle this kind of interaction." {
		t.Fatalf("status %d response %+v", code, resp)
	}
}

// A page after the first numbers its stories on from the pages before
// (page 2 of 5 a page starts at 6), in the titles and on the 👍/👎
// buttons that judge them.
func TestShowMoreNumbersStoriesOnFromThePageBefore(t *testing.T) {
	w := newWorld(t)
	store := storagetest.Open(t, storagetest.SQLiteURL(t))
	router := tariffRouterOver(t, store, store, bot.CoreConfig{Judgments: store, Articles: store, TopicRefs: store})
	url := endpoint(t, w.httpAdapter(t, nil), router)
	code, resp := post(t, w.signer.Request(url, command("811", "brief", topic("tariffs limit 5")).JSON(), time.Now()))
	if code != 200 || resp.Type != 4 {
		t.Fatalf("status %d response %+v", code, resp)
	}
	first := 1
	for page := 1; ; page++ {
		n := first
		for _, e := range resp.Data.Embeds {
			if e.URL == "" {
				continue // not a story
			}
			if want := fmt.Sprintf("%d. Tariffs hit ", n); !strings.HasPrefix(e.Title, want) {
				t.Fatalf("page %d: story title %q, want it to start %q", page, e.Title, want)
			}
			n++
		}
		var labels []string
		for _, row := range resp.Data.Components {
			for _, c := range row.Components {
				if c.Label != "Show more" {
					labels = append(labels, c.Label)
				}
			}
		}
		if len(labels) != 2*(n-first) || labels[0] != fmt.Sprintf("👍 %d", first) || labels[len(labels)-1] != fmt.Sprintf("👎 %d", n-1) {
			t.Fatalf("page %d (stories %d-%d): buttons %q", page, first, n-1, labels)
		}
		id := moreID(resp.Data)
		if id == "" {
			if n != 13 {
				t.Fatalf("the last page ends at story %d, want 12", n-1)
			}
			break
		}
		if page > 3 {
			t.Fatal("more than 3 pages of 5 for 12 stories")
		}
		first = n
		click := discordfake.Interaction{ID: fmt.Sprint(910 + page), AppID: appID, Token: fmt.Sprint("tok-next-", page),
			Type: discordfake.Click, ChannelID: channel, GuildID: guildID, UserID: "78", Username: "bo", CustomID: id}
		if code, resp = post(t, w.signer.Request(url, click.JSON(), time.Now())); code != 200 || resp.Type != 4 {
			t.Fatalf("click %d: status %d, type %d", page, code, resp.Type)
		}
	}
}
