package discord_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/bot"
)

// endpoint serves the adapter's interactions endpoint for h.
func endpoint(t *testing.T, a *discord.Adapter, h bot.Handler) string {
	srv := httptest.NewServer(a.Interactions(h))
	t.Cleanup(srv.Close)
	return srv.URL + discord.InteractionsPath
}

// response is an interaction response body.
type response struct {
	Type int                 `json:"type"`
	Data discordfake.Message `json:"data"`
}

func post(t *testing.T, r *http.Request) (int, response) {
	t.Helper()
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out response
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatalf("response %s: %v", body, err)
		}
	}
	return resp.StatusCode, out
}

func TestHTTPPingGetsPong(t *testing.T) {
	w := newWorld(t)
	url := endpoint(t, w.httpAdapter(t, nil), w.router)
	ping := discordfake.Interaction{ID: "1", AppID: appID, Token: "p", Type: discordfake.Ping}
	resp, err := http.DefaultClient.Do(w.signer.Request(url, ping.JSON(), time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"type":1}` {
		t.Fatalf("PING: %d %s", resp.StatusCode, body)
	}
}

func TestHTTPRefusesUnsignedForgedAndStaleRequests(t *testing.T) {
	w := newWorld(t)
	url := endpoint(t, w.httpAdapter(t, nil), w.router)
	body := command("700", "watch", topic("forged")).JSON()
	now := time.Now()
	tampered := w.signer.Request(url, body, now)
	tampered.Body = io.NopCloser(strings.NewReader(strings.Replace(string(body), "forged", "forgex", 1)))
	unsigned, _ := http.NewRequest("POST", url, strings.NewReader(string(body)))
	badStamp := w.signer.Request(url, body, now)
	badStamp.Header.Set("X-Signature-Timestamp", "yesterday")
	cases := map[string]*http.Request{
		"other key":      discordfake.NewSigner().Request(url, body, now),
		"tampered body":  tampered,
		"unsigned":       unsigned,
		"stale":          w.signer.Request(url, body, now.Add(-6*time.Minute)),
		"future":         w.signer.Request(url, body, now.Add(6*time.Minute)),
		"timestamp edit": badStamp,
	}
	for name, r := range cases {
		if code, _ := post(t, r); code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, code)
		}
	}
	if calls := w.fake.Calls(); len(calls) != 0 {
		t.Errorf("refused requests reached Discord: %+v", calls)
	}
	if got := watched(t, w, channel); len(got) != 0 {
		t.Errorf("refused requests stored watches: %v", got)
	}
	if code, _ := post(t, w.signer.Request(url, body, now.Add(-4*time.Minute))); code != 200 {
		t.Errorf("a signed request 4 minutes old: %d, want 200", code)
	}
}

func TestHTTPBriefAnswersAtOnceWithEmbeds(t *testing.T) {
	w := newWorld(t)
	url := endpoint(t, w.httpAdapter(t, nil), w.router)
	code, resp := post(t, w.signer.Request(url, command("710", "brief", topic("pipeline sanctions")).JSON(), time.Now()))
	if code != 200 || resp.Type != 4 || resp.Data.Flags != 0 || !resp.Data.PingsNobody() {
		t.Fatalf("status %d, response %+v", code, resp)
	}
	if err := resp.Data.Validate(); err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]discordfake.Embed{}
	for _, e := range resp.Data.Embeds {
		byTitle[e.Title] = e
	}
	e, ok := byTitle["Brussels widens pipeline sanctions after tanker seizure"]
	if !ok || e.URL != "https://news.example.org/2026/03/pipeline-sanctions" || !strings.HasPrefix(e.Timestamp, "2026-03-02T08:00:00") ||
		e.Footer == nil || !strings.Contains(e.Footer.Text, "news.example.org") || len(e.Fields) != 1 ||
		e.Fields[0].Name != "Why it matched" || !strings.Contains(e.Description, "widened its pipeline sanctions") {
		t.Errorf("story embed: %+v", e)
	}
	if text := allText(resp.Data); strings.Contains(text, "@everyone") || strings.Contains(text, "<@") ||
		!strings.Contains(text, "@\u200beveryone pipeline sanctions thread") {
		t.Errorf("mentions not defused:\n%s", text)
	}
}

func TestHTTPErrorsAreEphemeral(t *testing.T) {
	w := newWorld(t)
	url := endpoint(t, w.httpAdapter(t, nil), w.router)
	code, resp := post(t, w.signer.Request(url, command("720", "brief").JSON(), time.Now()))
	if code != 200 || resp.Type != 4 || resp.Data.Flags != 64 || !strings.Contains(resp.Data.Content, "topic is missing") {
		t.Fatalf("status %d, response %+v", code, resp)
	}
}

func TestHTTPDefersThenEditsTheOriginal(t *testing.T) {
	w := newWorld(t)
	h := gated{w.router, make(chan struct{})}
	url := endpoint(t, w.httpAdapter(t, func(c *discord.Config) { c.ReplyWithin = 20 * time.Millisecond }), h)
	code, resp := post(t, w.signer.Request(url, command("730", "brief", topic("pipeline sanctions")).JSON(), time.Now()))
	if code != 200 || resp.Type != 5 {
		t.Fatalf("status %d, response %+v; want a deferral", code, resp)
	}
	close(h.release)
	edit := w.waitSent(t, "tok-730", 1)[0]
	if edit.Kind != "edit" || !strings.Contains(allText(edit.Message), "Gas prices climb as pipeline sanctions bite") {
		t.Fatalf("follow-up: %+v", edit)
	}
	if calls := w.fake.CallsTo("PATCH", "/api/v9/webhooks/200/tok-730/messages/@original"); len(calls) != 1 {
		t.Fatalf("edits: %+v", calls)
	}
}

func TestHTTPOnlyPOST(t *testing.T) {
	w := newWorld(t)
	resp, err := http.Get(endpoint(t, w.httpAdapter(t, nil), w.router))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %d", resp.StatusCode)
	}
}
