// Package httpapi is briefbot's HTTP JSON API: health and briefings for
// scripts, dashboards and other bots.
//
// Invariants: every response is JSON; errors carry only user-safe text
// (internal details are logged); when a token is configured every /api/
// request must present it as a bearer token, compared in constant time.
// Without a token the API is open to whoever reaches the server, so it
// answers as no channel's member: every source private to a channel
// (/source add … for this channel) is left out of its answers.
package httpapi

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/adapters/internal/httpjson"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// Engine is what the API needs of the briefing engine.
type Engine interface {
	Brief(ctx context.Context, topic string, opt briefing.BriefOptions) (briefing.Briefing, error)
	Match(ctx context.Context, topic string, opt briefing.MatchOptions) ([]briefing.Match, error)
	CountMatches(ctx context.Context, topic string) (int, error)
	CountScoped(ctx context.Context, topic string, hidden map[string]bool, only []string) (n int, atLeast bool, err error)
}

// Pinger reports whether the database is reachable.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config configures the API.
type Config struct {
	Token      string // bearer token required on /api/ routes when set
	BriefLimit int    // default and maximum stories per briefing (default 5, max 50)
	Sentences  int
	Logger     *slog.Logger
	// Adapters reports each chat adapter's state ("up" or "down: why")
	// for /healthz, which then says "degraded" while one is down (still
	// 200: the rest serves). Nil: no adapters to report.
	Adapters func() map[string]string
	// Now is the clock an age such as since=2d counts back from (nil:
	// time.Now).
	Now func() time.Time
	// MaxConcurrent bounds the briefs and matches answered at once (0:
	// twice GOMAXPROCS); a request waits up to QueueWait (0: 2 s) for a
	// turn, then gets 503 with Retry-After. Each may use the query budget
	// of CPU, so many at once would starve chat and ingest.
	MaxConcurrent int
	QueueWait     time.Duration
}

// Handler serves the API routes.
type Handler struct {
	eng Engine
	db  Pinger
	cfg Config
	log *slog.Logger
	mux *http.ServeMux
	// turns holds one token per brief or match being answered
	// (Config.MaxConcurrent).
	turns chan struct{}
}

// New returns the API handler.
func New(eng Engine, db Pinger, cfg Config) *Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.BriefLimit <= 0 {
		cfg.BriefLimit = 5
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 2 * runtime.GOMAXPROCS(0)
	}
	if cfg.QueueWait <= 0 {
		cfg.QueueWait = 2 * time.Second
	}
	h := &Handler{eng: eng, db: db, cfg: cfg, log: cfg.Logger, mux: http.NewServeMux(), turns: make(chan struct{}, cfg.MaxConcurrent)}
	h.mux.HandleFunc("GET /healthz", h.health)
	h.mux.HandleFunc("GET /api/v1/brief", h.auth(h.inTurn(h.brief)))
	h.mux.HandleFunc("GET /api/v1/match", h.auth(h.inTurn(h.match)))
	h.mux.HandleFunc("GET /api/v1/articles/{id}", h.auth(h.article))
	h.mux.HandleFunc("/api/", h.auth(h.unknown))
	return h
}

// Routes lists the patterns the handler serves, for mounting on a mux.
func (h *Handler) Routes() []string {
	return []string{"GET /healthz", "GET /api/v1/brief", "GET /api/v1/match", "GET /api/v1/articles/{id}", "/api/"}
}

