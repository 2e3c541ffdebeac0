package web

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/base32"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

//go:embed templates/*.html static/web.css
var assets embed.FS

// Store is what the web side reads and changes (package storage
// implements it).
type Store interface {
	briefing.WebStore
	// HiddenSources keeps other channels' private sources out of a
	// channel's pages and feeds.
	briefing.SourceScopes
	// Watches lists one channel's watches (briefing.WatchStore).
	Watches(ctx context.Context, ch briefing.Channel) ([]briefing.Watch, error)
	// AllWatches lists every channel's watches.
	AllWatches(ctx context.Context) ([]briefing.Watch, error)
	// Schedules lists the digest schedules of the given platforms (all when
	// none are given).
	Schedules(ctx context.Context, platforms ...string) ([]digest.Schedule, error)
	// LatestDeliveries lists the newest deliveries of every channel.
	LatestDeliveries(ctx context.Context, limit int) ([]digest.Delivery, error)
	// RequeueDelivery makes one unknown delivery due again; false when it
	// is not unknown.
	RequeueDelivery(ctx context.Context, id int64, now time.Time) (bool, error)
	// Sources lists every source with its health.
	Sources(ctx context.Context) ([]sources.Source, error)
	// SetSourcePaused pauses or resumes a source; ENotFound when absent.
	SetSourcePaused(ctx context.Context, id int64, paused bool, now time.Time) (sources.Source, error)
}

// Engine answers a topic with a briefing (for the topic feeds).
type Engine interface {
	Brief(ctx context.Context, topic string, opt briefing.BriefOptions) (briefing.Briefing, error)
}

// Config configures the web side.
type Config struct {
	// PublicURL is the address people reach the server at
	// (https://news.example.com); links in chat and feeds start with it.
	// Without it nothing links to the web side: no permalinks are made
	// and no feed URLs are shown (the pages still serve).
	PublicURL string
	// AdminToken guards /admin; empty turns the operator page off (404).
	AdminToken string
	// PageTTL is how long a permalink serves (default 30 days).
	PageTTL time.Duration
	// FeedLimit is how many stories a topic feed lists (default 20).
	FeedLimit int
	// Zone is the time zone dates are shown in (default UTC).
	Zone   *time.Location
	Now    func() time.Time
	Logger *slog.Logger
}

// DefaultPageTTL is how long permalinks serve unless configured.
const DefaultPageTTL = 30 * 24 * time.Hour

// Server serves the web side and hooks the chat side.
type Server struct {
	store  Store
	eng    Engine
	cfg    Config
	log    *slog.Logger
	tpl    *template.Template
	css    []byte
	mux    *http.ServeMux
	secure bool // cookies carry Secure: the public URL is https
	admin  adminKeys
	// signIns limits wrong operator sign-ins.
	signIns signInLimit

	pruneMu   sync.Mutex
	lastPrune time.Time
}

// New returns the web server. An invalid PublicURL is an error naming it.
func New(eng Engine, store Store, cfg Config) (*Server, error) {
	if cfg.PageTTL <= 0 {
		cfg.PageTTL = DefaultPageTTL
	}
	if cfg.FeedLimit <= 0 {
		cfg.FeedLimit = 20
	}
	if cfg.Zone == nil {
		cfg.Zone = time.UTC
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	base, err := ParsePublicURL(cfg.PublicURL)
	if err != nil {
		return nil, err
	}
	cfg.PublicURL = base
	tpl, err := template.New("").Funcs(template.FuncMap{"sub": func(a, b int) int { return a - b }}).
		ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	css, err := assets.ReadFile("static/web.css")
	if err != nil {
		return nil, fmt.Errorf("web: css: %w", err)
	}
	s := &Server{store: store, eng: eng, cfg: cfg, log: cfg.Logger, tpl: tpl, css: css, mux: http.NewServeMux(),
		secure: strings.HasPrefix(base, "https://"), admin: newAdminKeys(cfg.AdminToken)}
	s.routes()
	return s, nil
}

// ParsePublicURL checks a public base URL: empty, or an absolute http(s)
// URL without query or fragment. It returns it without a trailing slash.
func ParsePublicURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("BRIEFBOT_PUBLIC_URL: %q is not an http(s) address such as https://news.example.com", raw)
	}
	return strings.TrimRight(raw, "/"), nil
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("GET /static/web.css", s.stylesheet)
	s.mux.HandleFunc("GET /b/{id}", s.page)
	s.mux.HandleFunc("GET /feeds/{file}", s.feed)
	s.mux.HandleFunc("GET /admin", s.adminPage)
	s.mux.HandleFunc("POST /admin/login", s.login)
	s.mux.HandleFunc("POST /admin/logout", s.logout)
	s.mux.HandleFunc("POST /admin/sources/{id}/{action}", s.sourceAction)
	s.mux.HandleFunc("POST /admin/deliveries/{id}/retry", s.retryDelivery)
}

