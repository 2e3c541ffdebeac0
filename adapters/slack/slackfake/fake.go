// Package slackfake is a fake Slack for tests: a real HTTP server on
// 127.0.0.1 speaking Slack's protocols, so the adapter and the briefbot
// binary can be tested offline without stubbing slack-go.
//
// It serves the Web API (form POSTs under /api/, each recorded, with
// Slack's checks of tokens and block limits and scripted 429s with
// Retry-After), apps.connections.open plus a Socket Mode websocket (hello,
// ping frames every 100 ms, pushed envelopes, recorded acks, disconnect
// requests), and response_url sinks. Sign makes the v0 request signature
// Slack puts on HTTP requests.
//
// Invariants: it listens only on 127.0.0.1; it is safe for concurrent use;
// everything it receives is recorded in arrival order (Seq), including
// rate-limited calls, so tests can assert order and exactly-once.
package slackfake

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/briefbot/briefbot/adapters/internal/httpjson"
)

// Tokens the fake accepts by default.
const (
	BotToken = "xoxb-fake-bot-token"
	AppToken = "xapp-fake-app-token"
)

// User is a workspace member, for users.info.
type User struct {
	ID, Name     string
	Admin, Owner bool
}

// Server is a running fake Slack.
type Server struct {
	srv *httptest.Server

	mu        sync.Mutex
	botToken  string
	appToken  string
	seq       int
	calls     []Call
	responses []Response
	acks      []Ack
	limits    map[string][]int // method → queued Retry-After seconds
	users     map[string]User
	conns     []*conn
	opened    int
	dialed    int
	ids       int
	changed   chan struct{}     // closed and replaced on every change
	refuse    map[string]string // channel → error code its posts get (RefusePosts)
	refusal   int               // HTTP status of a refused token; 0: 200 with ok:false
}

// RefuseWithStatus makes refused tokens answer with an HTTP status (401)
// as well as {"ok":false,"error":"invalid_auth"}, as Slack does for some
// token types.
func (s *Server) RefuseWithStatus(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refusal = code
}

// New starts a fake Slack on 127.0.0.1 and stops it when tb ends.
func New(tb testing.TB) *Server {
	s := &Server{botToken: BotToken, appToken: AppToken, limits: map[string][]int{},
		users: map[string]User{}, changed: make(chan struct{}), refuse: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/{method}", s.serveAPI)
	mux.HandleFunc("GET /link", s.serveSocket)
	mux.HandleFunc("POST /response/{id}", s.serveResponse)
	// Started only once s.srv is set: handlers read it.
	s.srv = httptest.NewUnstartedServer(mux) // binds 127.0.0.1
	s.srv.Start()
	tb.Cleanup(s.Close)
	return s
}

// Close drops the sockets and stops the server.
func (s *Server) Close() {
	s.DropConnections()
	s.srv.Close()
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.srv.URL }

// APIURL is the Web API base for slack.OptionAPIURL / SLACK_API_URL.
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// ResponseURL returns a fresh response_url whose posts are recorded.
func (s *Server) ResponseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids++
	return fmt.Sprintf("%s/response/%d", s.srv.URL, s.ids)
}

// SetUser adds or replaces a member for users.info.
func (s *Server) SetUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// RateLimitNext makes the next call to method (a Web API method, or
// "response_url" for the sinks) answer 429 with Retry-After seconds.
// Calls queue: two calls script two 429s.
func (s *Server) RateLimitNext(method string, retryAfterSeconds int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits[method] = append(s.limits[method], retryAfterSeconds)
}

// Wait blocks until cond (which may call the Server's accessors) is true
// or ctx ends. cond is checked after every change the fake records.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("slackfake: condition not met: %w", ctx.Err())
		}
	}
}

// notify wakes Wait; call it with s.mu held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// takeLimit pops a scripted 429 for method; call with s.mu held.
func (s *Server) takeLimit(method string) (int, bool) {
	q := s.limits[method]
	if len(q) == 0 {
		return 0, false
	}
	s.limits[method] = q[1:]
	return q[0], true
}

func (s *Server) serveResponse(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	raw, err := readJSON(r, &body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	resp := Response{Seq: s.seq, Path: r.URL.Path, Raw: raw, Body: body, Status: http.StatusOK}
	if secs, ok := s.takeLimit("response_url"); ok {
		resp.Status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", fmt.Sprint(secs))
	} else if err != nil {
		resp.Status = http.StatusBadRequest
	}
	s.responses = append(s.responses, resp)
	s.notify()
	if resp.Status != http.StatusOK {
		w.WriteHeader(resp.Status)
		return
	}
	httpjson.Write(w, http.StatusOK, map[string]any{"ok": true})
}

func bearer(r *http.Request) string {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return tok
}

// formToken is the token of a Web API call: a form field or a bearer
// header, as Slack accepts either.
func formToken(r *http.Request, form url.Values) string {
	if t := form.Get("token"); t != "" {
		return t
	}
	return bearer(r)
}
