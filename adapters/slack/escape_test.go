package slack

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
)

func TestMrkdwnEscapesControlCharactersAndBroadcasts(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain words", "plain words"},
		{"A & B <c>", "A &amp; B &lt;c&gt;"},
		{"<!channel> hi", "&lt;!channel&gt; hi"},
		{"<@U123|bob>", "&lt;@U123|bob&gt;"},
		{"<https://evil.example|click>", "&lt;https://evil.example|click&gt;"},
		{"&lt; already", "&amp;lt; already"},
		{"@here now", "@\u2060here now"},
		{"@Channel and @EVERYONE", "@\u2060Channel and @\u2060EVERYONE"},
		{"mail me@heresy.example", "mail me@\u2060heresy.example"}, // harmless: invisible
		{"@someone", "@someone"},
		{"line\none", "line\none"},
		{"bell\a and rtl\u202eoverride", "bell  and rtl override"},
	} {
		if got := mrkdwn(tc.in); got != tc.want {
			t.Errorf("mrkdwn(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if p := slackfake.Pings(mrkdwn(tc.in)); len(p) > 0 {
			t.Errorf("mrkdwn(%q) still pings %q", tc.in, p)
		}
	}
}

func TestPlainTextCannotFormMarkup(t *testing.T) {
	got := plain("Briefing: <!here> & @channel")
	if strings.ContainsAny(got, "<>") || len(slackfake.Pings(got)) > 0 {
		t.Fatalf("plain = %q", got)
	}
}

func TestLinkURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://news.example/a?b=1&c=2", "https://news.example/a?b=1&amp;c=2"},
		{"http://x.example/a|b>c<d", "http://x.example/a%7Cb%3Ec%3Cd"},
		{"https://x.example/@here?to=@channel", "https://x.example/%40here?to=%40channel"},
		{"https://news.example@evil.example/", ""},
		{"javascript:alert(1)", ""},
		{"mailto:x@example.com", ""},
		{"/relative/path", ""},
		{"https://" + strings.Repeat("a", maxURL), ""},
	} {
		if got := linkURL(tc.in); got != tc.want {
			t.Errorf("linkURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := link("javascript:alert(1)", "<b>"); got != "&lt;b&gt;" {
		t.Errorf("link without a usable URL = %q", got)
	}
}

func TestCutEscapedNeverSplitsAnEntity(t *testing.T) {
	s := mrkdwn(strings.Repeat("a&b<c>", 100))
	for n := 9; n < 60; n++ {
		head, rest := cutEscaped(s, n)
		if head+rest != s || runeLen(head) > n {
			t.Fatalf("n=%d: bad cut %q | %q", n, head, rest)
		}
		if amp := strings.LastIndex(head, "&"); amp >= 0 && !strings.Contains(head[amp:], ";") {
			t.Fatalf("n=%d: entity cut in %q", n, head)
		}
		tr := truncateEscaped(s, n)
		if runeLen(tr) > n || !strings.HasSuffix(tr, "…") {
			t.Fatalf("n=%d: truncateEscaped = %q", n, tr)
		}
		if amp := strings.LastIndex(tr, "&"); amp >= 0 && !strings.Contains(tr[amp:], ";") {
			t.Fatalf("n=%d: truncateEscaped cut an entity: %q", n, tr)
		}
	}
}
