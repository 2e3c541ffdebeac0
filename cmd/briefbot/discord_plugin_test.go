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

// DISCORD_APP_ID, DISCORD_GUILD_ID and DISCORD_API_URL without a token
// or public key leave Discord off, as Slack's settings do without its credentials,
// with a warning naming the keys that are missing; serve goes on.
func TestDiscordPluginIgnoresSettingsWithoutCredentials(t *testing.T) {
	for _, keys := range []map[string]string{{"DISCORD_GUILD_ID": "66"}, {"DISCORD_API_URL": "https://discord.example"},
		{"DISCORD_GUILD_ID": "66", "DISCORD_API_URL": "https://discord.example"}, {"DISCORD_APP_ID": "200"},
		{"DISCORD_APP_ID": "200", "DISCORD_GUILD_ID": "66"}} {
		app, routes, services, logged, err := runPluginLog(t, discordPlugin, keys)
		if err != nil || routes != nil || services != nil || app.Adapters["discord"] != nil {
			t.Errorf("%v: routes %v services %v err %v adapters %v", keys, routes, services, err, app.Adapters)
		}
		if !strings.Contains(logged, "level=WARN") || !strings.Contains(logged, "DISCORD_BOT_TOKEN") ||
			!strings.Contains(logged, "DISCORD_PUBLIC_KEY") {
			t.Errorf("%v: want a warning naming DISCORD_BOT_TOKEN and DISCORD_PUBLIC_KEY, logged:\n%s", keys, logged)
		}
		for k := range keys {
			if !strings.Contains(logged, k) {
				t.Errorf("%v: the warning does not name %s:\n%s", keys, k, logged)
			}
		}
	}
	if _, _, _, logged, _ := runPluginLog(t, discordPlugin, nil); logged != "" {
		t.Errorf("no Discord key, yet logged:\n%s", logged)
	}
}

func TestDiscordPluginRefusesIncompleteKeys(t *testing.T) {
	key := discordfake.NewSigner().PublicKey()
	for want, keys := range map[string]map[string]string{
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
