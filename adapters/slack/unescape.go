package slack

import "strings"

// incoming decodes text as Slack sends it to apps (slash-command text,
// app_mention and message events) into what the user typed: Slack
// escapes "&", "<" and ">" as entities and wraps what it recognised in
// angle brackets. It is applied once, at the adapter boundary, so the
// router never sees Slack's escaping:
//
//	AT&amp;T                        AT&T
//	<https://h/f?a=1&amp;b=2>       https://h/f?a=1&b=2
//	<https://h/f|h/f>               https://h/f   (a web link means its URL)
//	<mailto:a@b.org|a@b.org>        a@b.org       (other links: their label)
//	<#C123|general>  <#C123>        #general  #C123
//	<@U123|ann>  <@U123>            @ann  @U123
//	<!here>  <!subteam^S1|@ops>     @here  @ops
//
// Entities are decoded after the brackets are parsed, so "&lt;x&gt;"
// (a user typing "<x>") stays text and never becomes a link. The result
// is plain text: whatever echoes it back escapes it again (mrkdwn).
func incoming(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(unentity(s))
			return b.String()
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(unentity(s))
			return b.String()
		}
		b.WriteString(unentity(s[:i]))
		b.WriteString(unentity(special(s[i+1 : i+j])))
		s = s[i+j+1:]
	}
}

// special is the text of one <…> span (without its brackets).
func special(inner string) string {
	target, label, hasLabel := strings.Cut(inner, "|")
	switch {
	case strings.HasPrefix(target, "#"): // channel
		if hasLabel && label != "" {
			return "#" + label
		}
		return target
	case strings.HasPrefix(target, "@"): // user
		if hasLabel && label != "" {
			return "@" + strings.TrimPrefix(label, "@")
		}
		return target
	case strings.HasPrefix(target, "!"): // <!here>, <!subteam^…|@ops>, <!date^…|fallback>
		if hasLabel && label != "" {
			return label
		}
		name, _, _ := strings.Cut(target[1:], "^")
		return "@" + name
	}
	lower := strings.ToLower(target)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || !hasLabel || label == "" {
		return target
	}
	return label
}

var unentities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

func unentity(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return unentities.Replace(s)
}
