package main

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/briefbot/briefbot/adapters/llm"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/overview"
	"github.com/briefbot/briefbot/storage"
)

// llmKeys are the keys of the optional written overviews (see
// .env.example). Nothing happens unless BRIEFBOT_LLM_URL is set.
var llmKeys = []string{"BRIEFBOT_LLM_URL", "BRIEFBOT_LLM_MODEL", "BRIEFBOT_LLM_KEY", "BRIEFBOT_LLM_TIMEOUT",
	"BRIEFBOT_LLM_BUDGET", "BRIEFBOT_LLM_STREAM"}

// llmSettings are the parsed keys.
type llmSettings struct {
	client  llm.Config
	timeout time.Duration
	budget  int64
}

// llmConfig reads the keys; set is false when BRIEFBOT_LLM_URL is empty
// (the other keys alone change nothing).
func llmConfig(env *Env) (s llmSettings, set bool, err error) {
	vals := map[string]string{}
	for _, k := range llmKeys {
		if env.Config.rawEnv != nil {
			vals[k] = strings.TrimSpace(env.Config.rawEnv(k))
		}
	}
	if vals["BRIEFBOT_LLM_URL"] == "" {
		return s, false, nil
	}
	s.client = llm.Config{URL: vals["BRIEFBOT_LLM_URL"], Model: vals["BRIEFBOT_LLM_MODEL"], Key: vals["BRIEFBOT_LLM_KEY"]}
	if s.client.Model == "" {
		return s, true, errors.New("BRIEFBOT_LLM_MODEL: required when BRIEFBOT_LLM_URL is set (e.g. llama3.2)")
	}
	if s.timeout, err = llmTimeout(vals["BRIEFBOT_LLM_TIMEOUT"]); err != nil {
		return s, true, err
	}
	s.budget = 200_000
	if v := vals["BRIEFBOT_LLM_BUDGET"]; v != "" {
		if s.budget, err = strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 10, 64); err != nil || s.budget < 1 {
			return s, true, fmt.Errorf("BRIEFBOT_LLM_BUDGET: %q is not a positive number of tokens per day", v)
		}
	}
	if v := vals["BRIEFBOT_LLM_STREAM"]; v != "" {
		if s.client.Stream, err = strconv.ParseBool(v); err != nil {
			return s, true, fmt.Errorf("BRIEFBOT_LLM_STREAM: %q is not true or false", v)
		}
	}
	return s, true, nil
}

func llmTimeout(v string) (time.Duration, error) {
	if v == "" {
		return 20 * time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		if secs, err2 := strconv.Atoi(v); err2 == nil {
			d, err = time.Duration(secs)*time.Second, nil
		}
	}
	if err != nil || d < 100*time.Millisecond || d > 5*time.Minute {
		return 0, fmt.Errorf("BRIEFBOT_LLM_TIMEOUT: %q is not a duration from 100ms to 5m (e.g. 20s)", v)
	}
	return d, nil
}

// newOverviewer returns the overview writer when BRIEFBOT_LLM_URL is set,
// else nil (a nil interface: /brief then never reaches model code).
func newOverviewer(env *Env, store *storage.Store, m *metrics) (bot.Overviewer, error) {
	s, set, err := llmConfig(env)
	if !set || err != nil {
		return nil, err
	}
	client, err := llm.New(s.client)
	if err != nil {
		return nil, fmt.Errorf("BRIEFBOT_LLM_URL: %w", err)
	}
	lm := newLLMMetrics(m.reg)
	w, err := overview.New(overview.Config{Model: client, ModelName: s.client.Model, Budget: store, DailyTokens: s.budget,
		Timeout: s.timeout, Logger: env.Log.With("component", "overview"), Observe: lm.observe})
	if err != nil {
		return nil, err
	}
	// The key is never logged; nor is the URL's path or query, which
	// some hosted endpoints use for credentials.
	u, _ := url.Parse(s.client.URL)
	env.Log.Info("written overviews enabled", "endpoint", u.Scheme+"://"+u.Host, "model", s.client.Model,
		"key_set", s.client.Key != "", "timeout", s.timeout.String(), "daily_tokens", s.budget, "stream", s.client.Stream)
	return w, nil
}

// llmMetrics count the overview writer's work; they exist only when
// overviews are on.
type llmMetrics struct {
	calls    *prometheus.CounterVec // outcome
	failures *prometheus.CounterVec // reason: rate_limited, timeout, error
	tokens   *prometheus.CounterVec // kind: prompt, completion
	dropped  *prometheus.CounterVec // reason
}

func newLLMMetrics(reg *prometheus.Registry) *llmMetrics {
	m := &llmMetrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "briefbot_llm_overviews_total",
			Help: "Overview requests by outcome: ok, omitted (too few sentences passed the check), cached, budget (daily budget spent, no call), backoff (inside a Retry-After, no call), rate_limited, timeout, error."},
			[]string{"outcome"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "briefbot_llm_failures_total",
			Help: "Model calls that failed, by reason (rate_limited, timeout, error); the briefing went out without an overview."},
			[]string{"reason"}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "briefbot_llm_tokens_total",
			Help: "Tokens the model server reported, by kind (prompt, completion)."}, []string{"kind"}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "briefbot_llm_dropped_sentences_total",
			Help: "Overview sentences dropped by the check, by reason (uncited, number, name, link, malformed, over_length)."},
			[]string{"reason"}),
	}
	reg.MustRegister(m.calls, m.failures, m.tokens, m.dropped)
	for _, o := range []string{overview.OutcomeOK, overview.OutcomeOmitted, overview.OutcomeCached, overview.OutcomeBudget,
		overview.OutcomeBackoff, overview.OutcomeRateLimited, overview.OutcomeTimeout, overview.OutcomeError} {
		m.calls.WithLabelValues(o) // export zeros, so rates work from the first scrape
	}
	for _, k := range []string{"prompt", "completion"} {
		m.tokens.WithLabelValues(k)
	}
	return m
}

func (m *llmMetrics) observe(c overview.Call) {
	m.calls.WithLabelValues(c.Outcome).Inc()
	switch c.Outcome {
	case overview.OutcomeRateLimited, overview.OutcomeTimeout, overview.OutcomeError:
		m.failures.WithLabelValues(c.Outcome).Inc()
	}
	m.tokens.WithLabelValues("prompt").Add(float64(c.PromptTokens))
	m.tokens.WithLabelValues("completion").Add(float64(c.CompletionTokens))
	for reason, n := range c.Dropped {
		m.dropped.WithLabelValues(reason).Add(float64(n))
	}
}
