package ingest

import "net/netip"

// ianaSpecial are the IANA special-purpose ranges (IPv4 and IPv6
// registries) that addrClass's named checks do not already cover. None of
// them is where a news feed lives, and any of them may be a host's internal
// network, so the guard refuses them all, including the few the registry
// calls globally reachable (AS112, AMT, ORCHIDv2): a feed has no business
// there. Checked after the older list in special.
var ianaSpecial = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4 relay anycast"},
	{netip.MustParsePrefix("192.31.196.0/24"), "AS112"},
	{netip.MustParsePrefix("192.52.193.0/24"), "AMT"},
	{netip.MustParsePrefix("192.175.48.0/24"), "AS112"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("3fff::/20"), "documentation"},
	{netip.MustParsePrefix("2001:2::/48"), "benchmarking"},
	{netip.MustParsePrefix("2001::/23"), "IETF protocol assignment"},
	{netip.MustParsePrefix("2620:4f:8000::/48"), "AS112"},
	{netip.MustParsePrefix("5f00::/16"), "segment routing"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
	{netip.MustParsePrefix("100::/64"), "discard-only"},
	{netip.MustParsePrefix("::/96"), "IPv4-compatible"},
	{netip.MustParsePrefix("::ffff:0:0:0/96"), "IPv4-translated"},
}

// globalUnicast6 is IPv6's global unicast space: an IPv6 address outside
// it that no named range caught is reserved (IANA has assigned nothing
// else for unicast), so the guard needs no list of every future registry
// entry there.
var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// ianaClass names the special-purpose range ip (already unmapped) is in,
// or returns "".
func ianaClass(ip netip.Addr) string {
	for _, s := range ianaSpecial {
		if s.prefix.Contains(ip) {
			return s.reason
		}
	}
	if ip.Is6() && !globalUnicast6.Contains(ip) {
		return "reserved"
	}
	return ""
}
