package main

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
)

// discordPluginWith runs discordPlugin with the given Discord keys.
func discordPluginWith(t *testing.T, keys map[string]string) (*App, []route, []service, error) {
	t.Helper()
	return runPlugin(t, discordPlugin, keys)
}

func TestDiscordPluginIsOffWithoutKeys(t *testing.T) {
	app, routes, services, err := discordPluginWith(t, nil)
	if err != nil || routes != nil || services != nil || app.Adapters["discord"] != nil {
		t.Fatalf("routes %v services %v err %v adapters %v", routes, services, err, app.Adapters)
	}
}

func TestDiscordPluginRefusesIncompleteKeys(t *testing.T) {
	key := discordfake.NewSigner().PublicKey()
	for want, keys := range map[string]map[string]string{
		"DISCORD_BOT_TOKEN (gateway) or DISCORD_PUBLIC_KEY": {"DISCORD_APP_ID": "200"},
		"DISCORD_APP_ID":     {"DISCORD_BOT_TOKEN": "t"},
		"DISCORD_PUBLIC_KEY": {"DISCORD_PUBLIC_KEY": "not hex"},
		"DISCORD_API_URL":    {"DISCORD_PUBLIC_KEY": key, "DISCORD_API_URL": "discord.example"},
	} {
		app, _, _, err := discordPluginWith(t, keys)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: err %v, want one naming %s", keys, err, want)
		}
		if app.Adapters["discord"] != nil {
			t.Errorf("%v: adapter registered despite the error", keys)
		}
	}
}

func TestDiscordPluginServesTheEndpointAndDelivers(t *testing.T) {
	app, routes, services, err := discordPluginWith(t, map[string]string{"DISCORD_PUBLIC_KEY": discordfake.NewSigner().PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) != 1 || routes[0].pattern != "POST /discord/interactions" || len(services) != 1 {
		t.Fatalf("routes %v services %v", routes, services)
	}
	if a := app.Adapters["discord"]; a == nil || a.Name() != "discord" {
		t.Fatalf("adapters: %v", app.Adapters)
	}
}
