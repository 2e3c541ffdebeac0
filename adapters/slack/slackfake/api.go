package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/adapters/internal/httpjson"
)

// Slack's limits as the fake enforces them (Block Kit reference; the
// total is where msg_blocks_too_long has been seen).
const (
	maxBlocks      = 50
	maxText        = 3000
	maxHeader      = 150
	maxBlocksChars = 13000
)

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	form := r.PostForm
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	call := Call{Seq: s.seq, Method: method, Form: form, Status: http.StatusOK, At: time.Now()}
	defer func() {
		s.calls = append(s.calls, call)
		s.notify()
	}()
	if secs, ok := s.takeLimit(method); ok {
		call.Status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", fmt.Sprint(secs))
		httpjson.Write(w, http.StatusTooManyRequests, map[string]any{"ok": false, "error": "ratelimited"})
		return
	}
	body := s.answer(r, method, form, &call)
	if e, ok := body["error"].(string); ok {
		call.Error = e
		if e == "invalid_auth" && s.refusal != 0 {
			call.Status = s.refusal
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(s.refusal)
		}
	}
	httpjson.Write(w, http.StatusOK, body)
}

// answer runs one Web API method; call with s.mu held.
func (s *Server) answer(r *http.Request, method string, form url.Values, call *Call) map[string]any {
	if method == "apps.connections.open" {
		if bearer(r) != s.appToken {
			return fail("invalid_auth")
		}
		s.opened++
		return map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/link"}
	}
	if formToken(r, form) != s.botToken {
		return fail("invalid_auth")
	}
	switch method {
	case "chat.postMessage", "chat.postEphemeral":
		return s.post(method, form, call)
	case "users.info":
		u, ok := s.users[form.Get("user")]
		if !ok {
			return fail("user_not_found")
		}
		return map[string]any{"ok": true, "user": map[string]any{"id": u.ID, "name": u.Name,
			"is_admin": u.Admin, "is_owner": u.Owner, "is_primary_owner": u.Owner}}
	case "auth.test":
		return map[string]any{"ok": true, "team_id": "T0FAKE", "team": "Fake", "user_id": "U0BOT", "bot_id": "B0BOT"}
	}
	return fail("unknown_method")
}

func (s *Server) post(method string, form url.Values, call *Call) map[string]any {
	if form.Get("channel") == "" {
		return fail("channel_not_found")
	}
	if code := s.refuse[form.Get("channel")]; code != "" {
		return fail(code)
	}
	if method == "chat.postEphemeral" && form.Get("user") == "" {
		return fail("user_not_found")
	}
	if form.Get("text") == "" && form.Get("blocks") == "" {
		return fail("no_text")
	}
	if code := checkBlocks(form.Get("blocks")); code != "" {
		return fail(code)
	}
	call.TS = fmt.Sprintf("1700000000.%06d", call.Seq)
	if method == "chat.postEphemeral" {
		return map[string]any{"ok": true, "message_ts": call.TS}
	}
	return map[string]any{"ok": true, "channel": form.Get("channel"), "ts": call.TS}
}

// checkBlocks applies Slack's block limits and returns its error code, or
// "" when the blocks are acceptable.
func checkBlocks(raw string) string {
	if raw == "" {
		return ""
	}
	var blocks []map[string]any
	if err := json.Unmarshal([]byte(raw), &blocks); err != nil {
		return "invalid_blocks_format"
	}
	if len(blocks) > maxBlocks {
		return "invalid_blocks"
	}
	total := 0
	for _, b := range blocks {
		limit := maxText
		if b["type"] == "header" {
			limit = maxHeader
		}
		for _, t := range texts(map[string]any(b)) {
			n := utf8.RuneCountInString(t)
			if n > limit {
				return "invalid_blocks"
			}
			total += n
		}
	}
	if total > maxBlocksChars {
		return "msg_blocks_too_long"
	}
	return ""
}

func fail(code string) map[string]any { return map[string]any{"ok": false, "error": code} }
