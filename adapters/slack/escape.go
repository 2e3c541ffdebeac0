package slack

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/bot"
)

// wordJoiner is an invisible character. Put after an "@", it keeps
// "@here" looking the same while no longer matching what Slack turns into
// a broadcast.
const wordJoiner = "\u2060"

// broadcasts are the words Slack may turn into pings when they follow "@".
var broadcasts = []string{"here", "channel", "everyone"}

var entities = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// mrkdwn escapes text for a mrkdwn text object (and a message's text
// fallback): Slack's control characters become entities, so <!channel>,
// <@U1> and <url|label> show literally, and broadcast words are defanged.
func mrkdwn(s string) string {
	return defang(entities.Replace(literal(clean(s))))
}

// plain prepares text for a plain_text object. Slack does not parse
// plain_text for links or mentions, but to stay literal whatever a client
// does, angle brackets become look-alike quotes (‹ ›) and broadcast words
// are defanged.
func plain(s string) string {
	return defang(angles.Replace(literal(clean(s)))) // literal: shown as in mrkdwn text
}

var angles = strings.NewReplacer("<", "‹", ">", "›")

// defang inserts a word joiner after every "@" that starts a broadcast
// word, in any case.
func defang(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '@')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+1])
		s = s[i+1:]
		if startsWithBroadcast(s) {
			b.WriteString(wordJoiner)
		}
	}
}

func startsWithBroadcast(s string) bool {
	for _, w := range broadcasts {
		if len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) {
			return true
		}
	}
	return false
}

// clean replaces control and bidirectional-override characters (except
// newlines) with spaces: article text must not reorder or hide what
// follows it.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == utf8.RuneError, unicode.IsControl(r), r == '\u2028', r == '\u2029', bot.IsBidiControl(r):
			return ' '
		}
		return r
	}, s)
}

// oneLine is clean without newlines, for titles and names.
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

// urlUnsafe percent-encodes what would end or break a <url|label> link.
var urlUnsafe = strings.NewReplacer("|", "%7C", "<", "%3C", ">", "%3E", " ", "%20", "@", "%40")

// maxURL bounds links; longer ones are shown without a link.
const maxURL = 2000

// linkURL returns an http(s) URL made safe to place inside <url|label>,
// or "" when it is not one. URLs with a user part ("https://bank@evil")
// are refused; "@" elsewhere is percent-encoded, which means the same.
func linkURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	s := urlUnsafe.Replace(u.String())
	s = strings.ReplaceAll(s, "&", "&amp;")
	if len(s) > maxURL {
		return ""
	}
	return s
}

// link renders a mrkdwn link whose label is escaped text; without a usable
// URL it is the escaped label alone.
func link(rawURL, label string) string {
	u := linkURL(rawURL)
	if u == "" {
		return mrkdwn(label)
	}
	return "<" + u + "|" + mrkdwn(label) + ">"
}

// truncate shortens s to at most n runes, ending in "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRightFunc(string(r[:n-1]), unicode.IsSpace) + "…"
}

// truncateEscaped shortens escaped mrkdwn to at most n runes without
// cutting an entity ("&amp;") in half.
func truncateEscaped(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	if amp := lastIndexRune(r, '&'); amp >= 0 && lastIndexRune(r[amp:], ';') < 0 {
		r = r[:amp]
	}
	return strings.TrimRightFunc(string(r), unicode.IsSpace) + "…"
}

func lastIndexRune(rs []rune, c rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == c {
			return i
		}
	}
	return -1
}

// cutEscaped splits escaped mrkdwn after at most n runes (n > 8), never
// inside an entity, at a space near the cut when there is one.
func cutEscaped(s string, n int) (head, rest string) {
	r := []rune(s)
	if len(r) <= n {
		return s, ""
	}
	k := n
	if amp := lastIndexRune(r[k-5:k], '&'); amp >= 0 && lastIndexRune(r[k-5+amp:k], ';') < 0 {
		k = k - 5 + amp
	}
	if sp := lastIndexRune(r[max(0, k-200):k], ' '); sp > 0 {
		k = max(0, k-200) + sp + 1
	}
	return string(r[:k]), string(r[k:])
}
