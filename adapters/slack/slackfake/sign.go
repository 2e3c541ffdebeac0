package slackfake

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Sign returns Slack's X-Slack-Signature for a body sent at Unix time ts:
// "v0=" + hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body)).
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// NewSignedRequest builds a POST of body to url signed with secret at
// time at, as Slack sends it. contentType is the body's media type.
func NewSignedRequest(ctx context.Context, url, secret string, at time.Time, contentType string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	ts := at.Unix()
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", Sign(secret, ts, body))
	return req, nil
}

// CommandForm is the form Slack posts for a slash command (and pushes,
// as JSON, over Socket Mode).
func CommandForm(command, text, channelID, userID, responseURL string) url.Values {
	return url.Values{
		"token": {"verification-token-unused"}, "team_id": {"T0FAKE"}, "team_domain": {"fake"},
		"channel_id": {channelID}, "channel_name": {"general"}, "user_id": {userID}, "user_name": {strings.ToLower(userID)},
		"command": {command}, "text": {text}, "api_app_id": {"A0FAKE"}, "is_enterprise_install": {"false"},
		"response_url": {responseURL}, "trigger_id": {fmt.Sprintf("trig-%d", time.Now().UnixNano())},
	}
}

// EventCallback is an Events API event_callback body around event.
func EventCallback(eventID string, event map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"token": "verification-token-unused", "team_id": "T0FAKE",
		"api_app_id": "A0FAKE", "type": "event_callback", "event_id": eventID, "event_time": time.Now().Unix(),
		"event": event, "authorizations": []any{map[string]any{"team_id": "T0FAKE", "user_id": "U0BOT", "is_bot": true}}})
	return b
}

var (
	markup    = regexp.MustCompile(`<([^<>|]*)(\|([^<>]*))?>`)
	entity    = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "\u2060", "")
	broadcast = regexp.MustCompile(`(?i)@(here|channel|everyone)\b`)
)

// Visible is what a Slack client shows for mrkdwn text: links show their
// label (or URL), mentions their target, entities decode and invisible
// word joiners vanish.
func Visible(mrkdwn string) string {
	s := markup.ReplaceAllStringFunc(mrkdwn, func(m string) string {
		p := markup.FindStringSubmatch(m)
		switch {
		case p[3] != "":
			return p[3]
		case strings.HasPrefix(p[1], "!"):
			return "@" + strings.TrimPrefix(p[1], "!")
		}
		return p[1]
	})
	return entity.Replace(s)
}

// Pings lists what in mrkdwn text could notify people: <!here>,
// <!channel>, <!everyone>, <!subteam^…>, <@U…> and, conservatively, a bare
// @here, @channel or @everyone (Slack parses those when a text object is
// not verbatim or link_names is on).
func Pings(mrkdwn string) []string {
	var out []string
	for _, m := range markup.FindAllStringSubmatch(mrkdwn, -1) {
		if strings.HasPrefix(m[1], "!") || strings.HasPrefix(m[1], "@") {
			out = append(out, m[0])
		}
	}
	return append(out, broadcast.FindAllString(mrkdwn, -1)...)
}

var bareURL = regexp.MustCompile(`https?://[^\s<>]+`)

// Typed is text a user typed as Slack delivers it to apps: "&", "<" and
// ">" become entities, and web addresses are wrapped as <url> (their "&"
// stays escaped inside).
func Typed(s string) string {
	s = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	return bareURL.ReplaceAllStringFunc(s, func(u string) string { return "<" + u + ">" })
}
