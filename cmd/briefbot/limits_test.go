package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// TestServeLimits sends `briefbot serve` what no client should: bodies
// far over the 1 MB limit (signed or not), huge headers, over-long
// topics and commands. Each gets a clean refusal, and the server goes on.
func TestServeLimits(t *testing.T) {
	sl, signer := slackfake.New(t), discordfake.NewSigner()
	addr := freeAddr(t)
	p := startProc(t, []string{"BRIEFBOT_DATABASE_URL=" + storagetest.SQLiteURL(t), "BRIEFBOT_HTTP_ADDR=" + addr,
		"SLACK_BOT_TOKEN=" + slackfake.BotToken, "SLACK_SIGNING_SECRET=" + slackTestSecret, "SLACK_API_URL=" + sl.APIURL(),
		"DISCORD_BOT_TOKEN=", "DISCORD_PUBLIC_KEY=" + signer.PublicKey(), "BRIEFBOT_API_TOKEN="}, "serve")
	p.waitFor(t, "briefbot serving", 1)
	base := "http://" + addr
	huge := bytes.Repeat([]byte("a"), 8<<20)
	signedSlack, _ := slackfake.NewSignedRequest(context.Background(), base+"/slack/commands", slackTestSecret, time.Now(),
		"application/x-www-form-urlencoded", huge)
	plain := func(method, path string, body []byte) *http.Request {
		r, _ := http.NewRequest(method, base+path, bytes.NewReader(body))
		return r
	}
	bigHeader := plain(http.MethodGet, "/healthz", nil)
	bigHeader.Header.Set("X-Filler", strings.Repeat("x", 2<<20))
	for name, c := range map[string]struct {
		req  *http.Request
		want []int
	}{
		"slack 8 MB unsigned":   {plain(http.MethodPost, "/slack/commands", huge), []int{413}},
		"slack 8 MB signed":     {signedSlack, []int{413}},
		"discord 8 MB signed":   {signer.Request(base+"/discord/interactions", huge, time.Now()), []int{401, 413}},
		"2 MB header":           {bigHeader, []int{431}},
		"250-character topic":   {plain(http.MethodGet, "/api/v1/brief?topic="+strings.Repeat("x", 250), nil), []int{400}},
		"limit out of range":    {plain(http.MethodGet, "/api/v1/brief?topic=x&limit=100000", nil), []int{400}},
		"POST to the API":       {plain(http.MethodPost, "/api/v1/brief?topic=x", huge), []int{405}},
		"discord unsigned ping": {plain(http.MethodPost, "/discord/interactions", []byte(`{"type":1}`)), []int{401}},
	} {
		code, err := status(c.req)
		if err != nil || !containsInt(c.want, code) {
			t.Errorf("%s: status %d (%v), want one of %v", name, code, err, c.want)
		}
	}
	long := slackfake.CommandForm("/brief", strings.Repeat("word ", 300), "C1", "U1", sl.ResponseURL())
	req, _ := slackfake.NewSignedRequest(context.Background(), base+"/slack/commands", slackTestSecret, time.Now(),
		"application/x-www-form-urlencoded", []byte(long.Encode()))
	if body := readAll(t, req); !strings.Contains(body, "too long") {
		t.Errorf("a 1,500-character command: %s", body)
	}
	if code, err := status(plain(http.MethodGet, "/healthz", nil)); code != 200 {
		t.Fatalf("serve is unwell after all that: %d %v\n%s", code, err, p.output())
	}
}

func status(r *http.Request) (int, error) {
	resp, err := (&http.Client{Timeout: 20 * time.Second}).Do(r)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func readAll(t *testing.T, r *http.Request) string {
	t.Helper()
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
