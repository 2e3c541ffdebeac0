package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// FuzzInbound drives arbitrary signed bodies through the adapter's HTTP
// endpoints (slash commands, events, interactions): the conversion from
// Slack's payloads to router requests and back to Slack messages. Nothing
// may panic, every answer is a clean status, and nothing the adapter
// posts (directly, through response_url or the Web API) can ping anyone.
// Every outbound request goes to the fake, whatever URL the payload names.
func FuzzInbound(f *testing.F) {
	cmd := func(command, text string) []byte {
		return []byte(slackfake.CommandForm(command, text, "C1", "U1", "https://hooks.slack.com/commands/1").Encode())
	}
	mention := func(text string) []byte {
		return slackfake.EventCallback("Ev"+text, map[string]any{"type": "app_mention", "user": "U1", "channel": "C1",
			"text": text, "ts": "1.2"})
	}
	action, _ := json.Marshal(map[string]any{"type": "block_actions", "channel": map[string]any{"id": "C1"},
		"user": map[string]any{"id": "U1"}, "response_url": "https://hooks.slack.com/actions/1",
		"actions": []any{map[string]any{"action_id": watchActionID, "block_id": "b", "value": "<!here> @everyone", "type": "button"}}})
	seeds := []struct {
		path uint8
		body []byte
	}{
		{0, cmd("/brief", "gsomia")}, {0, cmd("/watch", "<!channel> @here")}, {0, cmd("/BRIEF", strings.Repeat("x ", 600))},
		{0, cmd("/help", "")}, {0, []byte("command=%2Fbrief&text=%ZZ")}, {0, []byte("")},
		{1, mention("<@U0BOT> brief gsomia")}, {1, mention("<@U0BOT|bot> watch <!everyone>")}, {1, mention("")},
		{1, []byte(`{"type":"url_verification","challenge":"c<script>"}`)}, {1, []byte(`{"type":`)},
		{2, []byte(url.Values{"payload": {string(action)}}.Encode())}, {2, []byte("payload=%7B%7D")},
	}
	for _, s := range seeds {
		f.Add(s.path, s.body)
	}
	a, fake, srv := fuzzAdapter(f)
	f.Fuzz(func(t *testing.T, path uint8, body []byte) {
		p := []string{"/slack/commands", "/slack/events", "/slack/interactions"}[path%3]
		ct := map[bool]string{true: "application/json", false: formType}[p == "/slack/events"]
		req, err := slackfake.NewSignedRequest(context.Background(), "http://127.0.0.1"+p, testSecret, time.Now(), ct, body)
		if err != nil {
			t.Fatal(err)
		}
		calls, resps := len(fake.Posted()), len(fake.Responses())
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		a.work.Wait()
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("%s: status %d for a signed request", p, rec.Code)
		}
		var texts []string
		if rec.Code == http.StatusOK && rec.Body.Len() > 0 {
			var m map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
				t.Fatalf("%s: answer is not JSON: %q", p, rec.Body.String())
			}
			if _, isChallenge := m["challenge"]; !isChallenge {
				b, _ := json.Marshal(m["blocks"])
				texts = append(append(texts, str(m["text"])), slackfake.BlockTexts(string(b))...)
			}
		}
		for _, c := range fake.Posted()[calls:] {
			texts = append(texts, c.Text())
		}
		for _, r := range fake.Responses()[resps:] {
			texts = append(texts, r.Text())
		}
		for _, s := range texts {
			if pings := slackfake.Pings(s); len(pings) > 0 {
				t.Fatalf("%s %q: a message pings %q: %q", p, body, pings, s)
			}
		}
	})
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// fuzzAdapter is an adapter wired to a fake Slack and a router over a
// memory store; its HTTP client sends every request to the fake.
func fuzzAdapter(f *testing.F) (*Adapter, *slackfake.Server, http.Handler) {
	fake := slackfake.New(f)
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	if _, err := eng.Ingest(context.Background(), []briefing.Article{{Source: "s", URL: "https://x.example/1",
		Title: "Seoul ends GSOMIA <!channel> pact", Published: time.Date(2019, 8, 23, 0, 0, 0, 0, time.UTC),
		Text: "South Korea ended the GSOMIA pact @here. Officials said <@U123> talks would go on."}}); err != nil {
		f.Fatal(err)
	}
	router := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(router, eng, store, bot.CoreConfig{})
	to, _ := url.Parse(fake.URL())
	client := &http.Client{Timeout: 5 * time.Second, Transport: toFake{to}}
	a, err := New(Config{BotToken: slackfake.BotToken, SigningSecret: testSecret, APIURL: fake.APIURL(),
		HTTPClient: client, Pace: time.Millisecond, AckWait: 5 * time.Second, CommandTimeout: 10 * time.Second})
	if err != nil {
		f.Fatal(err)
	}
	return a, fake, a.Handler(router)
}

// toFake sends every request to the fake's host, keeping the path.
type toFake struct{ to *url.URL }

func (t toFake) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.to.Scheme, t.to.Host, t.to.Host
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		r.URL.Path = "/response/1" // any response_url lands in the fake's sink
	}
	return http.DefaultTransport.RoundTrip(r)
}
