package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/metrics"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// TestServeMetrics checks /metrics on a real `briefbot serve`: commands
// from Slack and Discord are timed, the poller's passes and the
// articles it ingests are counted, and its sources by health.
func TestServeMetrics(t *testing.T) {
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<rss version="2.0"><channel><title>Local</title><item><title>Seoul and Tokyo talk</title>`+
			`<guid>1</guid><description>They met on Monday.</description></item></channel></rss>`)
	}))
	defer feed.Close()
	sl, signer := slackfake.New(t), discordfake.NewSigner()
	addr := freeAddr(t)
	p := startProc(t, []string{"BRIEFBOT_DATABASE_URL=" + storagetest.SQLiteURL(t), "BRIEFBOT_HTTP_ADDR=" + addr,
		"BRIEFBOT_FEEDS=" + feed.URL + "/feed.xml", "BRIEFBOT_SOURCE_BACKFILL=5", "SLACK_BOT_TOKEN=" + slackfake.BotToken,
		"SLACK_SIGNING_SECRET=" + slackTestSecret, "SLACK_API_URL=" + sl.APIURL(), "DISCORD_BOT_TOKEN=",
		"DISCORD_PUBLIC_KEY=" + signer.PublicKey(), "BRIEFBOT_API_TOKEN="}, "serve")
	p.waitFor(t, "briefbot serving", 1)
	base := "http://" + addr
	form := slackfake.CommandForm("/brief", "seoul", "C1", "U1", sl.ResponseURL())
	req, _ := slackfake.NewSignedRequest(context.Background(), base+"/slack/commands", slackTestSecret, time.Now(),
		"application/x-www-form-urlencoded", []byte(form.Encode()))
	do(t, req)
	help := discordfake.Interaction{ID: "1", AppID: "200", Token: "t", Type: discordfake.Command, ChannelID: "55",
		GuildID: "66", UserID: "77", Username: "ana", Command: "help"}.JSON()
	do(t, signer.Request(base+"/discord/interactions", help, time.Now()))
	do(t, signer.Request(base+"/discord/interactions", discordfake.Interaction{ID: "2", AppID: "200", Token: "u",
		Type: discordfake.Command, ChannelID: "55", GuildID: "66", UserID: "77", Command: "frobnicate"}.JSON(), time.Now()))

	want := map[string]float64{
		`briefbot_command_duration_seconds_count{command="brief",outcome="ok"}`:      1,
		`briefbot_command_duration_seconds_count{command="help",outcome="ok"}`:       1,
		`briefbot_command_duration_seconds_count{command="unknown",outcome="error"}`: 1,
		`briefbot_poll_passes_total`:                     1,
		`briefbot_poll_checks_total{outcome="updated"}`:  1,
		`briefbot_ingest_articles_total{result="added"}`: 1,
		`briefbot_sources{health="ok"}`:                  1,
		`process_resident_memory_bytes`:                  1,
	}
	short := func(text string) (missing []string) {
		for series, atLeast := range want {
			if v := metricValue(text, series); v < atLeast {
				missing = append(missing, fmt.Sprintf("%s = %v, want at least %v", series, v, atLeast))
			}
		}
		return missing
	}
	// The poller counts the articles it added before it counts its pass:
	// wait for every series, not only the first to move.
	text := ""
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if text = scrapeURL(t, base+metrics.Path); len(short(text)) == 0 {
			break
		}
	}
	for _, m := range short(text) {
		t.Error(m)
	}
	if t.Failed() {
		t.Logf("metrics:\n%s\nlogs:\n%s", text, p.output())
	}
}

func do(t *testing.T, req *http.Request) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", req.URL.Path, resp.StatusCode)
	}
}

func scrapeURL(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// metricValue is the value of one series in the text format, or -1.
func metricValue(text, series string) float64 {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(text)
	if m == nil {
		return -1
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return -1
	}
	return v
}