// unknown answers what no endpoint serves, in JSON like every /api/
// answer: 405 for another method on an endpoint's path, else 404.
func (h *Handler) unknown(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p == "/api/v1/brief" || p == "/api/v1/match" || (strings.HasPrefix(p, "/api/v1/articles/") && !strings.Contains(p[len("/api/v1/articles/"):], "/")) {
		w.Header().Set("Allow", "GET, HEAD")
		httpjson.WriteIndented(w, http.StatusMethodNotAllowed, errorBody{r.Method + " is not allowed here: use GET"})
		return
	}
	httpjson.WriteIndented(w, http.StatusNotFound, errorBody{"no such endpoint: the API has GET /api/v1/brief, /api/v1/match and /api/v1/articles/{id}"})
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

func (h *Handler) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if h.cfg.Token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(h.cfg.Token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="briefbot"`)
				httpjson.WriteIndented(w, http.StatusUnauthorized, errorBody{"a valid bearer token is required"})
				return
			}
		}
		next(w, r)
	}
}

// inTurn answers with next when one of Config.MaxConcurrent turns is free
// within Config.QueueWait, else 503 with Retry-After: a burst of requests
// waits its turn instead of running all at once.
func (h *Handler) inTurn(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		wait := time.NewTimer(h.cfg.QueueWait)
		defer wait.Stop()
		select {
		case h.turns <- struct{}{}:
			defer func() { <-h.turns }()
			next(w, r)
		case <-wait.C:
			w.Header().Set("Retry-After", "1")
			httpjson.WriteIndented(w, http.StatusServiceUnavailable, errorBody{"busy: too many requests at once; retry in a second"})
		case <-r.Context().Done():
		}
	}
}

func (h *Handler) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := h.db.Ping(ctx); err != nil {
		h.log.Warn("health check: database unreachable", "err", err)
		httpjson.WriteIndented(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
		return
	}
	body := map[string]any{"status": "ok"}
	if h.cfg.Adapters != nil {
		adapters := h.cfg.Adapters()
		for _, state := range adapters {
			if state != "up" {
				body["status"] = "degraded"
			}
		}
		body["adapters"] = adapters
	}
	httpjson.WriteIndented(w, http.StatusOK, body)
}

func (h *Handler) brief(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, since, depth, err := h.options(q, true)
	if err != nil {
		h.fail(w, err)
		return
	}
	hidden, err := h.hidden(r.Context())
	if err != nil {
		h.fail(w, err)
		return
	}
	b, err := h.eng.Brief(r.Context(), q.Get("topic"), briefing.BriefOptions{Limit: limit, Since: since, Sentences: h.cfg.Sentences,
		Depth: depth, Hidden: hidden})
	if err != nil {
		h.fail(w, err)
		return
	}
	httpjson.WriteIndented(w, http.StatusOK, b)
}

const maxLimit = 50

// hidden returns the sources a request may not read: none for the
// operator's API (a token is set), else every channel-private source.
func (h *Handler) hidden(ctx context.Context) (map[string]bool, error) {
	sc, ok := h.db.(briefing.SourceScopes)
	if h.cfg.Token != "" || !ok {
		return nil, nil
	}
	// The zero channel is nobody's: every private source is another
	// channel's.
	return sc.HiddenSources(ctx, briefing.Channel{})
}

// options reads a request's limit, since (when withSince) and depth, in
// that order: the first bad one is the error.
func (h *Handler) options(q url.Values, withSince bool) (limit int, since time.Time, depth int, err error) {
	if limit, err = h.limit(q.Get("limit")); err != nil {
		return 0, time.Time{}, 0, err
	}
	if withSince {
		if since, err = parseSince(q.Get("since"), h.cfg.Now()); err != nil {
			return 0, time.Time{}, 0, err
		}
	}
	depth, err = parseDepth(q.Get("depth"))
	return limit, since, depth, err
}

func (h *Handler) limit(s string) (int, error) {
	if s == "" {
		return h.cfg.BriefLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxLimit {
		return 0, briefing.Errorf(briefing.EInvalid, "limit must be a whole number from 1 to %d", maxLimit)
	}
	return n, nil
}

// parseDepth reads how many of a topic's newest candidates to read
// (briefing.MatchOptions.Depth); "" is the server's setting.
func parseDepth(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return briefing.ParseRankDepth(s)
}

// parseSince reads what /brief's "since" takes (2d, 12h, 3w, a date) and
// an RFC 3339 time, also one whose "+" arrived as a space because the
// client did not URL-encode it.
func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, v := range []string{s, strings.Replace(s, " ", "+", 1)} {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t, nil
		}
	}
	t, err := bot.ParseSince(s, now.UTC()) // day words ("yesterday") are UTC days
	if err != nil {
		return time.Time{}, briefing.Errorf(briefing.EInvalid, "since must be an age (12h, 2d, 3w), a date (2019-08-23), today, yesterday, a weekday or an RFC 3339 time")
	}
	return t, nil
}

type errorBody struct {
	Error string `json:"error"`
}

func (h *Handler) fail(w http.ResponseWriter, err error) {
	if errors.Is(err, context.Canceled) {
		// The client hung up: no one reads the answer, and nothing failed.
		h.log.Debug("api request cancelled by the client", "err", err)
		httpjson.WriteIndented(w, http.StatusServiceUnavailable, errorBody{"request cancelled"})
		return
	}
	status := map[string]int{briefing.EInvalid: 400, briefing.ENotFound: 404, briefing.EForbidden: 403,
		briefing.EConflict: 409}[briefing.ErrorCode(err)]
	if status == 0 {
		status = http.StatusInternalServerError
		h.log.Error("api request failed", "err", err)
	}
	httpjson.WriteIndented(w, status, errorBody{briefing.ErrorMessage(err)})
}
