package slack

import "strings"

// literal keeps text from forming mrkdwn formatting, for text the bot
// did not write (a topic typed in chat, an article): Slack has no escape
// for *bold*, _italic_, ~strike~, `code` or ``` fences, so those
// characters become look-alikes, and a line starting with ">" (a quote)
// starts with "›". The bot's own markup is added around escaped text,
// never through it.
func literal(s string) string {
	s = lookalikes.Replace(s)
	if t := strings.TrimLeft(s, " "); strings.HasPrefix(t, ">") {
		s = s[:len(s)-len(t)] + "›" + t[1:]
	}
	return s
}

var lookalikes = strings.NewReplacer("*", "∗", "_", "ˍ", "~", "∼", "`", "ˋ")
