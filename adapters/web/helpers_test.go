package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/web"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
)

// Hand-written news: two dated stories on a harbour strike from two
// outlets each, one undated note, and one hostile article whose title is
// markup and whose link is a script.
const (
	hostileTitle = `<img src=x onerror=alert(1)> harbour strike`
	hostileLink  = "javascript:alert(1)"
)

func fixtureArticles() []briefing.Article {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 8, 30, 0, 0, time.UTC) }
	return []briefing.Article{
		{Source: "Tidewater Post", GUID: "tp-1", URL: "https://tidewater.example/strike-begins", Title: "Dockworkers begin harbour strike over night shifts",
			Published: day(3), Text: "Dockworkers at the northern harbour walked out on Tuesday over a new night-shift rota. The union said the strike would last until the port authority withdrew the rota.\n\nShips queued outside the breakwater by the evening."},
		{Source: "Coastal Ledger", GUID: "cl-1", URL: "https://ledger.example/dock-walkout", Title: "Harbour strike begins as dockworkers walk out over night shifts",
			Published: day(3).Add(2 * time.Hour), Text: "Dockworkers at the northern harbour walked out on Tuesday over a new night-shift rota, the union said. The strike would last until the port authority withdrew the rota, it added.\n\nShips queued outside the breakwater."},
		{Source: "Tidewater Post", GUID: "tp-2", URL: "https://tidewater.example/strike-ends", Title: "Harbour strike ends after port authority drops night-shift rota",
			Published: day(9), Text: "The harbour strike ended on Monday after the port authority dropped the disputed night-shift rota. Cranes were moving again by noon and the queue of ships began to clear.\n\nThe union called the result a fair outcome."},
		{Source: "Mallow Review", GUID: "mr-1", URL: hostileLink, Title: hostileTitle,
			Published: day(6), Text: "A commentary on the harbour strike and what it means for the town's fishing fleet. Several boat owners said the strike cost them a week of landings."},
	}
}

type fixture struct {
	t      *testing.T
	store  *storage.Store
	eng    *briefing.Engine
	router *bot.Router
	web    *web.Server
	now    time.Time
	mu     sync.Mutex
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// newFixture is a real SQLite store and engine with the fixture articles,
// the core commands, and the web side hooked into them.
func newFixture(t *testing.T, publicURL, adminToken string) *fixture {
	t.Helper()
	return newFixtureWith(t, web.Config{PublicURL: publicURL, AdminToken: adminToken})
}

// newFixtureWith is newFixture with the web side's settings (its clock is
// the fixture's).
func newFixtureWith(t *testing.T, cfg web.Config) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "web.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, store: st, now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	f.eng = briefing.NewEngine(st, briefing.Config{})
	if _, err := f.eng.Ingest(ctx, fixtureArticles()); err != nil {
		t.Fatal(err)
	}
	f.router = bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(f.router, f.eng, st, bot.CoreConfig{BriefLimit: 2})
	digest.Register(f.router, digest.NewDigester(f.eng, st, map[string]bot.Adapter{}, digest.DigesterConfig{Owner: "test", Now: f.clock}))
	cfg.Now = f.clock
	f.web, err = web.New(f.eng, st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.web.WireRouter(f.router)
	return f
}

var (
	chX = briefing.Channel{Platform: "slack", ID: "C1"}
	chY = briefing.Channel{Platform: "discord", ID: "42"}
)

func (f *fixture) say(ch briefing.Channel, line string) bot.Reply {
	f.t.Helper()
	cmd, text, _ := bot.ParseLine(line)
	return f.router.Handle(context.Background(), bot.Request{Channel: ch, User: bot.User{ID: "U1"}, Command: cmd, Text: text})
}

type response struct {
	code    int
	body    string
	header  http.Header
	cookies []*http.Cookie
}

// do sends one request straight to the handler, as a browser would.
func (f *fixture) do(method, path string, form url.Values, cookies ...*http.Cookie) response {
	f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	f.web.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return response{code: res.StatusCode, body: string(b), header: res.Header, cookies: res.Cookies()}
}

// doWith sends a GET with extra request headers.
func (f *fixture) doWith(method, path string, headers map[string]string) response {
	f.t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.web.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return response{code: res.StatusCode, body: string(b), header: res.Header, cookies: res.Cookies()}
}

// linkIn finds the first URL in s that starts with prefix.
func linkIn(s, prefix string) string {
	i := strings.Index(s, prefix)
	if i < 0 {
		return ""
	}
	end := strings.IndexAny(s[i:], " \n")
	if end < 0 {
		return s[i:]
	}
	return s[i : i+end]
}
