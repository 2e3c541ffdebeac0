package config

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/adapters/slack"
)

// adapterKeys are the environment keys of a chat adapter (see
// .env.example): any of its credentials turns it on; its settings only
// change how it runs, so alone they are ignored, with a warning.
type adapterKeys struct{ credentials, settings []string }

func (k adapterKeys) all() []string {
	return append(append([]string{}, k.credentials...), k.settings...)
}

var slackKeys = adapterKeys{credentials: []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"},
	settings: []string{"SLACK_API_URL", "SLACK_BRIEF_VISIBILITY"}}

// Slack reads the Slack keys; set is false when no token or secret
// is set: the other keys alone change nothing, and are logged as ignored.
func (c Config) Slack(log *slog.Logger) (cfg slack.Config, set bool, err error) {
	vals := c.read(slackKeys.all())
	if set = anySet(vals, slackKeys.credentials); !set {
		ignored(log, "Slack", vals, slackKeys.settings, "SLACK_BOT_TOKEN (and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)")
		return cfg, false, nil
	}
	cfg = slack.Config{BotToken: vals["SLACK_BOT_TOKEN"], AppToken: vals["SLACK_APP_TOKEN"],
		SigningSecret: vals["SLACK_SIGNING_SECRET"], APIURL: vals["SLACK_API_URL"], Logger: log.With("adapter", "slack")}
	if cfg.BriefVisibility, err = slack.ParseVisibility(vals["SLACK_BRIEF_VISIBILITY"]); err != nil {
		return cfg, true, fmt.Errorf("SLACK_BRIEF_VISIBILITY: %w", err)
	}
	switch {
	case cfg.BotToken == "":
		return cfg, true, errors.New("slack: SLACK_BOT_TOKEN is required with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET")
	case cfg.AppToken == "" && cfg.SigningSecret == "":
		return cfg, true, errors.New("slack: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP endpoints) so commands can reach briefbot")
	}
	return cfg, true, nil
}

// discordKeys: the application id is a setting, not a credential (it is
// public, and alone it lets briefbot neither receive nor post anything).
var discordKeys = adapterKeys{credentials: []string{"DISCORD_BOT_TOKEN", "DISCORD_PUBLIC_KEY"},
	settings: []string{"DISCORD_APP_ID", "DISCORD_GUILD_ID", "DISCORD_API_URL"}}

// Discord reads the Discord keys; set is false when neither the token nor
// the public key is set: DISCORD_APP_ID, DISCORD_GUILD_ID and
// DISCORD_API_URL alone change nothing, and are logged as ignored, as
// Slack's settings are.
func (c Config) Discord(log *slog.Logger) (cfg discord.Config, set bool) {
	vals := c.read(discordKeys.all())
	if set = anySet(vals, discordKeys.credentials); !set {
		ignored(log, "Discord", vals, discordKeys.settings, "DISCORD_BOT_TOKEN or DISCORD_PUBLIC_KEY")
		return cfg, false
	}
	return discord.Config{Token: vals["DISCORD_BOT_TOKEN"], AppID: vals["DISCORD_APP_ID"],
		PublicKey: vals["DISCORD_PUBLIC_KEY"], GuildID: vals["DISCORD_GUILD_ID"], APIURL: vals["DISCORD_API_URL"],
		Logger: log}, set
}

// read returns the keys' values, trimmed.
func (c Config) read(keys []string) map[string]string {
	vals := make(map[string]string, len(keys))
	for _, k := range keys {
		if c.Getenv != nil {
			vals[k] = strings.TrimSpace(c.Getenv(k))
		}
	}
	return vals
}

func anySet(vals map[string]string, keys []string) bool {
	for _, k := range keys {
		if vals[k] != "" {
			return true
		}
	}
	return false
}

// ignored warns when settings of a platform's adapter are given without
// the keys that turn it on (missing), so that a forgotten token does not
// pass unnoticed; the adapter stays off and the rest of serve runs.
func ignored(log *slog.Logger, platform string, vals map[string]string, settings []string, missing string) {
	var given []string
	for _, k := range settings {
		if vals[k] != "" {
			given = append(given, k)
		}
	}
	if len(given) > 0 && log != nil {
		log.Warn(fmt.Sprintf("%s set without %s: ignored; %s stays off", strings.Join(given, " and "), missing, platform),
			"adapter", strings.ToLower(platform))
	}
}
