package main

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/adapters/slack"
	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// slackPluginWith runs slackPlugin with the given Slack keys.
func slackPluginWith(t *testing.T, keys map[string]string) (*App, []route, []service, error) {
	t.Helper()
	return runPlugin(t, slackPlugin, keys)
}

// Without a token or secret Slack is off, even with the other keys set;
// those alone get a warning naming the token that is missing, and serve
// goes on (as with Discord's).
func TestSlackPluginIsOffWithoutKeys(t *testing.T) {
	for _, keys := range []map[string]string{nil, {"SLACK_BRIEF_VISIBILITY": "channel"},
		{"SLACK_BRIEF_VISIBILITY": "channel", "SLACK_API_URL": "https://slack.example/api/"}} {
		app, routes, services, logged, err := runPluginLog(t, slackPlugin, keys)
		if err != nil || routes != nil || services != nil || app.Adapters["slack"] != nil {
			t.Fatalf("%v: routes %v services %v err %v adapters %v", keys, routes, services, err, app.Adapters)
		}
		if keys == nil {
			if logged != "" {
				t.Errorf("no Slack key, yet logged:\n%s", logged)
			}
			continue
		}
		if !strings.Contains(logged, "level=WARN") || !strings.Contains(logged, "SLACK_BOT_TOKEN") {
			t.Errorf("%v: want a warning naming SLACK_BOT_TOKEN, logged:\n%s", keys, logged)
		}
		for k := range keys {
			if !strings.Contains(logged, k) {
				t.Errorf("%v: the warning does not name %s:\n%s", keys, k, logged)
			}
		}
	}
}

func TestSlackPluginRefusesBadKeys(t *testing.T) {
	for want, keys := range map[string]map[string]string{
		"SLACK_BOT_TOKEN is required":              {"SLACK_SIGNING_SECRET": "s"},
		"SLACK_APP_TOKEN (Socket Mode) or":         {"SLACK_BOT_TOKEN": "xoxb-1"},
		"bot token must start with xoxb-":          {"SLACK_BOT_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "s"},
		"app token must start with xapp-":          {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"},
		"SLACK_BRIEF_VISIBILITY":                   {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_BRIEF_VISIBILITY": "loud"},
		"API URL \"slack.example\" is not an http": {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "slack.example"},
	} {
		app, _, _, err := slackPluginWith(t, keys)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: err %v, want one with %q", keys, err, want)
		}
		if app.Adapters["slack"] != nil {
			t.Errorf("%v: adapter registered despite the error", keys)
		}
	}
}

// The plugin serves the three endpoints with a signing secret, runs
// Socket Mode with an app token, and registers the adapter so digests
// reach Slack; SLACK_API_URL works with or without its trailing slash.
func TestSlackPluginWiresRoutesServiceAndDigests(t *testing.T) {
	fake := slackfake.New(t)
	app, routes, services, err := slackPluginWith(t, map[string]string{"SLACK_BOT_TOKEN": slackfake.BotToken,
		"SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": strings.TrimSuffix(fake.APIURL(), "/")})
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, r := range routes {
		patterns = append(patterns, r.pattern)
	}
	if want := []string{"POST /slack/commands", "POST /slack/interactions", "POST /slack/events"}; !slices.Equal(patterns, want) ||
		len(services) != 1 || !services[0].adapter { // the service checks the tokens, then waits
		t.Fatalf("routes %v services %v", patterns, services)
	}
	ids, err := app.Adapters["slack"].Send(context.Background(), briefing.Channel{Platform: "slack", ID: "C0DIG"},
		bot.Reply{Title: "Digest", Text: "Two new stories."})
	if err != nil || len(ids) != 1 || len(fake.Posted()) != 1 || fake.Posted()[0].TS != ids[0] {
		t.Fatalf("digest delivery: ids %v err %v posted %v", ids, err, fake.Posted())
	}
	_, routes, services, err = slackPluginWith(t, map[string]string{"SLACK_BOT_TOKEN": slackfake.BotToken, "SLACK_APP_TOKEN": slackfake.AppToken})
	if err != nil || routes != nil || len(services) != 1 {
		t.Fatalf("Socket Mode only: routes %v services %v err %v", routes, services, err)
	}
}

// The file the README has people paste, adapters/slack/manifest.yaml, is
// what `briefbot manifest slack` prints for the default command names,
// descriptions and usage hints included, so Slack's autocomplete offers
// the usage /help shows (it used to lag behind: /source without pause).
func TestSlackManifestFileIsTheDefaultManifest(t *testing.T) {
	b, err := os.ReadFile("../../adapters/slack/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	app, _, _, _ := slackPluginWith(t, nil)
	got, err := slack.Manifest(app.Router.Commands())
	if err != nil {
		t.Fatal(err)
	}
	if got != string(b) {
		t.Errorf("adapters/slack/manifest.yaml differs from the generated manifest: run\n"+
			"  go run ./cmd/briefbot manifest slack > manifest.yaml && mv manifest.yaml adapters/slack/\ngot:\n%s", got)
	}
}

var manifestCommand = regexp.MustCompile(`(?m)^\s*- command: /(\S+)\s*$`)

// The manifest registers exactly the router's commands, and asks for
// Socket Mode and the scopes the adapter uses.
func TestSlackManifestMatchesTheCommands(t *testing.T) {
	b, err := os.ReadFile("../../adapters/slack/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	manifest := string(b)
	var inManifest []string
	for _, m := range manifestCommand.FindAllStringSubmatch(manifest, -1) {
		inManifest = append(inManifest, m[1])
	}
	app, _, _, _ := slackPluginWith(t, nil)
	var routed []string
	for _, c := range app.Router.Commands() {
		routed = append(routed, c.Name)
	}
	slices.Sort(inManifest)
	slices.Sort(routed)
	if !slices.Equal(inManifest, routed) {
		t.Errorf("manifest commands %v, router commands %v: update adapters/slack/manifest.yaml", inManifest, routed)
	}
	for _, want := range []string{"socket_mode_enabled: true", "- commands", "- chat:write", "- app_mention", "- users:read"} {
		if !strings.Contains(manifest, want) {
			t.Errorf("manifest lacks %q", want)
		}
	}
}
