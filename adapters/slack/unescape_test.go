package slack

import (
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
)

// Text exactly as Slack sends it (escaped entities, wrapped links,
// channels, users and broadcasts) decodes to what the user typed.
func TestIncomingDecodesSlackEscaping(t *testing.T) {
	for in, want := range map[string]string{
		"AT&amp;T":                               "AT&T",
		"add <http://h/f?a=1&amp;b=2>":           "add http://h/f?a=1&b=2",
		"add <https://h/f.xml|h/f.xml> every 1h": "add https://h/f.xml every 1h",
		"&lt;x&gt; &amp;lt;":                     "<x> &lt;",
		"mail <mailto:a@b.org|a@b.org>":          "mail a@b.org",
		"in <#C123|general> and <#C456>":         "in #general and #C456",
		"ask <@U123|ann> or <@U456>":             "ask @ann or @U456",
		"<!here> <!channel> <!subteam^S1|@ops>":  "@here @channel @ops",
		"<!date^1392734382^{date}|Feb 18>":       "Feb 18",
		"a < b":                                  "a < b", // never sent escaped like this, but must not be lost
		"tail <unclosed":                         "tail <unclosed",
		"plain words":                            "plain words",
		"":                                       "",
	} {
		if got := incoming(in); got != want {
			t.Errorf("incoming(%q) = %q, want %q", in, got, want)
		}
	}
}

// What a user types goes through slackfake.Typed (Slack's own escaping
// and linking) and comes back unchanged from the adapter's request.
func TestSlashCommandAndMentionTextReachTheRouterDecoded(t *testing.T) {
	for _, typed := range []string{"AT&T", "add http://h/f?a=1&b=2 every 1h", "x <y> & z", "Q&A"} {
		req := commandRequest(slack.SlashCommand{Command: "/brief", Text: slackfake.Typed(typed), ChannelID: "C1"})
		if req.Text != typed {
			t.Errorf("slash command %q arrived as %q", typed, req.Text)
		}
		m := &slackevents.AppMentionEvent{User: "U1", Channel: "C1", Text: "<@U0BOT> brief " + slackfake.Typed(typed)}
		if req := mentionRequest("Ev1", m, nil); req.Command != "brief" || req.Text != typed {
			t.Errorf("mention %q arrived as %q %q", typed, req.Command, req.Text)
		}
	}
}
