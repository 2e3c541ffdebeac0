package ingest

import (
	"net/url"
	"strings"
)

// Trusting returns a copy of the guard that lets host through unchecked
// and checks every other host as usual. Operator sources (BRIEFBOT_FEEDS,
// OPML) are fetched through it: the operator may name a feed on the LAN,
// but a redirect from that feed to another host is a decision of the
// feed's server, not of the operator, so it gets the same dial-time check
// as a source added from chat.
func (g *Guard) Trusting(host string) *Guard {
	c := *g
	c.trusted = strings.ToLower(strings.Trim(host, "[]"))
	return &c
}

// TrustingURL is Trusting for the host of rawURL (nothing is trusted when
// it does not parse).
func (g *Guard) TrustingURL(rawURL string) *Guard { return g.Trusting(urlHostname(rawURL)) }

func (g *Guard) trusts(host string) bool {
	return g.trusted != "" && strings.EqualFold(strings.Trim(host, "[]"), g.trusted)
}

// urlHostname is rawURL's host without port or brackets, "" when it does
// not parse (then nothing is trusted).
func urlHostname(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
