package briefing

import (
	"regexp"
	"strconv"
	"strings"
)

// Credentials in source URLs. An operator or admin may add a feed as
// http://user:pass@host/feed or …/feed?token=…: the poller needs the URL
// whole to fetch it, and nothing else does. RedactURL is what every
// other use shows (chat, JSON, OPML export, logs); stored article source
// names are redacted when stored.

// Redacted replaces a hidden credential.
const Redacted = "xxxxx"

// reAuthority finds a URL's userinfo: with a password, from "scheme://"
// to the last '@' before a '/' or '?' (a password in a log line may hold
// '#' or '@'); without one, to the last '@' before the path. A regexp
// rather than url.Parse, which refuses or misreads such userinfo and
// would leave it in the text.
var reAuthority = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#@:]*:[^/?]*@|[^/?#]*@)`)

// secretKeyParts are the words that make a query parameter's value a
// credential: token, api_key, sig, X-Amz-Signature, password, auth, ….
var secretKeyParts = []string{"token", "key", "secret", "sig", "pass", "pwd", "auth", "credential", "session"}

// RedactURL hides the userinfo and the values of secret-looking query and
// fragment parameters in raw, keeping the rest byte for byte (so a URL
// without credentials comes back unchanged).
func RedactURL(raw string) string {
	out := reAuthority.ReplaceAllString(raw, "${1}"+Redacted+"@")
	q := strings.IndexAny(out, "?#")
	if q < 0 {
		return out
	}
	var b strings.Builder
	b.WriteString(out[:q])
	rest := out[q:]
	for rest != "" {
		sep := rest[0] // '?' or '#'
		b.WriteByte(sep)
		rest = rest[1:]
		part := rest
		if i := strings.IndexByte(rest, '#'); sep == '?' && i >= 0 {
			part, rest = rest[:i], rest[i:]
		} else {
			rest = ""
		}
		b.WriteString(redactParams(part))
	}
	return b.String()
}

// redactParams hides the values of secret-looking keys in a query string
// ("a=1&token=x;sig=y").
func redactParams(q string) string {
	if !strings.Contains(q, "=") {
		return q
	}
	fields := strings.FieldsFunc(q, func(r rune) bool { return r == '&' || r == ';' })
	if len(fields) == 0 {
		return q
	}
	var b strings.Builder
	pos := 0
	for _, f := range fields {
		i := strings.Index(q[pos:], f) + pos
		b.WriteString(q[pos:i])
		pos = i + len(f)
		k, _, ok := strings.Cut(f, "=")
		if ok && secretKey(k) {
			b.WriteString(k + "=" + Redacted)
			continue
		}
		b.WriteString(f)
	}
	b.WriteString(q[pos:])
	return b.String()
}

func secretKey(k string) bool {
	k = strings.ToLower(percentDecode(k))
	for _, p := range secretKeyParts {
		if strings.Contains(k, p) {
			return true
		}
	}
	return false
}

var (
	// reTextURL finds URLs in free text (log messages, errors).
	reTextURL = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>` + "`" + `]+`)
	// reTextSecret finds key=value credentials outside URLs, as in a
	// libpq DSN ("password=…", quoted or not).
	reTextSecret = regexp.MustCompile(`(?i)\b((?:ssl)?password|passwd|pwd)(\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)`)
)

// RedactText hides credentials in free text: in every URL it holds (as
// RedactURL) and in password=… settings.
func RedactText(s string) string {
	if !strings.Contains(s, "://") && !strings.Contains(s, "=") {
		return s
	}
	s = reTextURL.ReplaceAllStringFunc(s, RedactURL)
	return reTextSecret.ReplaceAllString(s, "${1}${2}"+Redacted)
}

// percentDecode decodes %XX escapes (and '+' as a space) in a query key;
// malformed escapes stay as they are.
func percentDecode(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '+':
			b.WriteByte(' ')
		case s[i] == '%' && i+2 < len(s):
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
			b.WriteByte(s[i])
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
