package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Call is one Web API call as the fake received and answered it.
type Call struct {
	Seq    int
	Method string
	Form   url.Values
	Status int    // HTTP status answered: 429 for a scripted rate limit
	Error  string // Slack's error code when it answered ok:false
	TS     string // the message ts it answered, for posts
	At     time.Time
}

// ThreadTS is the thread_ts the call posted under: the ts of the thread's
// parent message, "" for a top-level post.
func (c Call) ThreadTS() string { return c.Form.Get("thread_ts") }

// OK reports whether Slack would have accepted the call.
func (c Call) OK() bool { return c.Status == http.StatusOK && c.Error == "" }

// Text is the message's raw text fallback and every text in its blocks,
// one per line, as sent (escaped mrkdwn).
func (c Call) Text() string {
	var blocks any
	_ = json.Unmarshal([]byte(c.Form.Get("blocks")), &blocks)
	return joinTexts(c.Form.Get("text"), blocks)
}

// Response is one post to a response_url sink.
type Response struct {
	Seq    int
	Path   string
	Status int
	Body   map[string]any
	Raw    []byte
}

// Type is the response_type ("in_channel" or "ephemeral").
func (r Response) Type() string { return str(r.Body["response_type"]) }

// Text is the response's text and block texts, as sent.
func (r Response) Text() string { return joinTexts(str(r.Body["text"]), r.Body["blocks"]) }

// Ack is one Socket Mode acknowledgement the client sent.
type Ack struct {
	Seq        int
	EnvelopeID string
	Payload    map[string]any // nil for a bare ack
	Raw        []byte
}

// Text is the ack payload's text and block texts, as sent.
func (a Ack) Text() string {
	if a.Payload == nil {
		return ""
	}
	return joinTexts(str(a.Payload["text"]), a.Payload["blocks"])
}

// Calls returns the recorded Web API calls to method ("" for all).
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Posted returns the chat.postMessage calls Slack would have accepted,
// in order.
func (s *Server) Posted() []Call {
	var out []Call
	for _, c := range s.Calls("chat.postMessage") {
		if c.OK() {
			out = append(out, c)
		}
	}
	return out
}

// Responses returns the posts to response_url sinks, in order.
func (s *Server) Responses() []Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Response(nil), s.responses...)
}

// Acks returns the Socket Mode acks, in order.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Ack(nil), s.acks...)
}

// AckFor returns the ack of an envelope, if it came.
func (s *Server) AckFor(envelopeID string) (Ack, bool) {
	for _, a := range s.Acks() {
		if a.EnvelopeID == envelopeID {
			return a, true
		}
	}
	return Ack{}, false
}

// BlockTexts returns every text in a JSON array of blocks, in order.
func BlockTexts(blocksJSON string) []string {
	var blocks any
	_ = json.Unmarshal([]byte(blocksJSON), &blocks)
	return texts(blocks)
}

// joinTexts is the fallback and the texts of a block tree, one per line.
func joinTexts(fallback string, blocks any) string {
	return strings.Join(append([]string{fallback}, texts(blocks)...), "\n")
}

// texts collects the "text" strings of a block tree, depth first.
func texts(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		if t, ok := v["text"].(string); ok {
			out = append(out, t)
		}
		for _, k := range slices.Sorted(maps.Keys(v)) { // deterministic order
			if child := v[k]; k != "text" || !isString(child) {
				out = append(out, texts(child)...)
			}
		}
	case []any:
		for _, child := range v {
			out = append(out, texts(child)...)
		}
	}
	return out
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func readJSON(r *http.Request, dst any) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		return raw, err
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return raw, fmt.Errorf("slackfake: body is not JSON: %w", err)
	}
	return raw, nil
}
