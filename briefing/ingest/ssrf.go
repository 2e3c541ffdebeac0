package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// Guard keeps fetches of untrusted URLs (sources added from chat) away
// from the bot's own network: loopback, private and link-local ranges,
// cloud metadata endpoints. It checks at dial time, the address actually
// connected to, so a redirect to a private address or a name that resolves
// differently on the second lookup (DNS rebinding) is refused too.
//
// The zero value is ready to use. LookupIP and Dial replace the network
// below the guard (tests map names to local listeners with them); the
// check itself cannot be switched off.
type Guard struct {
	// LookupIP resolves a host name; nil uses net.DefaultResolver.
	LookupIP func(ctx context.Context, host string) ([]netip.Addr, error)
	// Dial connects to an "ip:port" the guard has approved; nil uses a
	// net.Dialer whose Control checks the address once more.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// trusted is a host the operator named (see Trusting): reached
	// wherever it resolves. Every other host, redirects included, is
	// checked.
	trusted string
}

// ErrBlocked matches (errors.Is) every refusal by the Guard.
var ErrBlocked = errors.New("address not allowed")

// BlockedError is a refused connection: the host resolved to an address
// that is not public.
type BlockedError struct {
	Host   string
	Addr   netip.Addr
	Reason string // "loopback", "private", …
}

func (e *BlockedError) Error() string {
	if e.Host != "" && e.Host != e.Addr.String() {
		return fmt.Sprintf("%s resolves to %s, a %s address", e.Host, e.Addr, e.Reason)
	}
	return fmt.Sprintf("%s is a %s address", e.Addr, e.Reason)
}

// Is makes errors.Is(err, ErrBlocked) true.
func (e *BlockedError) Is(target error) bool { return target == ErrBlocked }

// special lists the ranges a chat-added source may not reach, with the
// word used in refusals. Checked in order; the first match names it.
var special = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("169.254.169.254/32"), "cloud metadata"},
	{netip.MustParsePrefix("fd00:ec2::254/128"), "cloud metadata"},
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT (shared)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "reserved"},
	{netip.MustParsePrefix("198.18.0.0/15"), "reserved"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "NAT64"},
	{netip.MustParsePrefix("2002::/16"), "6to4"},
	{netip.MustParsePrefix("2001::/32"), "Teredo"},
}

// CheckAddr returns a *BlockedError unless ip is a public unicast address.
// IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
func CheckAddr(host string, ip netip.Addr) error {
	if reason := addrClass(ip.Unmap()); reason != "" {
		return &BlockedError{Host: host, Addr: ip.Unmap(), Reason: reason}
	}
	return nil
}

// addrClass names what makes ip non-public, or returns "".
func addrClass(ip netip.Addr) string {
	for _, s := range special[:2] { // metadata first: more telling than "link-local"
		if s.prefix.Contains(ip) {
			return s.reason
		}
	}
	switch {
	case !ip.IsValid(), ip.IsUnspecified():
		return "unspecified"
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate():
		return "private"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast"
	case ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "broadcast"
	}
	for _, s := range special[2:] {
		if s.prefix.Contains(ip) {
			return s.reason
		}
	}
	return ianaClass(ip)
}

// Check resolves rawURL's host and refuses it unless every address is
// public: the early, readable refusal for /source add. Fetches through
// the guard check again at dial time, so passing Check is not enough to
// reach a private address.
func (g *Guard) Check(ctx context.Context, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return inputErr(rawURL, "invalid URL")
	}
	_, err = g.resolve(ctx, u.Hostname())
	return err
}

// resolve returns the host's addresses, or a *BlockedError naming the
// first that is not public: every address must be, since a later dial may
// pick any of them.
func (g *Guard) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		lookup := g.LookupIP
		if lookup == nil {
			lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
				return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
			}
		}
		if ips, err = lookup(ctx, host); err != nil {
			return nil, fmt.Errorf("resolve %s: %w", host, err)
		}
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("resolve %s: no addresses", host)
	}
	if g.trusts(host) {
		return ips, nil
	}
	for _, ip := range ips {
		if err := CheckAddr(host, ip); err != nil {
			return nil, err
		}
	}
	return ips, nil
}

// DialContext resolves addr's host once, refuses it unless every address
// is public, and connects to those addresses (not to the name, which
// could resolve elsewhere the second time).
func (g *Guard) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	ips, err := g.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	dial := g.Dial
	if dial == nil {
		d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: controlPublic}
		if g.trusts(host) {
			d.Control = nil
		}
		dial = d.DialContext
	}
	var firstErr error
	for _, ip := range ips {
		conn, err := dial(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// controlPublic runs just before connect(2) with the literal address: the
// last line of defence should anything hand the dialer a name or an
// address that skipped the check.
func controlPublic(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	return CheckAddr("", ap.Addr())
}

// Transport returns an HTTP transport that dials through the guard. It
// uses no proxy: a proxy would make the guard check the proxy's address
// instead of the target's.
func (g *Guard) Transport() *http.Transport {
	return &http.Transport{
		Proxy:       nil,
		DialContext: g.DialContext,
		// Sources are checked minutes apart: an idle connection would
		// only hold a goroutine and a socket until then.
		DisableKeepAlives:     true,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
	}
}

// client returns the HTTP client Fetch uses: the Guard's when one is set
// (it owns the transport, so Client is not used), else Client, else a
// plain client. Redirects are followed up to 10 hops, each one dialled
// through the same transport.
func (f Fetcher) client() *http.Client {
	switch {
	case f.Guard != nil:
		return &http.Client{Transport: f.Guard.Transport(), Timeout: f.timeout()}
	case f.Client != nil:
		return f.Client
	}
	return &http.Client{Timeout: f.timeout()}
}
