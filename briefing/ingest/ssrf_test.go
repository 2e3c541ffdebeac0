package ingest_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/briefbot/briefbot/briefing/ingest"
)

func TestCheckAddr(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1": "loopback", "127.8.9.10": "loopback", "::1": "loopback",
		"10.1.2.3": "private", "172.16.0.1": "private", "172.31.255.255": "private", "192.168.1.1": "private",
		"169.254.169.254": "cloud metadata", "fd00:ec2::254": "cloud metadata", "169.254.1.1": "link-local",
		"fe80::1": "link-local", "fc00::1": "private", "fd12:3456::1": "private", "100.64.0.1": "carrier-grade NAT (shared)",
		"0.0.0.0": "unspecified", "::": "unspecified", "224.0.0.1": "link-local", "239.1.2.3": "multicast", "ff02::1": "link-local",
		"ff05::1": "multicast", "255.255.255.255": "broadcast", "::ffff:127.0.0.1": "loopback",
		"::ffff:169.254.169.254": "cloud metadata", "64:ff9b::a00:1": "NAT64",
		// Public addresses pass.
		"93.184.216.34": "", "8.8.8.8": "", "2606:2800:220:1:248:1893:25c8:1946": "", "172.32.0.1": "", "100.128.0.1": "",
	} {
		err := ingest.CheckAddr("", netip.MustParseAddr(addr))
		var be *ingest.BlockedError
		switch {
		case want == "" && err != nil:
			t.Errorf("%s refused: %v", addr, err)
		case want != "" && (!errors.As(err, &be) || be.Reason != want || !errors.Is(err, ingest.ErrBlocked)):
			t.Errorf("%s: err %v, want a %q refusal", addr, err, want)
		}
	}
}

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

func listenerAddr(srv *httptest.Server) string { return strings.TrimPrefix(srv.URL, "http://") }

func TestGuardRefusesRedirectToPrivate(t *testing.T) {
	var privateHits atomic.Int32
	private := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		privateHits.Add(1)
		w.Write([]byte("<rss><channel><item><title>secret</title></item></channel></rss>"))
	}))
	defer private.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, private.URL+"/admin/feed.xml", http.StatusFound)
	}))
	defer public.Close()
	n := &fakeNet{names: map[string][]netip.Addr{"news.example": {netip.MustParseAddr("93.184.216.34")}},
		hosts: map[string]string{"93.184.216.34:80": listenerAddr(public)}}
	f := ingest.Fetcher{Guard: n.guard()}

	if err := f.Guard.Check(context.Background(), "http://news.example/feed.xml"); err != nil {
		t.Fatalf("pre-check of a public name: %v", err)
	}
	_, err := f.Fetch(context.Background(), "http://news.example/feed.xml")
	var be *ingest.BlockedError
	if !errors.As(err, &be) || be.Addr.String() != "127.0.0.1" || be.Reason != "loopback" {
		t.Fatalf("fetch through a redirect to %s: err %v, want a loopback refusal", private.URL, err)
	}
	if privateHits.Load() != 0 {
		t.Fatal("the private server was reached")
	}
	// Without the guard (operator sources) the same redirect is followed:
	// the refusal above is the guard's doing.
	if _, err := (ingest.Fetcher{}).Fetch(context.Background(), public.URL); err != nil || privateHits.Load() != 1 {
		t.Fatalf("unguarded fetch: %v, %d hits", err, privateHits.Load())
	}
}

func TestGuardChecksEveryResolution(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	pub := netip.MustParseAddr("93.184.216.34")
	n := &fakeNet{names: map[string][]netip.Addr{
		"mixed.example":  {pub, netip.MustParseAddr("10.0.0.5")},
		"rebind.example": {pub},
	}, hosts: map[string]string{"93.184.216.34:80": listenerAddr(srv)}}
	g := n.guard()
	f := ingest.Fetcher{Guard: g}

	// One private address among public ones is enough to refuse.
	if err := g.Check(context.Background(), "http://mixed.example/"); !errors.Is(err, ingest.ErrBlocked) {
		t.Errorf("mixed resolution pre-check: %v", err)
	}
	if _, err := f.Fetch(context.Background(), "http://mixed.example/"); !errors.Is(err, ingest.ErrBlocked) {
		t.Errorf("mixed resolution fetch: %v", err)
	}
	// DNS rebinding: public at /source add time, loopback at fetch time.
	if _, err := f.Fetch(context.Background(), "http://rebind.example/"); err != nil {
		t.Fatalf("public fetch: %v", err)
	}
	n.names["rebind.example"] = []netip.Addr{netip.MustParseAddr("127.0.0.1")}
	if _, err := f.Fetch(context.Background(), "http://rebind.example/"); !errors.Is(err, ingest.ErrBlocked) {
		t.Errorf("fetch after the name moved to 127.0.0.1: %v", err)
	}
	for _, u := range []string{"http://127.0.0.1:1/feed.xml", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fd00:ec2::254]/"} {
		if err := g.Check(context.Background(), u); !errors.Is(err, ingest.ErrBlocked) {
			t.Errorf("Check(%s) = %v, want a refusal", u, err)
		}
	}
	if err := g.Check(context.Background(), "http://nowhere.example/"); err == nil || errors.Is(err, ingest.ErrBlocked) {
		t.Errorf("unresolvable name: %v, want a lookup error", err)
	}
}

// TestGuardDefaultDialer uses the real resolver and dialer: a literal
// loopback address is refused before any connection.
func TestGuardDefaultDialer(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	_, err := ingest.Fetcher{Guard: &ingest.Guard{}}.Fetch(context.Background(), srv.URL)
	if !errors.Is(err, ingest.ErrBlocked) || hits.Load() != 0 {
		t.Fatalf("fetch of %s: %v, %d hits; want a refusal and no request", srv.URL, err, hits.Load())
	}
	if !strings.Contains(err.Error(), "127.0.0.1 is a loopback address") {
		t.Errorf("message %q does not say why", err)
	}
}

// TestControlPublic checks the net.Dialer hook, the last line of defence
// that sees the literal address being connected to.
func TestControlPublic(t *testing.T) {
	for addr, ok := range map[string]bool{"127.0.0.1:80": false, "[::1]:443": false, "169.254.169.254:80": false,
		"93.184.216.34:443": true, "[2606:2800:220:1::1]:80": true, "not-an-address": false} {
		if err := ingest.ControlPublic("tcp", addr, nil); (err == nil) != ok {
			t.Errorf("ControlPublic(%s) = %v", addr, err)
		}
	}
}
