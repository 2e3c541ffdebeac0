// Package discordfake is a fake Discord for tests: the REST API (v9) and
// the gateway websocket, served on 127.0.0.1 and speaking the real wire
// protocol, so the adapter under test runs the real discordgo client.
//
// Invariants:
//   - Every REST request is recorded, whatever its answer, so a test can
//     assert that nothing was sent as firmly as that something was.
//   - Messages are checked against Discord's limits and refused with 400
//     like Discord does, so a test that sends too much fails loudly.
//   - Scripted 429s answer with the JSON body and headers Discord sends.
package discordfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Call is one recorded REST request and the status the fake answered.
type Call struct {
	Method string
	Path   string // "/api/v9/channels/55/messages"
	Query  url.Values
	Header http.Header
	Body   []byte
	Status int
	// ID is the id of the message the fake created, for a message post.
	ID string
	At time.Time
}

// Server is the fake. Its zero value is not usable; call New.
type Server struct {
	URL string // "http://127.0.0.1:PORT"; give it to the adapter as its API URL

	srv     *httptest.Server
	mu      sync.Mutex
	calls   []Call
	changed chan struct{} // closed and replaced on every change
	scripts []*script
	refused []string // Authorization values answered with 401
	nextID  int64
	posted  map[string]string // channel message id → its channel
	gw      gateway
}

// script is a scripted answer for the next requests to a route.
type script struct {
	method, path string
	status       int
	retryAfter   float64 // for 429
	times        int
}

// New starts a fake and stops it when the test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{changed: make(chan struct{}), nextID: 1000, posted: map[string]string{}}
	s.gw.server = s
	s.gw.heartbeat = 45000
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	tb.Cleanup(s.Close)
	return s
}

// Close drops every gateway connection and stops the server.
func (s *Server) Close() {
	s.gw.closeAll()
	s.srv.Close()
}

// RateLimit makes the next times requests to method and path answer 429
// with retry_after seconds.
func (s *Server) RateLimit(method, path string, retryAfter float64, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts = append(s.scripts, &script{method, path, http.StatusTooManyRequests, retryAfter, times})
}

// RefuseToken makes every REST request authorised with this bot token
// answer 401 Unauthorized, as Discord does for a wrong or reset token.
func (s *Server) RefuseToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refused = append(s.refused, "Bot "+token)
}

func (s *Server) refusedAuth(auth string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.refused {
		if auth == r {
			return true
		}
	}
	return false
}

// Fail makes the next times requests to method and path answer status
// (with Discord's JSON error body) without acting on them.
func (s *Server) Fail(method, path string, status, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts = append(s.scripts, &script{method, path, status, 0, times})
}

// Calls returns every recorded REST request, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo returns the recorded requests with method whose path matches
// the pattern (a regular expression anchored at both ends).
func (s *Server) CallsTo(method, pattern string) []Call {
	re := regexp.MustCompile("^" + pattern + "$")
	var out []Call
	for _, c := range s.Calls() {
		if c.Method == method && re.MatchString(c.Path) {
			out = append(out, c)
		}
	}
	return out
}

// Wait blocks until cond holds for the fake's state or timeout passes
// (then it fails the test). cond is re-checked on every change, never by
// polling a clock.
func (s *Server) Wait(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			tb.Fatalf("discordfake: timed out after %v waiting for %s", timeout, what)
		}
	}
}

// notify wakes Wait; the caller holds s.mu.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/gw") {
		s.gw.serve(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	status, resp, hdr := s.answer(r, body)
	s.mu.Lock()
	id := ""
	if m, ok := resp.(map[string]any); ok && status == http.StatusOK {
		id, _ = m["id"].(string)
	}
	s.calls = append(s.calls, Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
		Header: r.Header.Clone(), Body: body, Status: status, ID: id, At: time.Now()})
	s.notify()
	s.mu.Unlock()
	for k, v := range hdr {
		w.Header().Set(k, v)
	}
	if resp == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(resp)
}

var (
	reChannelMsg = regexp.MustCompile(`^/api/v9/channels/([^/]+)/messages$`)
	reCallback   = regexp.MustCompile(`^/api/v9/interactions/([^/]+)/([^/]+)/callback$`)
	reWebhook    = regexp.MustCompile(`^/api/v9/webhooks/([^/]+)/([^/]+)$`)
	reOriginal   = regexp.MustCompile(`^/api/v9/webhooks/([^/]+)/([^/]+)/messages/@original$`)
	reCommands   = regexp.MustCompile(`^/api/v9/applications/([^/]+)(/guilds/[^/]+)?/commands$`)
)

