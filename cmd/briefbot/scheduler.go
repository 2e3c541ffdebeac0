package main

import "context"

// schedulerPlugin runs feed polling and scheduled digests in serve.
// (Lands with the sources-and-digests issue.)
func schedulerPlugin(ctx context.Context, env *Env, app *App) ([]route, []service, error) {
	return nil, nil, nil
}
