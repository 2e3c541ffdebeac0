package config

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/adapters/slack"
)

// slackKeys are the environment keys of the Slack adapter (see
// .env.example); the first three are its credentials.
var slackKeys = []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "SLACK_BRIEF_VISIBILITY"}

// Slack reads the Slack keys; set is false when no token or secret
// is set (the other keys alone change nothing).
func (c Config) Slack(log *slog.Logger) (cfg slack.Config, set bool, err error) {
	vals := map[string]string{}
	for i, k := range slackKeys {
		if c.Getenv != nil {
			vals[k] = strings.TrimSpace(c.Getenv(k))
		}
		set = set || (i < 3 && vals[k] != "")
	}
	if !set {
		return cfg, false, nil
	}
	cfg = slack.Config{BotToken: vals["SLACK_BOT_TOKEN"], AppToken: vals["SLACK_APP_TOKEN"],
		SigningSecret: vals["SLACK_SIGNING_SECRET"], APIURL: vals["SLACK_API_URL"], Logger: log.With("adapter", "slack")}
	if cfg.BriefVisibility, err = slack.ParseVisibility(vals["SLACK_BRIEF_VISIBILITY"]); err != nil {
		return cfg, true, fmt.Errorf("SLACK_BRIEF_VISIBILITY: %w", err)
	}
	switch {
	case cfg.BotToken == "":
		return cfg, true, errors.New("slack: SLACK_BOT_TOKEN is required when any SLACK_ key is set")
	case cfg.AppToken == "" && cfg.SigningSecret == "":
		return cfg, true, errors.New("slack: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP endpoints) so commands can reach briefbot")
	}
	return cfg, true, nil
}

// discordKeys are the environment keys of the Discord adapter (see
// .env.example).
var discordKeys = []string{"DISCORD_BOT_TOKEN", "DISCORD_APP_ID", "DISCORD_PUBLIC_KEY", "DISCORD_GUILD_ID", "DISCORD_API_URL"}

// Discord reads the Discord keys; set is false when none is set.
func (c Config) Discord(log *slog.Logger) (cfg discord.Config, set bool) {
	vals := map[string]string{}
	for _, k := range discordKeys {
		if c.Getenv != nil {
			vals[k] = strings.TrimSpace(c.Getenv(k))
		}
		set = set || vals[k] != ""
	}
	return discord.Config{Token: vals["DISCORD_BOT_TOKEN"], AppID: vals["DISCORD_APP_ID"],
		PublicKey: vals["DISCORD_PUBLIC_KEY"], GuildID: vals["DISCORD_GUILD_ID"], APIURL: vals["DISCORD_API_URL"],
		Logger: log}, set
}
