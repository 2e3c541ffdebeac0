package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
)

// Issue 18 item 1, through serve's signed HTTP endpoints: text arrives
// exactly as Slack sends it (entities, <url> links) and the router sees
// what the user typed — the topic shows as "AT&T", and /source add stores
// and fetches the URL with a plain "&".
func TestSlackServeDecodesEscapedText(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "esc.db")
	ingestSampleInto(t, dir, db)

	var wrongQuery atomic.Int32
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "a=1&b=2" {
			wrongQuery.Add(1)
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(harbourFeed(2))
	}))
	defer feed.Close()

	fake := slackfake.New(t)
	srv := startSlackServe(t, dir, db, "SLACK_BOT_TOKEN="+slackfake.BotToken, "SLACK_SIGNING_SECRET="+slackSecret,
		"SLACK_API_URL="+fake.APIURL(), "BRIEFBOT_ALLOW_PRIVATE_SOURCES=true", "BRIEFBOT_ADMINS=slack:U0ALICE")

	brief := srv.ask(t, fake, "/brief", slackfake.Typed("AT&T"))
	if !strings.Contains(brief, "AT&T") || strings.Contains(brief, "amp") {
		t.Errorf("/brief AT&amp;T was not read as AT&T:\n%s", brief)
	}

	feedURL := feed.URL + "/f?a=1&b=2"
	if typed := slackfake.Typed("add " + feedURL); !strings.Contains(typed, "<http") || !strings.Contains(typed, "&amp;b=2>") {
		t.Fatalf("Typed does not escape as Slack does: %q", typed)
	}
	added := srv.ask(t, fake, "/source", slackfake.Typed("add "+feedURL))
	if n := wrongQuery.Load(); n != 0 {
		t.Fatalf("the feed was fetched with a still-escaped query %d times; reply:\n%s", n, added)
	}
	if strings.Contains(added, "amp;") || !strings.Contains(strings.ToLower(added), "harbour") && !strings.Contains(added, feedURL) {
		t.Fatalf("/source add reply:\n%s", added)
	}
	if list := srv.ask(t, fake, "/source", "list"); !strings.Contains(list, feedURL) || strings.Contains(list, "amp;") {
		t.Fatalf("/source list does not show %s:\n%s", feedURL, list)
	}

	// An app mention, as the Events API delivers it.
	ev := slackfake.EventCallback("EvEsc1", map[string]any{"type": "app_mention", "user": "U0ALICE", "channel": "C0E2E",
		"text": "<@U0BOT> brief " + slackfake.Typed("AT&T"), "ts": "1700000001.000100", "event_ts": "1700000001.000100"})
	req, err := slackfake.NewSignedRequest(context.Background(), srv.url+"/slack/events", slackSecret, time.Now(), "application/json", ev)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("event: status %d", resp.StatusCode)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var reply string
	if err := fake.Wait(ctx, func() bool {
		for _, c := range fake.Calls("") {
			if strings.HasPrefix(c.Method, "chat.post") {
				reply = slackfake.Visible(c.Text())
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("no reply to the mention: %v\n%s", err, srv.output())
	}
	if !strings.Contains(reply, "AT&T") || strings.Contains(reply, "amp") {
		t.Errorf("mention reply does not read AT&T:\n%s", reply)
	}
}
