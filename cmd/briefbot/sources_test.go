package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// sourcesApp opens the wired App on a fresh SQLite database with the
// given BRIEFBOT_* keys.
func sourcesApp(t *testing.T, keys map[string]string) (*App, *cli.Env) {
	t.Helper()
	db := storagetest.SQLiteURL(t)
	getenv := func(k string) string {
		if k == "BRIEFBOT_DATABASE_URL" {
			return db
		}
		return keys[k]
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Getenv = getenv
	env := &cli.Env{Config: cfg, Stdio: cli.Stdio{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}}
	env.Log = cfg.Logger(io.Discard)
	app, err := openApp(context.Background(), env, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	return app, env
}

var slackC1 = briefing.Channel{Platform: "slack", ID: "C1"}

func chat(app *App, user bot.User, line string) bot.Reply {
	cmd, text, _ := bot.ParseLine(line)
	return app.Router.Handle(context.Background(), bot.Request{Channel: slackC1, User: user, Command: cmd, Text: text})
}

// harbourFeed is an RSS feed of n stories about the harbour, newest first.
func harbourFeed(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title><link>https://gazette.example/</link>`)
	for i := n; i >= 1; i-- {
		fmt.Fprintf(&b, `<item><guid>urn:gazette:%d</guid><title>Harbour report %d</title><pubDate>%s</pubDate>`+
			`<description>The harbour authority published report %d today, covering berth %d and crane %d.</description></item>`,
			i, i, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z), i, i*3, i*7)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

// answer is what a test feed server responds: a body, or an error status.
type answer struct {
	status int
	body   []byte
}

func serveBytes(t *testing.T, ans *atomic.Pointer[answer]) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		a := ans.Load()
		if a.status != 0 {
			w.WriteHeader(a.status)
		}
		w.Write(a.body)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// Acceptance 4: from chat, loopback, metadata and a public name that
// redirects to a private address are refused with a message.
func TestSourceAddRefusesPrivateAddresses(t *testing.T) {
	app, env := sourcesApp(t, nil)
	var body atomic.Pointer[answer]
	body.Store(&answer{body: harbourFeed(3)})
	private, privateHits := serveBytes(t, &body)
	redirect := httptest.NewServer(http.RedirectHandler(private.URL+"/feed.xml", http.StatusFound))
	defer redirect.Close()

	// news.example is a public address, served (only in this test) by the
	// redirecting listener; the guard checking addresses is the real one.
	guard := &ingest.Guard{
		LookupIP: func(_ context.Context, host string) ([]netip.Addr, error) {
			if host == "news.example" {
				return []netip.Addr{netip.MustParseAddr("203.0.114.7")}, nil
			}
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		},
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if addr == "203.0.114.7:80" {
				addr = strings.TrimPrefix(redirect.URL, "http://")
			}
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}
	s, err := config.LoadSources(env.Config.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if app.Sources, err = newSourcePoller(env, app, s, guard); err != nil {
		t.Fatal(err)
	}
	sources.Register(app.Router, app.Sources, sources.CommandConfig{Now: app.Clock.Now})

	admin := bot.User{ID: "U1", Admin: true}
	for url, want := range map[string]string{
		private.URL + "/feed.xml":      "127.0.0.1 is a loopback address",
		"http://169.254.169.254/":      "169.254.169.254 is a cloud metadata address",
		"http://news.example/feed.xml": "127.0.0.1 is a loopback address",
	} {
		rep := chat(app, admin, "/source add "+url)
		if !rep.Error || !strings.Contains(rep.Text, "refused") || !strings.Contains(rep.Text, want) ||
			!strings.Contains(rep.Text, "BRIEFBOT_ALLOW_PRIVATE_SOURCES") {
			t.Errorf("/source add %s: %q; want a refusal saying %q", url, rep.Text, want)
		}
	}
	if n := privateHits.Load(); n != 0 {
		t.Fatalf("the private feed was fetched %d times", n)
	}
	if rep := chat(app, admin, "/source list"); !strings.Contains(rep.Text, "No sources yet") {
		t.Fatalf("refused sources were stored: %s", rep.Text)
	}
}

// Acceptance 6 (sources half), with BRIEFBOT_ADMINS; and acceptance 3's
// "50 existing items post none" through chat.
func TestSourceAddAdminsAndNoFlood(t *testing.T) {
	app, _ := sourcesApp(t, map[string]string{"BRIEFBOT_ADMINS": "slack:UADMIN", "BRIEFBOT_ALLOW_PRIVATE_SOURCES": "true"})
	var body atomic.Pointer[answer]
	body.Store(&answer{body: harbourFeed(50)})
	srv, hits := serveBytes(t, &body)
	url := srv.URL + "/feed.xml"

	if rep := chat(app, bot.User{ID: "U2"}, "/source add "+url); !rep.Error || !strings.Contains(rep.Text, "only briefbot admins") {
		t.Fatalf("non-admin /source add: %+v", rep)
	}
	if hits.Load() != 0 {
		t.Fatal("a refused /source add fetched the feed")
	}
	rep := chat(app, bot.User{ID: "UADMIN"}, "/source add "+url)
	if rep.Error || !strings.Contains(rep.Text, "Added source #1 “Harbour Gazette”") ||
		!strings.Contains(rep.Text, "50 current items are stored as already seen") {
		t.Fatalf("admin /source add: %+v", rep)
	}
	if rep := chat(app, bot.User{ID: "U2"}, "/source list"); rep.Error || !strings.Contains(rep.Text, "OK · last success just now") {
		t.Fatalf("/source list: %+v", rep)
	}
	if rep := chat(app, bot.User{ID: "U2"}, "/source remove 1"); !rep.Error {
		t.Fatalf("non-admin /source remove: %+v", rep)
	}
	srcs, err := app.Store.Sources(context.Background())
	if err != nil || len(srcs) != 1 || srcs[0].Channel != slackC1 || srcs[0].AddedBy != "UADMIN" || srcs[0].Trusted {
		t.Fatalf("stored sources %+v, %v", srcs, err)
	}
	fresh := 0
	err = app.Store.ScanArticles(context.Background(), 0, 100, func(as []briefing.Article) error {
		for _, a := range as {
			if !a.Backfill {
				fresh++
			}
		}
		return nil
	})
	if err != nil || fresh != 0 || mustCount(t, app) != 50 {
		t.Fatalf("%d of %d stored articles are announceable, want 0 of 50", fresh, mustCount(t, app))
	}
	if rep := chat(app, bot.User{ID: "UADMIN"}, "/source remove 1"); rep.Error || !strings.Contains(rep.Text, "Removed source #1") {
		t.Fatalf("admin /source remove: %+v", rep)
	}
}

func mustCount(t *testing.T, app *App) int64 {
	n, err := app.Store.CountArticles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// sentReply is an adapter that records what it is asked to send.
type sentReply struct {
	mu   sync.Mutex
	sent []string
}

func (a *sentReply) Name() string                                 { return "slack" }
func (a *sentReply) Run(ctx context.Context, _ bot.Handler) error { <-ctx.Done(); return nil }
func (a *sentReply) Send(_ context.Context, ch briefing.Channel, r bot.Reply) ([]string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sent = append(a.sent, ch.String()+": "+r.Title+": "+r.Text)
	return []string{"m1"}, nil
}

// A source failing BRIEFBOT_SOURCE_MAX_FAILURES times in a row is paused,
// and the channel that added it hears so through its platform's adapter.
func TestPausedSourceTellsItsChannel(t *testing.T) {
	app, env := sourcesApp(t, map[string]string{"BRIEFBOT_ALLOW_PRIVATE_SOURCES": "true", "BRIEFBOT_SOURCE_MAX_FAILURES": "2",
		"BRIEFBOT_POLL_INTERVAL": "5m"})
	clk := clockwork.NewFakeClockAt(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	app.Clock = clk
	if err := wireSources(env, app); err != nil {
		t.Fatal(err)
	}
	slack := &sentReply{}
	app.Adapters["slack"] = slack
	var body atomic.Pointer[answer]
	body.Store(&answer{body: harbourFeed(2)})
	srv, _ := serveBytes(t, &body)
	if rep := chat(app, bot.User{ID: "U1", Admin: true}, "/source add "+srv.URL+"/feed.xml"); rep.Error {
		t.Fatal(rep.Text)
	}
	body.Store(&answer{status: http.StatusBadGateway})
	for i := 0; i < 2; i++ {
		clk.Advance(time.Duration(5<<i) * time.Minute) // back-off doubles
		if rep, err := app.Sources.PollDue(context.Background()); err != nil || rep.Failed != 1 {
			t.Fatalf("check %d: %+v, %v", i+1, rep, err)
		}
	}
	slack.mu.Lock()
	defer slack.mu.Unlock()
	if len(slack.sent) != 1 || !strings.HasPrefix(slack.sent[0], "slack:C1: Source paused: Source #1") ||
		!strings.Contains(slack.sent[0], "HTTP 502") {
		t.Fatalf("sent %q; want one pause notice to slack:C1", slack.sent)
	}
	if rep := chat(app, bot.User{ID: "U2"}, "/source list"); !strings.Contains(rep.Text, "PAUSED after 2 failed checks") {
		t.Fatalf("/source list: %s", rep.Text)
	}
}
