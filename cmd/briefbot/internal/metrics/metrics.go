// Package metrics is serve's Prometheus instrumentation: a registry of its
// own and the decorators that count what flows through the router, the
// adapters' sends, the engine's ingest and the source poller.
//
// Invariants: the client library's global registry is never used; every
// label value comes from a fixed set, never from user input; a nil
// *Metrics is valid and counts nothing (the wrappers return what they
// were given).
package metrics

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

// Metrics are serve's Prometheus metrics, on a registry of their own (the
// client library's global default registry is never used). Every label
// value comes from a fixed set, never from user input, so a flood of made-up
// commands cannot blow up the series count.
type Metrics struct {
	reg        *prometheus.Registry
	commands   *prometheus.HistogramVec // command, outcome
	deliveries *prometheus.CounterVec   // platform, outcome
	messages   *prometheus.CounterVec   // platform: messages posted by deliveries
	ingested   *prometheus.CounterVec   // result: added, corrected, skipped
	ingestErrs prometheus.Counter
	passes     prometheus.Counter
	checks     *prometheus.CounterVec // outcome: unchanged, updated, failed
}

// New registers the metrics on a fresh registry.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.commands = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "briefbot_command_duration_seconds",
		Help:    "Time to answer a chat command, by command (unknown for names the bot does not have) and outcome (ok, error).",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"command", "outcome"})
	m.deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "briefbot_deliveries_total",
		Help: "Unsolicited sends (digests, notices) to chat platforms, by platform and outcome (ok, failed)."},
		[]string{"platform", "outcome"})
	m.messages = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "briefbot_delivered_messages_total",
		Help: "Chat messages posted by deliveries, by platform."}, []string{"platform"})
	m.ingested = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "briefbot_ingest_articles_total",
		Help: "Articles given to the engine to store, by result (added, corrected in place, skipped as already stored)."}, []string{"result"})
	m.ingestErrs = prometheus.NewCounter(prometheus.CounterOpts{Name: "briefbot_ingest_errors_total",
		Help: "Ingest calls that failed (nothing of such a call is stored)."})
	m.passes = prometheus.NewCounter(prometheus.CounterOpts{Name: "briefbot_poll_passes_total",
		Help: "Source polling passes run by this process."})
	m.checks = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "briefbot_poll_checks_total",
		Help: "Source checks by outcome (unchanged, updated, failed)."}, []string{"outcome"})
	m.reg.MustRegister(m.commands, m.deliveries, m.messages, m.ingested, m.ingestErrs, m.passes, m.checks,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, o := range []string{"unchanged", "updated", "failed"} {
		m.checks.WithLabelValues(o) // export zeros, so rates work from the first scrape
	}
	return m
}

// Path is where serve exposes the metrics.
const Path = "/metrics"