// Routes lists the patterns the server handles, for mounting on a mux.
func (s *Server) Routes() []string {
	return []string{"GET /{$}", "GET /static/web.css", "GET /b/{id}", "GET /feeds/{file}", "GET /admin",
		"POST /admin/login", "POST /admin/logout", "POST /admin/sources/{id}/{action}", "POST /admin/deliveries/{id}/retry"}
}

// ServeHTTP sets the security headers every response carries, then
// routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "+
		"base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	s.mux.ServeHTTP(w, r)
}

func (s *Server) stylesheet(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(s.css)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "home.html", map[string]any{"Title": "briefbot"})
}

// render executes a template into a buffer first, so a failure is a clean
// 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	var b strings.Builder
	if err := s.tpl.ExecuteTemplate(&b, name, data); err != nil {
		s.log.Error("web: render failed", "template", name, "err", err)
		http.Error(w, "Something went wrong showing this page.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(noBidi(b.String())))
}

// noBidi turns bidirectional embedding, override and isolate characters
// (bot.IsBidiControl) into spaces, as chat does with article text: in a
// title they reverse or reorder what follows it on the page ("‮gnp.exe"
// shown as "exe.png"). The templates hold none, so whatever is replaced
// came from an article, a feed or a user.
func noBidi(s string) string {
	if !strings.ContainsAny(s, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if bot.IsBidiControl(r) {
			return ' '
		}
		return r
	}, s)
}

// notFound is the one answer for anything that does not exist, has
// expired or was revoked: none of them says which.
func (s *Server) notFound(w http.ResponseWriter) {
	s.render(w, http.StatusNotFound, "error.html", map[string]any{"Title": "Not found",
		"Message": "There is nothing at this address. Briefing links expire, and feed links stop working when they are reset or the topic is unwatched."})
}

// failed answers a lookup's error, if any: 404 for ENotFound, else as
// fail does; it reports whether it answered.
func (s *Server) failed(w http.ResponseWriter, err error) bool {
	if briefing.ErrorCode(err) == briefing.ENotFound {
		s.notFound(w)
		return true
	} else if err != nil {
		s.fail(w, err)
		return true
	}
	return false
}

func (s *Server) fail(w http.ResponseWriter, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	s.log.Error("web: request failed", "err", err)
	s.render(w, http.StatusInternalServerError, "error.html", map[string]any{"Title": "Something went wrong",
		"Message": "briefbot could not answer this request. Try again shortly."})
}

// newID returns 128 random bits as 26 lower-case base32 characters: safe
// in any URL and in every chat platform's markup.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// validID reports whether s could be a newID: anything else is not looked
// up.
func validID(s string) bool {
	if len(s) != 26 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}

// safeHref returns u when it is an absolute http(s) URL, else "": the only
// links that may become an href.
func safeHref(u string) string {
	u = strings.TrimSpace(u)
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || (!strings.EqualFold(p.Scheme, "http") && !strings.EqualFold(p.Scheme, "https")) {
		return ""
	}
	return p.String()
}
