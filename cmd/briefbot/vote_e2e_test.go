package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/adapters/slack/slackfake"
)

// The stories of testdata/tariff-ports.xml are keyed by their link's
// last part ("kessa-soy").
var storyLink = regexp.MustCompile(`https://quayside\.example/([a-z-]+)`)

// slackStory is a story of a Slack reply with its 👍/👎 button values.
type slackStory struct{ up, down string }

// brief sends a signed /brief from channel ch and returns the stories of
// the reply as Slack shows them, in order, with the values of their
// buttons.
func (s *slackServe) brief(t *testing.T, fake *slackfake.Server, ch, text string) ([]string, map[string]slackStory) {
	t.Helper()
	return s.stories(t, fake, ch, "/brief", text)
}

// stories sends a signed command from channel ch and returns the stories
// of the reply's first message, as brief does.
func (s *slackServe) stories(t *testing.T, fake *slackfake.Server, ch, command, text string) ([]string, map[string]slackStory) {
	t.Helper()
	form := slackfake.CommandForm(command, text, ch, "U0ALICE", fake.ResponseURL())
	code, body := s.slashCommand(t, slackSecret, time.Now(), form)
	if code != http.StatusOK {
		t.Fatalf("%s %s in %s: %d %s", command, text, ch, code, body)
	}
	var msg map[string]any
	if err := json.Unmarshal(body, &msg); err != nil || msg["blocks"] == nil {
		path := strings.TrimPrefix(form.Get("response_url"), fake.URL())
		var got []map[string]any
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := fake.Wait(ctx, func() bool {
			got = nil
			for _, r := range fake.Responses() {
				if r.Path == path {
					got = append(got, r.Body)
				}
			}
			return len(got) > 0
		}); err != nil {
			t.Fatalf("%s %s: no reply: %v", command, text, err)
		}
		msg = got[0]
	}
	blocks, _ := msg["blocks"].([]any)
	var order []string
	stories := map[string]slackStory{}
	for _, b := range blocks {
		raw, _ := json.Marshal(b)
		switch b.(map[string]any)["type"] {
		case "section":
			if m := storyLink.FindStringSubmatch(string(raw)); m != nil {
				order = append(order, m[1])
			}
		case "actions":
			var a struct {
				Elements []struct {
					ActionID string `json:"action_id"`
					Value    string `json:"value"`
				} `json:"elements"`
			}
			if err := json.Unmarshal(raw, &a); err != nil {
				t.Fatal(err)
			}
			var st slackStory
			for _, e := range a.Elements {
				switch e.ActionID {
				case "briefbot_vote_up":
					st.up = e.Value
				case "briefbot_vote_down":
					st.down = e.Value
				}
			}
			if st.up != "" && len(order) > 0 {
				stories[order[len(order)-1]] = st
			}
		}
	}
	if len(stories) != len(order) {
		t.Fatalf("%s %s: %d stories but %d with 👍/👎 buttons:\n%s", command, text, len(order), len(stories), blocks)
	}
	return order, stories
}