// Handler serves the registry in Prometheus' text (or protobuf) format.
// With a token, a scrape must present it as a bearer token, like /api/.
func (m *Metrics) Handler(token string) http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, MaxRequestsInFlight: 4,
		Timeout: 10 * time.Second})
	if token == "" {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="briefbot"`)
			http.Error(w, "a valid bearer token is required", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// ObservePass counts one polling pass; it is a sources.PollerConfig OnPass.
func (m *Metrics) ObservePass(r sources.PassReport) {
	if m == nil {
		return
	}
	m.passes.Inc()
	m.checks.WithLabelValues("unchanged").Add(float64(r.Unchanged))
	m.checks.WithLabelValues("updated").Add(float64(r.Updated))
	m.checks.WithLabelValues("failed").Add(float64(r.Failed))
}

// sourcesDesc describes the sources-by-health gauge.
var sourcesDesc = prometheus.NewDesc("briefbot_sources",
	"Polled sources by health (ok, failing, paused after failures, held by an operator, unchecked), read from the database at each scrape.",
	[]string{"health"}, nil)

// sourceCounter is a collector that counts the sources by health when
// scraped, so the figure is the database's, whichever replica is asked.
type sourceCounter struct {
	list func(context.Context) ([]sources.Source, error)
}

func (c sourceCounter) Describe(ch chan<- *prometheus.Desc) { ch <- sourcesDesc }

// Collect emits nothing when the list cannot be read: no figure rather
// than a wrong one (/healthz reports the database).
func (c sourceCounter) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	list, err := c.list(ctx)
	if err != nil {
		return
	}
	n := map[string]int{}
	for _, s := range list {
		n[s.Health()]++
	}
	for _, h := range sources.Healths {
		ch <- prometheus.MustNewConstMetric(sourcesDesc, prometheus.GaugeValue, float64(n[h]), h)
	}
}

// CountSources exports briefbot_sources, counted from list at each
// scrape (serve passes the store's source list).
func (m *Metrics) CountSources(list func(context.Context) ([]sources.Source, error)) {
	if m != nil {
		m.reg.MustRegister(sourceCounter{list})
	}
}

// meteredHandler times every command the adapters pass to the router.
type meteredHandler struct {
	bot.Handler
	m *Metrics
}

// WrapHandler wraps h so that its commands are timed (nil m: h as is).
func (m *Metrics) WrapHandler(h bot.Handler) bot.Handler {
	if m == nil {
		return h
	}
	return meteredHandler{h, m}
}

func (h meteredHandler) Handle(ctx context.Context, req bot.Request) bot.Reply {
	start := time.Now()
	r := h.Handler.Handle(ctx, req)
	outcome := "ok"
	if r.Error {
		outcome = "error"
	}
	h.m.commands.WithLabelValues(h.commandLabel(req.Command), outcome).Observe(time.Since(start).Seconds())
	return r
}

// commandLabel is the command's name when the router has it, else
// "unknown".
func (h meteredHandler) commandLabel(name string) string {
	name = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(name), "/"))
	for _, c := range h.Commands() {
		if c.Name == name {
			return name
		}
	}
	return "unknown"
}

// meteredAdapter counts an adapter's deliveries.
type meteredAdapter struct {
	bot.Adapter
	m *Metrics
}

// WrapAdapters replaces each adapter in place with one that counts its
// sends. The map is the one the digester and notices deliver through, so
// call it before anything sends.
func (m *Metrics) WrapAdapters(as map[string]bot.Adapter) {
	for k, a := range as {
		if _, done := a.(meteredAdapter); !done {
			as[k] = meteredAdapter{a, m}
		}
	}
}

func (a meteredAdapter) Send(ctx context.Context, ch briefing.Channel, r bot.Reply) ([]string, error) {
	ids, err := a.Adapter.Send(ctx, ch, r)
	outcome := "ok"
	if err != nil {
		outcome = "failed"
	}
	a.m.deliveries.WithLabelValues(a.Name(), outcome).Inc()
	a.m.messages.WithLabelValues(a.Name()).Add(float64(len(ids)))
	return ids, err
}

// meteredIngester counts what an ingester stores.
type meteredIngester struct {
	sources.Ingester
	m *Metrics
}

// WrapIngester wraps the engine (or any ingester) so its work is counted.
func (m *Metrics) WrapIngester(in sources.Ingester) sources.Ingester {
	if m == nil {
		return in
	}
	return meteredIngester{in, m}
}

func (i meteredIngester) Ingest(ctx context.Context, arts []briefing.Article) (briefing.IngestResult, error) {
	res, err := i.Ingester.Ingest(ctx, arts)
	if err != nil {
		i.m.ingestErrs.Inc()
		return res, err
	}
	i.m.ingested.WithLabelValues("added").Add(float64(len(res.Added)))
	i.m.ingested.WithLabelValues("skipped").Add(float64(res.Skipped))
	i.m.ingested.WithLabelValues("corrected").Add(float64(len(res.Revised)))
	return res, nil
}
