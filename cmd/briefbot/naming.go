package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/adapters/slack"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// runManifest prints the Slack app manifest for the configured command
// names (BRIEFBOT_COMMANDS), to paste at api.slack.com/apps.
func runManifest(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "manifest", "slack",
		"Print the Slack app manifest whose slash commands are the ones this configuration registers\n"+
			"(BRIEFBOT_COMMANDS: each, single or prefix:NAME-). Discord's commands follow the same setting\n"+
			"when serve registers them.")
	pos, err := cli.Parse(env, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.ToLower(pos[0]) != "slack" {
		return cli.UsageErr(env, fs, "say which platform: slack")
	}
	// The commands exactly as serve registers them: the app's own router
	// (which opens the configured database, as serve would).
	app, err := openApp(ctx, env, 0)
	if err != nil {
		return err
	}
	defer app.Close()
	m, err := slack.Manifest(app.Router.Commands())
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(env.Out, m)
	return err
}
