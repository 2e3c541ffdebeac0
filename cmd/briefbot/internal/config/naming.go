package config

import (
	"fmt"

	"github.com/briefbot/briefbot/bot"
)

// Naming reads BRIEFBOT_COMMANDS, the command names on Slack and Discord
// (bot.ParseNaming): each (the default), single or prefix:NAME-.
func (c Config) Naming() (bot.Naming, error) {
	v := ""
	if c.Getenv != nil {
		v = c.Getenv("BRIEFBOT_COMMANDS")
	}
	n, err := bot.ParseNaming(v)
	if err != nil {
		return n, fmt.Errorf("BRIEFBOT_COMMANDS: %w", err)
	}
	return n, nil
}
