package slack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

const testSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// world is an adapter wired to a fake Slack and a real router over an
// in-memory store holding testdata/articles.json.
type world struct {
	fake   *slackfake.Server
	a      *Adapter
	store  *briefingtest.MemStore
	router *bot.Router
	h      *countingHandler
	srv    *httptest.Server // the adapter's HTTP endpoints
}

func newWorld(t *testing.T, mod func(*Config)) *world {
	t.Helper()
	fake := slackfake.New(t)
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	if _, err := eng.Ingest(context.Background(), loadArticles(t)); err != nil {
		t.Fatal(err)
	}
	router := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(router, eng, store, bot.CoreConfig{})
	cfg := Config{BotToken: slackfake.BotToken, SigningSecret: testSecret, APIURL: fake.APIURL(), Pace: time.Millisecond}
	if mod != nil {
		mod(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := &countingHandler{Handler: router}
	srv := httptest.NewServer(a.Handler(h))
	t.Cleanup(func() { srv.Close(); a.work.Wait() })
	return &world{fake: fake, a: a, store: store, router: router, h: h, srv: srv}
}

func loadArticles(t *testing.T) []briefing.Article {
	t.Helper()
	b, err := os.ReadFile("testdata/articles.json")
	if err != nil {
		t.Fatal(err)
	}
	var as []briefing.Article
	if err := json.Unmarshal(b, &as); err != nil {
		t.Fatal(err)
	}
	return as
}

// countingHandler counts the requests that reach the router and can hold
// them until released.
type countingHandler struct {
	bot.Handler
	mu    sync.Mutex
	reqs  []bot.Request
	gate  chan struct{} // when set, Handle waits for it to close
	entry chan struct{} // when set, Handle signals entry on it
}

func (c *countingHandler) Handle(ctx context.Context, req bot.Request) bot.Reply {
	c.mu.Lock()
	c.reqs = append(c.reqs, req)
	gate, entry := c.gate, c.entry
	c.mu.Unlock()
	if entry != nil {
		entry <- struct{}{}
	}
	if gate != nil {
		<-gate
	}
	return c.Handler.Handle(ctx, req)
}

func (c *countingHandler) requests() []bot.Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]bot.Request(nil), c.reqs...)
}

// post sends a signed form or JSON body to the adapter's path, signed at
// time at with secret, with a 3 s client timeout: Slack's window.
func (w *world) post(t *testing.T, path, secret string, at time.Time, contentType string, body []byte) (int, []byte) {
	t.Helper()
	req, err := slackfake.NewSignedRequest(context.Background(), w.srv.URL+path, secret, at, contentType, body)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

const formType = "application/x-www-form-urlencoded"

// command posts a correctly signed slash command.
func (w *world) command(t *testing.T, cmd, text, channel, responseURL string) (int, []byte) {
	t.Helper()
	form := slackfake.CommandForm(cmd, text, channel, "U0ALICE", responseURL)
	return w.post(t, "/slack/commands", testSecret, time.Now(), formType, []byte(form.Encode()))
}

func waitFor(t *testing.T, fake *slackfake.Server, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := fake.Wait(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// responseBody decodes a slash command's direct answer.
func responseBody(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, b)
	}
	return m
}

// allTexts returns every text of the messages as Slack receives them:
// each fallback and each text in the blocks' JSON.
func allTexts(t *testing.T, msgs []message) []string {
	t.Helper()
	var out []string
	for _, m := range msgs {
		b, err := json.Marshal(m.blocks)
		if err != nil {
			t.Fatal(err)
		}
		out = append(append(out, m.text), slackfake.BlockTexts(string(b))...)
	}
	return out
}
