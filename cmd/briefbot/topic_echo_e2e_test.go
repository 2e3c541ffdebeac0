package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
)

// Issue 17 finding 11, end to end with the binary and a fake Slack: a
// topic typed with mrkdwn (bold, code, a fence, a quote) and invisible
// characters (zero-width space, word joiner, a bidi override) is echoed
// in channel as literal text, without the invisible characters.
func TestSlackEchoesTopicsAsLiteralText(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "echo.db")
	ingestSampleInto(t, dir, db)
	fake := slackfake.New(t)
	srv := startSlackServe(t, dir, db, "SLACK_BOT_TOKEN="+slackfake.BotToken, "SLACK_SIGNING_SECRET="+slackSecret,
		"SLACK_API_URL="+fake.APIURL())

	topic := "*urgent* _now_ ~old~ `code` ```fence``` ko\u200brea gs\u2060omia \u202etxet"
	for _, cmd := range []string{"/watch", "/brief"} {
		shown := srv.ask(t, fake, cmd, topic)
		for _, bad := range []string{"*urgent*", "_now_", "~old~", "`", "\u200b", "\u2060", "\u202e"} {
			if strings.Contains(shown, bad) {
				t.Errorf("%s echoes %q:\n%q", cmd, bad, shown)
			}
		}
		if !strings.Contains(shown, "∗urgent∗ ˍnowˍ ∼old∼ ˋcodeˋ ˋˋˋfenceˋˋˋ korea gsomia txet") {
			t.Errorf("%s does not show the topic literally:\n%q", cmd, shown)
		}
	}
	quote := srv.ask(t, fake, "/brief", "> quoted gsomia")
	if strings.Contains(quote, "\n>") || strings.HasPrefix(quote, ">") {
		t.Errorf("/brief > … starts a quote:\n%q", quote)
	}
}
