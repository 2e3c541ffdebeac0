package discord

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

func coreRouter() *bot.Router {
	store := briefingtest.NewMemStore()
	r := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(r, briefing.NewEngine(store, briefing.Config{}), store, bot.CoreConfig{})
	return r
}

func TestCommandsFollowTheRouter(t *testing.T) {
	r := coreRouter()
	// A command another part registers later, with a long description, a
	// capitalised name and an optional argument declared first.
	r.Register(&bot.Command{CommandSpec: bot.CommandSpec{Name: "Digest", Description: strings.Repeat("Schedule the digest. ", 10),
		Usage: "/digest [time] <zone>", Args: []bot.Arg{{Name: "time", Description: "when"}, {Name: "zone", Required: true}}},
		Run: func(context.Context, bot.Request) (bot.Reply, error) { return bot.Reply{}, nil }})
	cmds, err := applicationCommands(r.Commands())
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*discordgo.ApplicationCommand{}
	for _, c := range cmds {
		byName[c.Name] = c
		if c.Type != discordgo.ChatApplicationCommand || c.Description == "" || width(c.Description) > 100 {
			t.Errorf("/%s: type %d description %q", c.Name, c.Type, c.Description)
		}
	}
	if len(cmds) != 6 || byName["help"] == nil || byName["watching"] == nil || len(byName["watching"].Options) != 0 {
		t.Fatalf("commands: %d %v", len(cmds), byName)
	}
	brief := byName["brief"].Options[0]
	if brief.Type != discordgo.ApplicationCommandOptionString || brief.Name != "topic" || !brief.Required || brief.Autocomplete {
		t.Errorf("/brief topic: %+v", brief)
	}
	if o := byName["unwatch"].Options[0]; !o.Autocomplete || o.Description != "a topic this channel watches" {
		t.Errorf("/unwatch topic: %+v", o)
	}
	// Discord lets users type no more than the command accepts: topics
	// are capped at briefing.MaxTopicLength, other text at the router's.
	// (/brief's and /watch's text also carry options after the topic:
	// limit 10 …, from Reuters, AP; the router bounds each part.)
	if o := byName["unwatch"].Options[0]; o.MaxLength != briefing.MaxTopicLength {
		t.Errorf("/unwatch topic max_length %d, want %d", o.MaxLength, briefing.MaxTopicLength)
	}
	for _, name := range []string{"brief", "watch"} {
		if o := byName[name].Options[0]; o.MaxLength != bot.MaxCommandLength {
			t.Errorf("/%s option max_length %d, want %d", name, o.MaxLength, bot.MaxCommandLength)
		}
	}
	if o := byName["digest"].Options[0]; o.MaxLength != bot.MaxCommandLength {
		t.Errorf("/digest option max_length %d, want %d", o.MaxLength, bot.MaxCommandLength)
	}
	d := byName["digest"]
	if d == nil || width(d.Description) != 100 || !strings.HasSuffix(d.Description, "…") {
		t.Fatalf("/digest: %+v", d)
	}
	if d.Options[0].Name != "zone" || !d.Options[0].Required || d.Options[1].Name != "time" || d.Options[1].Description != "when" {
		t.Errorf("/digest options must list the required one first: %+v %+v", d.Options[0], d.Options[1])
	}
}

func TestCommandsRefuseNamesDiscordCannotTake(t *testing.T) {
	for _, spec := range []bot.CommandSpec{
		{Name: "two words"},
		{Name: strings.Repeat("x", 33)},
		{Name: ""},
		{Name: "ok", Args: []bot.Arg{{Name: "bad arg"}}},
		{Name: "ok", Args: []bot.Arg{{Name: "a"}, {Name: "A"}}},
	} {
		if _, err := applicationCommands([]bot.CommandSpec{spec}); err == nil {
			t.Errorf("%+v accepted", spec)
		}
	}
	if _, err := applicationCommands([]bot.CommandSpec{{Name: "x"}, {Name: "X"}}); err == nil {
		t.Error("duplicate names accepted")
	}
}

func TestChoicesFitDiscord(t *testing.T) {
	var vals []string
	for i := range 30 {
		vals = append(vals, strings.Repeat("t", i+1))
	}
	vals = append([]string{strings.Repeat("x", 101), ""}, vals...)
	got := choices(vals)
	if len(got) != 25 || got[0].Name != "t" || got[0].Value != "t" {
		t.Fatalf("%d choices, first %+v", len(got), got[0])
	}
}