// click posts a block_actions payload as Slack sends it (form-encoded
// payload=JSON, signed with secret) for a click on a button of action_id
// with value in channel ch, and returns the status and the response_url
// the answer must go to.
func (s *slackServe) click(t *testing.T, fake *slackfake.Server, secret, ch, actionID, value string) (int, string) {
	t.Helper()
	respURL := fake.ResponseURL()
	payload := map[string]any{"type": "block_actions", "api_app_id": "A0BRIEF", "token": "legacy-unused",
		"team": map[string]any{"id": "T0E2E", "domain": "e2e"}, "user": map[string]any{"id": "U0BOB", "username": "bob", "name": "bob", "team_id": "T0E2E"},
		"container":  map[string]any{"type": "message", "message_ts": "1733550000.000100", "channel_id": ch, "is_ephemeral": false},
		"channel":    map[string]any{"id": ch, "name": "news"},
		"trigger_id": "13345224609.738474920.8088930838d88f008e0", "response_url": respURL,
		"actions": []any{map[string]any{"action_id": actionID, "block_id": "Xq1", "type": "button", "value": value,
			"text": map[string]any{"type": "plain_text", "text": "👎", "emoji": true}, "action_ts": "1733550001.000200"}}}
	raw, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	req, err := slackfake.NewSignedRequest(context.Background(), s.url+"/slack/interactions", secret, time.Now(),
		"application/x-www-form-urlencoded", []byte(url.Values{"payload": {string(raw)}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Timeout: 3 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("click not acknowledged within 3 s: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode, respURL
}

// answerAt waits for the ephemeral answer posted to a click's
// response_url and returns its text.
func answerAt(t *testing.T, fake *slackfake.Server, respURL string) string {
	t.Helper()
	path := strings.TrimPrefix(respURL, fake.URL())
	var got *slackfake.Response
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := fake.Wait(ctx, func() bool {
		for _, r := range fake.Responses() {
			if r.Path == path {
				got = &r
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("no answer to the click: %v", err)
	}
	if got.Type() != "ephemeral" {
		t.Errorf("the answer to a click is %q, want ephemeral: %s", got.Type(), got.Raw)
	}
	return slackfake.Visible(got.Text())
}

// discordStories is a Discord /brief reply's stories, in order, and each
// story's 👍 and 👎 custom_ids.
func discordStories(t *testing.T, m discordfake.Message) ([]string, map[string][2]string) {
	t.Helper()
	var order []string
	byNumber := map[string]string{}
	for _, e := range m.Embeds {
		if s := storyLink.FindStringSubmatch(e.URL); s != nil {
			order = append(order, s[1])
			n, _, _ := strings.Cut(e.Title, ".")
			byNumber[n] = s[1]
		}
	}
	ids := map[string][2]string{}
	for _, row := range m.Components {
		for _, c := range row.Components {
			thumb, n, ok := strings.Cut(c.Label, " ")
			story := byNumber[n]
			if !ok || story == "" {
				continue
			}
			pair := ids[story]
			if thumb == "👍" {
				pair[0] = c.CustomID
			} else {
				pair[1] = c.CustomID
			}
			ids[story] = pair
		}
	}
	if len(ids) != len(order) {
		t.Fatalf("%d stories but %d with 👍/👎 buttons: %+v", len(order), len(ids), m.Components)
	}
	return order, ids
}

// Issue 15, acceptance 2 (the chat half): through `briefbot serve`, a
// Slack button click (a signed block_actions payload) and a Discord
// component interaction (Ed25519-signed, type 3) judge stories for the
// channel they come from. The judged-down story leaves that channel's
// next /brief, the judged-up one (from page 2) enters its first page,
// and another channel's /brief of the same topic is unchanged. A forged
// click is refused and records nothing; a click on an unknown story or
// topic gets a clear ephemeral error.
func TestVoteButtonsJudgeThroughServe(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "vote.db")
	feed, err := filepath.Abs("testdata/tariff-ports.xml")
	if err != nil {
		t.Fatal(err)
	}
	if r := briefbot(t, dir, db, "ingest", feed); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	sl, dc, signer := slackfake.New(t), discordfake.New(t), discordfake.NewSigner()
	srv := startSlackServe(t, dir, db, "SLACK_BOT_TOKEN="+slackfake.BotToken, "SLACK_SIGNING_SECRET="+slackSecret,
		"SLACK_API_URL="+sl.APIURL(), "DISCORD_PUBLIC_KEY="+signer.PublicKey(), "DISCORD_APP_ID=200",
		"DISCORD_BOT_TOKEN=e2e-token", "DISCORD_API_URL="+dc.URL, "DISCORD_GUILD_ID=")
	judgments := func(platform, ch string) string {
		t.Helper()
		r := briefbot(t, dir, db, "ask", "--platform", platform, "--channel", ch, "/rate tariffs")
		if r.code != 0 {
			t.Fatalf("/rate tariffs: %s%s", r.stdout, r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}

	t.Run("slack", func(t *testing.T) {
		first, stories := srv.brief(t, sl, "C0VOTE", "tariffs limit 3")
		second, more := srv.brief(t, sl, "C0VOTE", "tariffs limit 3 page 2")
		other, _ := srv.brief(t, sl, "C0OTHER", "tariffs limit 3")
		if len(first) != 3 || len(second) != 3 || !slices.Equal(first, other) {
			t.Fatalf("first pages %v and %v, second %v", first, other, second)
		}
		down, up := first[0], second[len(second)-1]

		// Forged: signed with another secret. Refused, nothing recorded.
		if code, _ := srv.click(t, sl, "forged-secret", "C0VOTE", "briefbot_vote_down", stories[down].down); code != http.StatusUnauthorized {
			t.Fatalf("forged click: status %d, want 401", code)
		}
		if got := judgments("slack", "C0VOTE"); !strings.Contains(got, "judged no stories") {
			t.Fatalf("a forged click recorded a judgment: %s", got)
		}

		_, at := srv.click(t, sl, slackSecret, "C0VOTE", "briefbot_vote_down", stories[down].down)
		if a := answerAt(t, sl, at); !strings.Contains(a, "Noted 👎") || !strings.Contains(a, "“tariffs”") {
			t.Errorf("answer to 👎: %s", a)
		}
		_, at = srv.click(t, sl, slackSecret, "C0VOTE", "briefbot_vote_down", stories[down].down) // a double click
		if a := answerAt(t, sl, at); !strings.Contains(a, "Already noted 👎") {
			t.Errorf("answer to a second 👎: %s", a)
		}
		_, at = srv.click(t, sl, slackSecret, "C0VOTE", "briefbot_vote_up", more[up].up)
		if a := answerAt(t, sl, at); !strings.Contains(a, "Noted 👍") {
			t.Errorf("answer to 👍: %s", a)
		}
		if got := judgments("slack", "C0VOTE"); strings.Count(got, "👎") != 1 || strings.Count(got, "👍") != 1 {
			t.Errorf("want one 👎 and one 👍 after three clicks: %s", got)
		}

		after, _ := srv.brief(t, sl, "C0VOTE", "tariffs limit 3")
		if slices.Contains(after, down) || !slices.Contains(after, up) {
			t.Errorf("C0VOTE's first page after 👎 %s and 👍 %s (from page 2): %v (before: %v)", down, up, after, first)
		}
		if again, _ := srv.brief(t, sl, "C0OTHER", "tariffs limit 3"); !slices.Equal(again, other) {
			t.Errorf("C0OTHER's answer changed: %v, was %v", again, other)
		}
		t.Logf("slack C0VOTE first page: %v → %v (👎 %s, 👍 %s); C0OTHER: %v", first, after, down, up, other)

		// Damaged values: an unknown story, a topic reference nobody knows.
		for value, want := range map[string]string{
			"d 999999 tariffs":                      "no article 999999",
			"d 1 ref:0123456789abcdef":              "no longer known",
			"d 1 " + strings.Repeat("tariffs ", 40): "too long",
		} {
			_, at := srv.click(t, sl, slackSecret, "C0VOTE", "briefbot_vote_down", value)
			if a := answerAt(t, sl, at); !strings.HasPrefix(a, "Sorry") || !strings.Contains(a, want) {
				t.Errorf("click with %q: %s", value, a)
			}
		}
		if got := judgments("slack", "C0VOTE"); strings.Count(got, "👎") != 1 || strings.Count(got, "👍") != 1 {
			t.Errorf("refused clicks changed the judgments: %s", got)
		}
	})

	// A digest's stories carry the buttons too, and a click on one judges
	// for the digest's channel and topic.
	t.Run("slack digest", func(t *testing.T) {
		srv.stories(t, sl, "C0DIGEST", "/watch", "tariffs") // no stories: a text reply
		got, stories := srv.stories(t, sl, "C0DIGEST", "/digest", "now")
		if len(got) < 3 {
			t.Fatalf("digest stories: %v", got)
		}
		_, at := srv.click(t, sl, slackSecret, "C0DIGEST", "briefbot_vote_down", stories[got[0]].down)
		if a := answerAt(t, sl, at); !strings.Contains(a, "Noted 👎") || !strings.Contains(a, "“tariffs”") {
			t.Errorf("answer to 👎 on a digest story: %s", a)
		}
		if after, _ := srv.brief(t, sl, "C0DIGEST", "tariffs limit 8"); slices.Contains(after, got[0]) || len(after) == 0 {
			t.Errorf("C0DIGEST's /brief after 👎 %s in its digest: %v", got[0], after)
		}
	})

	t.Run("discord", func(t *testing.T) {
		url := srv.url + "/discord/interactions"
		brief := func(id, ch, text string) ([]string, map[string][2]string) {
			t.Helper()
			i := discordCommand(id, ch, "brief", discordfake.Option{Name: "topic", Value: text})
			code, resp := discordPost(t, signer.Request(url, i.JSON(), time.Now()))
			if code != 200 || (resp.Type != 4 && resp.Type != 5) {
				t.Fatalf("brief: %d %s", code, resp.raw)
			}
			m := resp.Data
			if resp.Type == 5 {
				dc.Wait(t, 10*time.Second, "the deferred reply", func() bool { return len(discordSentFor(dc, i.Token)) > 0 })
				m = discordSentFor(dc, i.Token)[0].Message
			}
			return discordStories(t, m)
		}
		click := func(id, ch, customID string, signer *discordfake.Signer) (int, discordResponse) {
			t.Helper()
			i := discordfake.Interaction{ID: id, AppID: "200", Token: "tok-" + id, Type: discordfake.Click, ChannelID: ch,
				GuildID: "66", UserID: "78", Username: "bo", CustomID: customID}
			return discordPost(t, signer.Request(url, i.JSON(), time.Now()))
		}
		first, ids := brief("d1", "55", "tariffs limit 3")
		second, more := brief("d2", "55", "tariffs limit 3 page 2")
		other, _ := brief("d3", "56", "tariffs limit 3")
		if len(first) != 3 || len(second) != 3 || !slices.Equal(first, other) {
			t.Fatalf("first pages %v and %v, second %v", first, other, second)
		}
		down, up := first[1], second[0]

		if code, _ := click("d4", "55", ids[down][1], discordfake.NewSigner()); code != http.StatusUnauthorized {
			t.Fatalf("forged click: status %d, want 401", code)
		}
		if got := judgments("discord", "55"); !strings.Contains(got, "judged no stories") {
			t.Fatalf("a forged click recorded a judgment: %s", got)
		}
		for n, c := range []struct{ id, want string }{{ids[down][1], "Noted 👎"}, {ids[down][0], "Changed 👎 to 👍"},
			{ids[down][1], "Changed 👍 to 👎"}, {more[up][0], "Noted 👍"}} {
			code, resp := click(fmt.Sprint("d", 10+n), "55", c.id, signer)
			if code != 200 || resp.Type != 4 || resp.Data.Flags&64 == 0 || !strings.Contains(resp.Data.Content, c.want) {
				t.Errorf("click %d: status %d type %d flags %d: %q, want an ephemeral %q", n, code, resp.Type, resp.Data.Flags, resp.Data.Content, c.want)
			}
		}
		after, _ := brief("d20", "55", "tariffs limit 3")
		if slices.Contains(after, down) || !slices.Contains(after, up) {
			t.Errorf("channel 55's first page after 👎 %s and 👍 %s (from page 2): %v (before: %v)", down, up, after, first)
		}
		if again, _ := brief("d21", "56", "tariffs limit 3"); !slices.Equal(again, other) {
			t.Errorf("channel 56's answer changed: %v, was %v", again, other)
		}
		t.Logf("discord 55 first page: %v → %v (👎 %s, 👍 %s); 56: %v", first, after, down, up, other)
		code, resp := click("d30", "55", "briefbot_vote:d 999999 tariffs", signer)
		if code != 200 || resp.Data.Flags&64 == 0 || !strings.Contains(resp.Data.Content, "no article 999999") {
			t.Errorf("unknown story: %d %+v", code, resp.Data)
		}
		code, resp = click("d31", "55", "briefbot_vote:u 1 ref:0123456789abcdef", signer)
		if code != 200 || resp.Data.Flags&64 == 0 || !strings.Contains(resp.Data.Content, "no longer known") {
			t.Errorf("unknown topic: %d %+v", code, resp.Data)
		}
		if got := judgments("discord", "55"); strings.Count(got, "👎") != 1 || strings.Count(got, "👍") != 1 {
			t.Errorf("want one 👎 and one 👍 in channel 55: %s", got)
		}
	})
	// The Slack channel's judgments did not reach the Discord ones, nor
	// the other way round.
	if got := judgments("slack", "C0OTHER"); !strings.Contains(got, "judged no stories") {
		t.Errorf("C0OTHER has judgments: %s", got)
	}
	if got := judgments("discord", "56"); !strings.Contains(got, "judged no stories") {
		t.Errorf("channel 56 has judgments: %s", got)
	}
}
