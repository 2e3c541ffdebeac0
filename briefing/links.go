package briefing

import (
	"net/url"
	"strings"
)

// SafeLink returns u when it is an absolute http or https URL with a
// host, and "" otherwise. Article links come from feeds anyone can write:
// a javascript:, data:, vbscript: or file: link shown in a chat client or
// a web page that renders the JSON is a script or a local file, not a
// story. Only http and https links ever leave the process.
func SafeLink(u string) string {
	s := strings.TrimSpace(u)
	p, err := url.Parse(s)
	if err != nil || p.Host == "" {
		return ""
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		return s
	}
	return ""
}
