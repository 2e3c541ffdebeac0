package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

func TestUnsignedOrStaleRequestsGet401AndDoNothing(t *testing.T) {
	w := newWorld(t, nil)
	body := []byte(slackfake.CommandForm("/watch", "gsomia", "C0GEN", "U0ALICE", w.fake.ResponseURL()).Encode())
	now := time.Now()
	cases := map[string]func() *http.Request{
		"wrong secret": func() *http.Request { return signed(t, w, "not-the-secret", now, body, body) },
		"6 min old":    func() *http.Request { return signed(t, w, testSecret, now.Add(-6*time.Minute), body, body) },
		"6 min ahead":  func() *http.Request { return signed(t, w, testSecret, now.Add(6*time.Minute), body, body) },
		"tampered": func() *http.Request {
			return signed(t, w, testSecret, now, body, []byte(strings.Replace(string(body), "gsomia", "other", 1)))
		},
		"no headers": func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, w.srv.URL+"/slack/commands", strings.NewReader(string(body)))
			return r
		},
		"bad timestamp": func() *http.Request {
			r := signed(t, w, testSecret, now, body, body)
			r.Header.Set("X-Slack-Request-Timestamp", "yesterday")
			return r
		},
	}
	for name, req := range cases {
		for _, path := range []string{"/slack/commands", "/slack/events", "/slack/interactions"} {
			r := req()
			r.URL.Path = path
			if code, b := do(t, r); code != http.StatusUnauthorized {
				t.Errorf("%s %s: %d %s", name, path, code, b)
			}
		}
	}
	if n := len(w.h.requests()); n != 0 {
		t.Fatalf("%d rejected requests reached the router", n)
	}
	w.a.work.Wait()
	if len(w.fake.Calls("")) != 0 || len(w.fake.Responses()) != 0 {
		t.Fatalf("rejected requests reached Slack: %v %v", w.fake.Calls(""), w.fake.Responses())
	}
	if ws, _ := w.store.Watches(context.Background(), briefing.Channel{Platform: "slack", ID: "C0GEN"}); len(ws) != 0 {
		t.Fatalf("a rejected /watch was stored: %+v", ws)
	}
	// The same request, correctly signed, does go through.
	if code, b := w.post(t, "/slack/commands", testSecret, now, formType, body); code != 200 || !strings.Contains(string(b), "Now watching") {
		t.Fatalf("signed /watch: %d %s", code, b)
	}
}

// signed is a command request whose headers sign signedBody but whose
// body is sentBody.
func signed(t *testing.T, w *world, secret string, at time.Time, signedBody, sentBody []byte) *http.Request {
	t.Helper()
	r, err := slackfake.NewSignedRequest(context.Background(), w.srv.URL+"/slack/commands", secret, at, formType, signedBody)
	if err != nil {
		t.Fatal(err)
	}
	r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(sentBody)), int64(len(sentBody))
	return r
}

func TestNoSigningSecretRefusesEverything(t *testing.T) {
	w := newWorld(t, func(c *Config) { c.SigningSecret = "" })
	if code, _ := w.command(t, "/brief", "gsomia", "C0GEN", w.fake.ResponseURL()); code != http.StatusUnauthorized {
		t.Fatalf("unsigned-mode command got %d", code)
	}
}

