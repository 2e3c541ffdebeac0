package main

import "context"

// discordPlugin wires the Discord adapter into serve when its keys are set.
// (The Discord adapter lands with its own issue.)
func discordPlugin(ctx context.Context, env *Env, app *App) ([]route, []service, error) {
	return nil, nil, nil
}
