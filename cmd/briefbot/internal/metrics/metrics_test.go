package metrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// scrape fetches the metrics text through the handler, with token as the
// bearer token when set.
func scrape(t *testing.T, h http.Handler, token string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, Path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

func wantLines(t *testing.T, text string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(text, "\n"+l+"\n") {
			t.Errorf("metrics lack %q", l)
		}
	}
}

func TestMetricsCountCommandsDeliveriesIngestAndPolls(t *testing.T) {
	m := New()
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	router := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(router, eng, store, bot.CoreConfig{})
	h := m.WrapHandler(router)
	ch := briefing.Channel{Platform: "console", ID: "C1"}
	for _, cmd := range []string{"/Help", "watch", "watch", "no-such-command", "x\"y{z}"} {
		h.Handle(context.Background(), bot.Request{Channel: ch, Command: cmd, Text: map[bool]string{true: "gsomia"}[cmd == "watch"]})
	}
	h.Handle(context.Background(), bot.Request{Channel: ch, Command: "brief"}) // topic missing: an error

	as := map[string]bot.Adapter{"console": &recorder{fails: 1}}
	m.WrapAdapters(as)
	m.WrapAdapters(as) // twice is once
	for range 3 {
		as["console"].Send(context.Background(), ch, bot.Reply{Text: "digest"})
	}

	in := m.WrapIngester(eng)
	arts := []briefing.Article{{Source: "s", Title: "One", Text: "One story."}, {Source: "s", Title: "Two", Text: "Two."}}
	in.Ingest(context.Background(), arts)
	in.Ingest(context.Background(), arts)
	if _, err := m.WrapIngester(failing{}).Ingest(context.Background(), arts); err == nil {
		t.Fatal("the wrapper swallowed an error")
	}
	m.ObservePass(sources.PassReport{Due: 4, Claimed: 4, Unchanged: 2, Updated: 1, Failed: 1, New: 3})

	code, text := scrape(t, m.Handler(""), "")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	wantLines(t, text,
		`briefbot_command_duration_seconds_count{command="help",outcome="ok"} 1`,
		`briefbot_command_duration_seconds_count{command="watch",outcome="ok"} 2`,
		`briefbot_command_duration_seconds_count{command="unknown",outcome="error"} 2`,
		`briefbot_command_duration_seconds_count{command="brief",outcome="error"} 1`,
		`briefbot_deliveries_total{outcome="failed",platform="console"} 1`,
		`briefbot_deliveries_total{outcome="ok",platform="console"} 2`,
		`briefbot_delivered_messages_total{platform="console"} 2`,
		`briefbot_ingest_articles_total{result="added"} 2`,
		`briefbot_ingest_articles_total{result="skipped"} 2`,
		`briefbot_ingest_errors_total 1`,
		`briefbot_poll_passes_total 1`,
		`briefbot_poll_checks_total{outcome="failed"} 1`,
		`briefbot_poll_checks_total{outcome="unchanged"} 2`,
	)
	if !strings.Contains(text, "process_resident_memory_bytes ") || !strings.Contains(text, "go_goroutines ") {
		t.Error("process and Go runtime metrics missing")
	}
}

type failing struct{}

func (failing) Ingest(context.Context, []briefing.Article) (briefing.IngestResult, error) {
	return briefing.IngestResult{}, errors.New("database is locked")
}

func TestMetricsRequireTheAPITokenWhenSet(t *testing.T) {
	h := New().Handler("s3cret")
	for _, tok := range []string{"", "wrong", "s3cret-and-more"} {
		if code, body := scrape(t, h, tok); code != http.StatusUnauthorized || strings.Contains(body, "go_goroutines") {
			t.Errorf("token %q: status %d", tok, code)
		}
	}
	if code, body := scrape(t, h, "s3cret"); code != http.StatusOK || !strings.Contains(body, "go_goroutines") {
		t.Errorf("right token: status %d", code)
	}
}

// recorder is an adapter whose next fails sends fail and post nothing;
// the others post one message each.
type recorder struct {
	mu    sync.Mutex
	sent  int
	fails int
}

func (r *recorder) Name() string                                 { return "console" }
func (r *recorder) Run(ctx context.Context, _ bot.Handler) error { <-ctx.Done(); return nil }

func (r *recorder) Send(context.Context, briefing.Channel, bot.Reply) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fails > 0 {
		r.fails--
		return nil, errors.New("platform unavailable (503)")
	}
	r.sent++
	return []string{fmt.Sprint("msg-", r.sent)}, nil
}

// The sources' health is counted at each scrape from the store, so an
// operator can alert on failing or paused feeds (every replica reports
// the same shared list); every health is exported, zeros included.
func TestMetricsCountSourcesByHealth(t *testing.T) {
	m := New()
	list := []sources.Source{
		{ID: 1, State: sources.State{LastCheck: time.Unix(1, 0)}},
		{ID: 2, State: sources.State{LastCheck: time.Unix(1, 0)}},
		{ID: 3, State: sources.State{LastCheck: time.Unix(1, 0), Failures: 2}},
		{ID: 4, State: sources.State{LastCheck: time.Unix(1, 0), Failures: 6, Paused: true}},
		{ID: 5, Held: true},
	}
	var fail bool
	m.CountSources(func(context.Context) ([]sources.Source, error) {
		if fail {
			return nil, errors.New("database is down")
		}
		return list, nil
	})
	_, text := scrape(t, m.Handler(""), "")
	wantLines(t, text,
		`briefbot_sources{health="ok"} 2`,
		`briefbot_sources{health="failing"} 1`,
		`briefbot_sources{health="paused"} 1`,
		`briefbot_sources{health="held"} 1`,
		`briefbot_sources{health="unchecked"} 0`,
	)
	fail = true
	if code, text := scrape(t, m.Handler(""), ""); code != http.StatusOK || strings.Contains(text, "briefbot_sources{") ||
		!strings.Contains(text, "briefbot_poll_passes_total") {
		t.Errorf("scrape with the store down: %d; want the other metrics, no source counts:\n%s", code, text)
	}
}
