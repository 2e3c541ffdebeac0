package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/briefbot/briefbot/bot/overview"
)

// llmMetrics count the overview writer's work; they exist only when
// overviews are on.
type llmMetrics struct {
	calls    *prometheus.CounterVec // outcome
	failures *prometheus.CounterVec // reason: rate_limited, timeout, error
	tokens   *prometheus.CounterVec // kind: prompt, completion
	dropped  *prometheus.CounterVec // reason
}

// ObserveOverviews registers the overview writer's metrics (call it once,
// and only when overviews are on) and returns the function that counts
// each call (overview.Config.Observe).
func (m *Metrics) ObserveOverviews() func(overview.Call) {
	return newLLMMetrics(m.reg).observe
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