// answer decides the response to one request.
func (s *Server) answer(r *http.Request, body []byte) (int, any, map[string]string) {
	if sc := s.takeScript(r.Method, r.URL.Path); sc != nil {
		return sc.answer()
	}
	if s.refusedAuth(r.Header.Get("Authorization")) {
		return http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0}, nil
	}
	p := r.URL.Path
	switch {
	case r.Method == http.MethodGet && p == "/api/v9/users/@me":
		return 200, map[string]any{"id": "100", "username": "briefbot", "discriminator": "0", "bot": true}, nil
	case r.Method == http.MethodGet && p == "/api/v9/gateway":
		return 200, map[string]string{"url": "ws" + strings.TrimPrefix(s.URL, "http") + "/gw"}, nil
	case r.Method == http.MethodPost && reChannelMsg.MatchString(p):
		return s.message(body, reChannelMsg.FindStringSubmatch(p)[1])
	case r.Method == http.MethodPost && reCallback.MatchString(p):
		return s.callback(body)
	case r.Method == http.MethodPost && reWebhook.MatchString(p):
		return s.message(body, "")
	case r.Method == http.MethodPatch && reOriginal.MatchString(p):
		return s.message(body, "")
	case r.Method == http.MethodDelete && reOriginal.MatchString(p):
		return http.StatusNoContent, nil, nil
	case r.Method == http.MethodPut && reCommands.MatchString(p):
		return s.commands(body, reCommands.FindStringSubmatch(p)[1])
	}
	return http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0}, nil
}

func (s *Server) takeScript(method, path string) *script {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sc := range s.scripts {
		if sc.times > 0 && sc.method == method && sc.path == path {
			sc.times--
			return sc
		}
	}
	return nil
}

// answer is Discord's response for a scripted status: a 429 carries
// retry_after in the body (float seconds) and the rate-limit headers.
func (sc *script) answer() (int, any, map[string]string) {
	if sc.status != http.StatusTooManyRequests {
		return sc.status, map[string]any{"message": http.StatusText(sc.status), "code": 0}, nil
	}
	ra := strconv.FormatFloat(sc.retryAfter, 'f', -1, 64)
	return sc.status, map[string]any{"message": "You are being rate limited.", "retry_after": sc.retryAfter, "global": false},
		map[string]string{"Retry-After": strconv.Itoa(int(sc.retryAfter + 0.999)), "X-RateLimit-Remaining": "0",
			"X-RateLimit-Reset-After": ra, "X-RateLimit-Scope": "user"}
}

func (s *Server) id() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

// message answers a message create or edit: 400 when it breaks a limit,
// else the created message with a fresh id.
func (s *Server) message(body []byte, channel string) (int, any, map[string]string) {
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		return http.StatusBadRequest, map[string]any{"message": "400: Bad Request: " + err.Error(), "code": 50109}, nil
	}
	if err := m.Validate(); err != nil {
		return http.StatusBadRequest, map[string]any{"message": "Invalid Form Body: " + err.Error(), "code": 50035}, nil
	}
	kind, ref, known := 0, m.ReplyTo(), true
	if ref != "" {
		kind = 19 // REPLY
		s.mu.Lock()
		known = s.posted[ref] == channel && channel != ""
		s.mu.Unlock()
	}
	if !known && (m.MessageReference.FailIfNotExists == nil || *m.MessageReference.FailIfNotExists) {
		return http.StatusBadRequest, map[string]any{"message": "Invalid Form Body: message_reference: Unknown message", "code": 50035}, nil
	}
	id := s.id()
	out := map[string]any{"id": id, "channel_id": channel, "content": m.Content, "embeds": m.Embeds,
		"type": kind, "timestamp": time.Now().UTC().Format(time.RFC3339)}
	if ref != "" {
		out["message_reference"] = map[string]any{"message_id": ref, "channel_id": channel}
	}
	if channel != "" {
		s.mu.Lock()
		s.posted[id] = channel
		s.mu.Unlock()
	}
	return http.StatusOK, out, nil
}

func (s *Server) callback(body []byte) (int, any, map[string]string) {
	var resp struct {
		Type int      `json:"type"`
		Data *Message `json:"data"`
	}
	if err := json.Unmarshal(body, &resp); err != nil || resp.Type == 0 {
		return http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035}, nil
	}
	if resp.Data != nil && (resp.Type == 4 || resp.Type == 7) {
		if err := resp.Data.Validate(); err != nil {
			return http.StatusBadRequest, map[string]any{"message": "Invalid Form Body: " + err.Error(), "code": 50035}, nil
		}
	}
	return http.StatusNoContent, nil, nil
}

func (s *Server) commands(body []byte, app string) (int, any, map[string]string) {
	var cmds []map[string]any
	if err := json.Unmarshal(body, &cmds); err != nil {
		return http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035}, nil
	}
	for _, c := range cmds {
		c["id"], c["application_id"], c["version"] = s.id(), app, "1"
	}
	return http.StatusOK, cmds, nil
}
