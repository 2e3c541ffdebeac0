package main

import "context"

// slackPlugin wires the Slack adapter into serve when its keys are set.
// (The Slack adapter lands with its own issue.)
func slackPlugin(ctx context.Context, env *Env, app *App) ([]route, []service, error) {
	return nil, nil, nil
}
