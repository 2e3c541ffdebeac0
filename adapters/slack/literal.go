package slack

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// literal keeps text from forming mrkdwn formatting, for text the bot
// did not write (a topic typed in chat, an article): Slack has no escape
// for *bold*, _italic_, ~strike~, `code` or ``` fences, so those
// characters become look-alikes (∗ ˍ ∼ ˋ), and a line starting with ">"
// (a quote) starts with "›". A *, _ or ~ between two letters or digits
// (not_in_channel) cannot open or close formatting and stays. The bot's
// own markup is added around escaped text, never through it.
func literal(s string) string {
	if strings.ContainsAny(s, "*_~`") {
		var b strings.Builder
		prev := ' '
		for i, r := range s {
			alike, ok := lookalike[r]
			if ok && r != '`' {
				next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
				ok = !(isWordRune(prev) && isWordRune(next))
			}
			if ok {
				b.WriteRune(alike)
			} else {
				b.WriteRune(r)
			}
			prev = r
		}
		s = b.String()
	}
	if t := strings.TrimLeft(s, " "); strings.HasPrefix(t, ">") {
		s = s[:len(s)-len(t)] + "›" + t[1:]
	}
	return s
}

var lookalike = map[rune]rune{'*': '∗', '_': 'ˍ', '~': '∼', '`': 'ˋ'}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
