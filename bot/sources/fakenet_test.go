package sources_test

import (
	"context"
	"net"
	"net/netip"
	"sync/atomic"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// fakeNet is a network where names resolve to chosen addresses and
// "public" addresses are served by local listeners, so a test reaches a
// public-looking site without the internet. The guard above it is real.
type fakeNet struct {
	names map[string][]netip.Addr
	hosts map[string]string // "ip:port" → listener address
	calls atomic.Int32      // lookups
}

func (n *fakeNet) guard() *ingest.Guard {
	return &ingest.Guard{
		LookupIP: func(ctx context.Context, host string) ([]netip.Addr, error) {
			n.calls.Add(1)
			if ips, ok := n.names[host]; ok {
				return ips, nil
			}
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		},
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if to, ok := n.hosts[addr]; ok {
				addr = to
			}
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}
}
