package discordfake_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
)

// The adapter's tests lean on the fake refusing what Discord refuses.
func TestFakeRefusesMessagesBeyondDiscordsLimits(t *testing.T) {
	f := discordfake.New(t)
	embeds := make([]map[string]string, 11)
	for i := range embeds {
		embeds[i] = map[string]string{"title": "x"}
	}
	for name, msg := range map[string]any{
		"11 embeds":     map[string]any{"embeds": embeds},
		"long content":  map[string]any{"content": strings.Repeat("x", 2001)},
		"6001 in total": map[string]any{"embeds": []map[string]string{{"description": strings.Repeat("x", 4000)}, {"description": strings.Repeat("x", 2001)}}},
		"bad link":      map[string]any{"embeds": []map[string]string{{"title": "t", "url": "javascript:x"}}},
	} {
		body, _ := json.Marshal(msg)
		resp, err := http.Post(f.URL+"/api/v9/channels/1/messages", "application/json", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", name, resp.StatusCode)
		}
	}
	if len(f.Sent()) != 0 || len(f.Calls()) != 4 {
		t.Errorf("sent %d, calls %d", len(f.Sent()), len(f.Calls()))
	}
}

func TestFakeScriptsRateLimitsLikeDiscord(t *testing.T) {
	f := discordfake.New(t)
	f.RateLimit("POST", "/api/v9/channels/1/messages", 0.25, 1)
	resp, err := http.Post(f.URL+"/api/v9/channels/1/messages", "application/json", strings.NewReader(`{"content":"a"}`))
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		RetryAfter float64 `json:"retry_after"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != 429 || body.RetryAfter != 0.25 || resp.Header.Get("X-RateLimit-Reset-After") != "0.25" {
		t.Fatalf("429: %d %+v %v", resp.StatusCode, body, resp.Header)
	}
	resp, err = http.Post(f.URL+"/api/v9/channels/1/messages", "application/json", strings.NewReader(`{"content":"a"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || len(f.Sent()) != 1 {
		t.Fatalf("after the scripted 429: %d, sent %d", resp.StatusCode, len(f.Sent()))
	}
}
