package main

import (
	"fmt"
	"net/url"

	"github.com/briefbot/briefbot/adapters/llm"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/overview"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/metrics"
	"github.com/briefbot/briefbot/storage"
)

// newOverviewer returns the overview writer when BRIEFBOT_LLM_URL is set,
// else nil (a nil interface: /brief then never reaches model code).
func newOverviewer(env *cli.Env, store *storage.Store, m *metrics.Metrics) (bot.Overviewer, error) {
	s, set, err := env.Config.LLM()
	if !set || err != nil {
		return nil, err
	}
	client, err := llm.New(s.Client)
	if err != nil {
		return nil, fmt.Errorf("BRIEFBOT_LLM_URL: %w", err)
	}
	w, err := overview.New(overview.Config{Model: client, ModelName: s.Client.Model, Budget: store, DailyTokens: s.Budget,
		Timeout: s.Timeout, Logger: env.Log.With("component", "overview"), Observe: m.ObserveOverviews()})
	if err != nil {
		return nil, err
	}
	// The key is never logged; nor is the URL's path or query, which
	// some hosted endpoints use for credentials.
	u, _ := url.Parse(s.Client.URL)
	env.Log.Info("written overviews enabled", "endpoint", u.Scheme+"://"+u.Host, "model", s.Client.Model,
		"key_set", s.Client.Key != "", "timeout", s.Timeout.String(), "daily_tokens", s.Budget, "stream", s.Client.Stream)
	return w, nil
}
