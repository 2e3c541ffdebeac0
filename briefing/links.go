package briefing

import "strings"

// SafeLink returns u when it is an absolute http or https URL with a
// host, and "" otherwise. Article links come from feeds anyone can write:
// a javascript:, data:, vbscript: or file: link shown in a chat client or
// a web page that renders the JSON is a script or a local file, not a
// story. Only http and https links ever leave the process.
// (The core imports no net/url: the check is on the text itself.)
func SafeLink(u string) string {
	s := strings.TrimSpace(u)
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || strings.ContainsAny(s, " \t\r\n\x00") {
		return ""
	}
	if l := strings.ToLower(scheme); l != "http" && l != "https" {
		return ""
	}
	if rest == "" || strings.ContainsRune("/?#", rune(rest[0])) {
		return "" // no host
	}
	return s
}