func TestBriefAnsweredDirectlyWithVisibility(t *testing.T) {
	for _, vis := range []Visibility{InChannel, Ephemeral} {
		t.Run(string(vis), func(t *testing.T) {
			w := newWorld(t, func(c *Config) { c.BriefVisibility = vis })
			code, b := w.command(t, "/brief", "gsomia", "C0GEN", w.fake.ResponseURL())
			body := responseBody(t, b)
			wantType := map[Visibility]string{InChannel: "in_channel", Ephemeral: "ephemeral"}[vis]
			if code != 200 || body["response_type"] != wantType {
				t.Fatalf("%d %v", code, body)
			}
			text := slackfake.Visible(strings.Join(blockTexts(t, body), "\n"))
			for _, want := range []string{"Seoul ends intelligence pact with Tokyo as relations sour", "Seoul resists US pressure to keep GSOMIA alive", "23 Aug 2019"} {
				if !strings.Contains(text, want) {
					t.Errorf("reply lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, "Hacking group") {
				t.Error("unrelated story in the briefing")
			}
			req := w.h.requests()[0]
			if req.Command != "brief" || req.Text != "gsomia" || req.Channel != (briefing.Channel{Platform: "slack", ID: "C0GEN"}) || req.User.ID != "U0ALICE" || req.User.Name == "" || req.ID == "" {
				t.Errorf("request = %+v", req)
			}
		})
	}
}

func blockTexts(t *testing.T, body map[string]any) []string {
	t.Helper()
	b, err := json.Marshal(body["blocks"])
	if err != nil {
		t.Fatal(err)
	}
	return slackfake.BlockTexts(string(b))
}

func TestErrorsAreEphemeralAndWatchIsVisible(t *testing.T) {
	w := newWorld(t, nil)
	for _, tc := range []struct{ cmd, text, wantType, wantText string }{
		{"/brief", "", "ephemeral", "topic is missing"},
		{"/frobnicate", "", "ephemeral", "Unknown command /frobnicate"},
		{"/unwatch", "nothing", "ephemeral", "does not watch"},
		{"/watch", "gsomia", "in_channel", "Now watching"},
		{"/help", "", "ephemeral", "/brief"},
	} {
		code, b := w.command(t, tc.cmd, tc.text, "C0GEN", w.fake.ResponseURL())
		body := responseBody(t, b)
		if code != 200 || body["response_type"] != tc.wantType || !strings.Contains(slackfake.Visible(string(b)), tc.wantText) {
			t.Errorf("%s %s: %d %s", tc.cmd, tc.text, code, b)
		}
	}
}

// A command slower than AckWait is acknowledged with a note (inside
// Slack's 3 s) and answered through response_url. Fake clock: no waiting.
func TestSlowCommandIsAckedThenAnsweredThroughResponseURL(t *testing.T) {
	clk := clockwork.NewFakeClock()
	w := newWorld(t, func(c *Config) { c.Clock = clk })
	w.h.gate = make(chan struct{})
	respURL := w.fake.ResponseURL()
	type result struct {
		code int
		body []byte
	}
	got := make(chan result, 1)
	go func() {
		code, b := w.command(t, "/brief", "gsomia", "C0GEN", respURL)
		got <- result{code, b}
	}()
	blockUntilTimer(t, clk) // the ack timer
	clk.Advance(2 * time.Second)
	ack := <-got
	if body := responseBody(t, ack.body); ack.code != 200 || body["response_type"] != "ephemeral" || !strings.Contains(body["text"].(string), "Working on /brief gsomia") {
		t.Fatalf("ack: %d %s", ack.code, ack.body)
	}
	if len(w.fake.Responses()) != 0 {
		t.Fatal("replied before the command finished")
	}
	close(w.h.gate)
	waitFor(t, w.fake, "the reply at response_url", func() bool { return len(w.fake.Responses()) == 1 })
	r := w.fake.Responses()[0]
	if r.Path != strings.TrimPrefix(respURL, w.fake.URL()) || r.Type() != "in_channel" || !strings.Contains(slackfake.Visible(r.Text()), "Seoul resists US pressure to keep GSOMIA alive") {
		t.Fatalf("response: %s %s", r.Path, r.Raw)
	}
}

// A reply too big for one message goes through response_url, in order.
func TestMultiMessageReplyGoesThroughResponseURLInOrder(t *testing.T) {
	w := newWorld(t, nil)
	w.h.Handler = bigHandler{w.h.Handler}
	respURL := w.fake.ResponseURL()
	code, b := w.command(t, "/brief", "gsomia", "C0GEN", respURL)
	if code != 200 || len(b) != 0 {
		t.Fatalf("want an empty 200 ack, got %d %s", code, b)
	}
	w.a.work.Wait()
	rs := w.fake.Responses()
	if len(rs) < 2 {
		t.Fatalf("%d responses", len(rs))
	}
	for i, r := range rs {
		if strings.Contains(r.Text(), "continued") == (i == 0) || r.Type() != "in_channel" {
			t.Errorf("response %d out of order or of the wrong type: %s", i, r.Text()[:80])
		}
	}
	var seen []string
	for _, r := range rs {
		seen = append(seen, storyNum.FindAllString(strings.Join(blockTexts(t, r.Body), "\n"), -1)...)
	}
	if len(seen) != 60 || seen[0] != "Story 000" || seen[59] != "Story 059" {
		t.Fatalf("stories across responses: %v", seen)
	}
}

// bigHandler answers /brief with a 60-story briefing.
type bigHandler struct{ bot.Handler }

func (h bigHandler) Handle(ctx context.Context, req bot.Request) bot.Reply {
	var items []briefing.Item
	for i := range 60 {
		items = append(items, briefing.Item{Title: fmt.Sprintf("Story %03d", i), Summary: []string{strings.Repeat("Words & more words. ", 30)}})
	}
	return bot.BriefingReply(briefing.Briefing{Topic: req.Text, Items: items, Total: 60})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestURLVerificationAndMalformedBodies(t *testing.T) {
	w := newWorld(t, nil)
	code, b := w.post(t, "/slack/events", testSecret, time.Now(), "application/json", []byte(`{"token":"x","challenge":"c-123","type":"url_verification"}`))
	if code != 200 || !strings.Contains(string(b), `"challenge":"c-123"`) {
		t.Fatalf("url_verification: %d %s", code, b)
	}
	if code, b := w.post(t, "/slack/commands", testSecret, time.Now(), formType, []byte("ssl_check=1&token=x")); code != 200 || len(b) != 0 {
		t.Errorf("ssl_check: %d %s", code, b)
	}
	if code, _ := w.post(t, "/slack/commands", testSecret, time.Now(), formType, []byte("text=no+command")); code != http.StatusBadRequest {
		t.Errorf("command without command/channel: %d", code)
	}
	if code, _ := w.post(t, "/slack/interactions", testSecret, time.Now(), formType, []byte("payload=%7Bnot+json")); code != http.StatusBadRequest {
		t.Errorf("bad interaction payload: %d", code)
	}
	if n := len(w.h.requests()); n != 0 {
		t.Fatalf("malformed requests reached the router: %d", n)
	}
}

// Mentions over the Events API run once per event_id, even when Slack
// retries the event.
func TestEventsAreDeduplicatedByID(t *testing.T) {
	w := newWorld(t, nil)
	mention := func(id, text string) { w.mention(t, id, text) }
	mention("Ev1", "<@U0BOT> brief gsomia")
	mention("Ev1", "<@U0BOT> brief gsomia") // Slack's retry
	mention("Ev2", "<@U0BOT|briefbot> watching")
	w.a.work.Wait()
	if n := len(w.h.requests()); n != 2 {
		t.Fatalf("%d requests reached the router, want 2", n)
	}
	posted := w.fake.Posted()
	if len(posted) != 2 {
		t.Fatalf("%d posts, want 2", len(posted))
	}
	for _, c := range posted {
		if c.Form.Get("thread_ts") != "1700000000.000100" || c.Form.Get("channel") != "C0GEN" {
			t.Errorf("reply not in the mention's thread: %v", c.Form)
		}
	}
	if all := posted[0].Text() + posted[1].Text(); !strings.Contains(all, "Seoul ends intelligence pact") || !strings.Contains(all, "watches no topics") {
		t.Errorf("replies:\n%s", all)
	}
}

// A mention in mid-sentence runs the command after it, and a mention that
// names no command gets the help, not "Unknown command /hey" for a word
// the user never meant as one.
func TestMentionsAnywhereAndInPlainWords(t *testing.T) {
	w := newWorld(t, nil)
	mention := func(id, text string) { w.mention(t, id, text) }
	mention("Ev1", "hey <@U0BOT> brief gsomia")
	mention("Ev2", "<@U0BOT> what is new on gsomia?")
	w.a.work.Wait()
	reqs := w.h.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests reached the router, want 2", len(reqs))
	}
	got := map[string]string{}
	for _, r := range reqs {
		got[r.ID] = r.Command + " " + r.Text
	}
	if got["Ev1"] != "brief gsomia" || got["Ev2"] != "help " {
		t.Errorf("requests: %q", got)
	}
	all := ""
	for _, c := range w.fake.Posted() {
		all += c.Text()
	}
	for _, c := range w.fake.Calls("chat.postEphemeral") {
		all += c.Text()
	}
	if strings.Contains(all, "Unknown command") || !strings.Contains(all, "Seoul ends intelligence pact") {
		t.Errorf("replies:\n%s", all)
	}
}

func TestWatchButtonRunsWatch(t *testing.T) {
	w := newWorld(t, nil)
	_, b := w.command(t, "/brief", "gsomia", "C0GEN", w.fake.ResponseURL())
	if !strings.Contains(string(b), watchActionID) {
		t.Fatalf("briefing has no watch button: %s", b)
	}
	respURL := w.fake.ResponseURL()
	payload := map[string]any{"type": "block_actions", "user": map[string]any{"id": "U0BOB", "name": "bob"},
		"channel": map[string]any{"id": "C0GEN"}, "response_url": respURL, "trigger_id": "t1",
		"actions": []any{map[string]any{"action_id": watchActionID, "block_id": "b", "value": "gsomia", "type": "button"}}}
	form := url.Values{"payload": {string(mustJSON(t, payload))}}
	if code, b := w.post(t, "/slack/interactions", testSecret, time.Now(), formType, []byte(form.Encode())); code != 200 {
		t.Fatalf("interaction: %d %s", code, b)
	}
	waitFor(t, w.fake, "the watch confirmation", func() bool { return len(w.fake.Responses()) == 1 })
	if r := w.fake.Responses()[0]; !strings.Contains(r.Text(), "Now watching") || r.Type() != "in_channel" {
		t.Fatalf("response %s", r.Raw)
	}
	ws, err := w.store.Watches(context.Background(), briefing.Channel{Platform: "slack", ID: "C0GEN"})
	if err != nil || len(ws) != 1 || ws[0].Topic != "gsomia" || ws[0].CreatedBy != "U0BOB" {
		t.Fatalf("watches %+v %v", ws, err)
	}
}

// mention posts a signed app_mention event from U0ALICE in C0GEN, as
// Slack sends it.
func (w *world) mention(t *testing.T, id, text string) {
	t.Helper()
	ev := slackfake.EventCallback(id, map[string]any{"type": "app_mention", "user": "U0ALICE", "text": text,
		"ts": "1700000000.000100", "channel": "C0GEN", "event_ts": "1700000000.000100"})
	if code, b := w.post(t, "/slack/events", testSecret, time.Now(), "application/json", ev); code != 200 {
		t.Fatalf("event %s: %d %s", id, code, b)
	}
}
