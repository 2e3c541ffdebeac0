// Package llmfake is a fake OpenAI-compatible chat-completions server for
// tests: a real HTTP server on 127.0.0.1 that answers POST
// /v1/chat/completions as the real protocol does, with a JSON body or, when
// the request asks to stream, server-sent events ending in "data: [DONE]".
// Replies are scripted: a text, or an error status (429 with Retry-After,
// 500), optionally after a delay (cut short when the client goes away).
//
// Invariants: it listens only on 127.0.0.1; it is safe for concurrent use;
// every request is recorded, in arrival order, before it is answered.
package llmfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/internal/httpjson"
)

// Reply is one scripted answer.
type Reply struct {
	Text string
	// Status, when not 0 or 200, answers with an OpenAI-style error body.
	Status int
	// RetryAfter is the Retry-After header sent with the error ("2").
	RetryAfter string
	// Delay holds the answer back (the client may give up first).
	Delay time.Duration
	// PromptTokens and CompletionTokens are reported as usage; both 0
	// means no usage is reported.
	PromptTokens, CompletionTokens int
}

// Request is one request as the server received it.
type Request struct {
	Model         string    `json:"model"`
	Stream        bool      `json:"stream"`
	Messages      []Message `json:"messages"`
	MaxTokens     int       `json:"max_tokens"`
	Authorization string    `json:"-"`
}

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Server is a running fake.
type Server struct {
	srv *httptest.Server

	mu       sync.Mutex
	key      string
	script   []Reply
	fallback Reply
	requests []Request
}

// New starts a fake on 127.0.0.1; it stops when the test ends. Until
// scripted, every request gets a 500.
func New(tb testing.TB) *Server {
	s := &Server{fallback: Reply{Status: http.StatusInternalServerError}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.srv.Close)
	return s
}

// URL is the API base URL, as BRIEFBOT_LLM_URL takes it (".../v1").
func (s *Server) URL() string { return s.srv.URL + "/v1" }

// RequireKey makes the server answer 401 unless requests carry key as a
// bearer token.
func (s *Server) RequireKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.key = key
}

// Script queues replies, answered in order; after them, the last one
// repeats.
func (s *Server) Script(rs ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, rs...)
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) next(req Request) (Reply, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, req)
	if len(s.script) > 0 {
		s.fallback, s.script = s.script[0], s.script[1:]
	}
	return s.fallback, s.key
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		writeError(w, http.StatusNotFound, "not_found", "no route "+r.Method+" "+r.URL.Path)
		return
	}
	var req Request
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<20)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error", "bad JSON: "+err.Error())
		return
	}
	req.Authorization = r.Header.Get("Authorization")
	rep, key := s.next(req)
	if key != "" && req.Authorization != "Bearer "+key {
		writeError(w, http.StatusUnauthorized, "invalid_api_key", "Incorrect API key provided.")
		return
	}
	if req.Model == "" || len(req.Messages) == 0 {
		writeError(w, http.StatusBadRequest, "invalid_request_error", "model and messages are required")
		return
	}
	if rep.Delay > 0 {
		select {
		case <-time.After(rep.Delay):
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case rep.Status != 0 && rep.Status != http.StatusOK:
		if rep.RetryAfter != "" {
			w.Header().Set("Retry-After", rep.RetryAfter)
		}
		writeError(w, rep.Status, errType(rep.Status), http.StatusText(rep.Status))
	case req.Stream:
		writeStream(w, req.Model, rep)
	default:
		writeCompletion(w, req.Model, rep)
	}
}

func errType(status int) string {
	if status == http.StatusTooManyRequests {
		return "rate_limit_exceeded"
	}
	return "server_error"
}

func writeError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": typ}})
}

func usage(rep Reply) map[string]int {
	if rep.PromptTokens == 0 && rep.CompletionTokens == 0 {
		return nil
	}
	return map[string]int{"prompt_tokens": rep.PromptTokens, "completion_tokens": rep.CompletionTokens,
		"total_tokens": rep.PromptTokens + rep.CompletionTokens}
}

// writeCompletion answers with one chat completion holding the text.
func writeCompletion(w http.ResponseWriter, model string, rep Reply) {
	body := map[string]any{"id": "chatcmpl-fake", "object": "chat.completion", "created": time.Now().Unix(), "model": model,
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": rep.Text}}}}
	if u := usage(rep); u != nil {
		body["usage"] = u
	}
	httpjson.Write(w, http.StatusOK, body)
}

// writeStream sends the text as chunks of a few words each, then a
// finish chunk, a usage chunk (when there is usage) and [DONE].
func writeStream(w http.ResponseWriter, model string, rep Reply) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	flusher, _ := w.(http.Flusher)
	created := time.Now().Unix()
	send := func(choices []any, u map[string]int) {
		chunk := map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": created,
			"model": model, "choices": choices}
		if u != nil {
			chunk["usage"] = u
		}
		b, _ := json.Marshal(chunk)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if flusher != nil {
			flusher.Flush()
		}
	}
	delta := func(d map[string]any, finish any) []any {
		return []any{map[string]any{"index": 0, "delta": d, "finish_reason": finish}}
	}
	send(delta(map[string]any{"role": "assistant", "content": ""}, nil), nil)
	for _, piece := range pieces(rep.Text, 3) {
		send(delta(map[string]any{"content": piece}, nil), nil)
	}
	send(delta(map[string]any{}, "stop"), nil)
	if u := usage(rep); u != nil {
		send([]any{}, u)
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
}

// pieces cuts s into runs of n words, keeping the spaces.
func pieces(s string, n int) []string {
	var out []string
	words := strings.SplitAfter(s, " ")
	for i := 0; i < len(words); i += n {
		out = append(out, strings.Join(words[i:min(i+n, len(words))], ""))
	}
	return out
}
