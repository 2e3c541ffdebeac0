package ingest

import (
	"net"
	"strings"
	"unicode"
)

// titleSeparators are what sites put between a headline and their name
// in a page's <title>.
var titleSeparators = []string{" | ", " - ", " — ", " – ", " · "}

// stripSiteSuffix removes a trailing " | Site" from a page's title when
// Site is the site's name: one of names (og:site_name,
// application-name) or the name in host ("QuayTimes" or
// "quaytimes.com" for www.quaytimes.com). Anything else after a
// separator is part of the headline ("Strike ends - union hails deal")
// and stays.
func stripSiteSuffix(title, host string, names ...string) string {
	cut, width := -1, 0
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(title, sep); i > cut {
			cut, width = i, len(sep)
		}
	}
	if cut < 0 {
		return title
	}
	head, tail := strings.TrimSpace(title[:cut]), title[cut+width:]
	if head == "" || !isSiteName(tail, host, names) {
		return title
	}
	return head
}

// isSiteName reports whether s names the site: equal, ignoring case and
// spacing, to one of names, or, ignoring everything but letters and
// digits, to host or to its name label.
func isSiteName(s, host string, names []string) bool {
	key := strings.Join(strings.Fields(s), " ")
	if key == "" {
		return false
	}
	for _, n := range names {
		if n = strings.Join(strings.Fields(n), " "); n != "" && strings.EqualFold(key, n) {
			return true
		}
	}
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	if host == "" || net.ParseIP(host) != nil {
		return false // an address names no site
	}
	c := compact(key)
	return c == compact(host) || c == compact(hostLabel(host))
}

// hostLabel is the label that names a site in its host: the one before
// the domain ending, which may be two labels ("quaytimes" for
// news.quaytimes.co.uk).
func hostLabel(host string) string {
	labels := strings.Split(host, ".")
	labels = labels[:max(1, len(labels)-1)]
	if n := len(labels); n >= 2 && len(labels[n-1]) <= 3 {
		labels = labels[:n-1] // co.uk, com.au
	}
	return labels[len(labels)-1]
}

// compact keeps only the lower-case letters and digits of s.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}
