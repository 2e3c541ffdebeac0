package ingest_test

import (
	"context"
	"errors"
	"net/netip"
	"net/url"
	"testing"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// allowedByRegistry is an independent statement of what may pass: a
// global unicast address outside the private, shared and special-purpose
// blocks, written from the registries rather than from the guard's tables.
func allowedByRegistry(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return false
	}
	if ip.Is4() {
		b := ip.As4()
		switch {
		case b[0] == 0, b[0] == 100 && b[1]&0xc0 == 64, b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2),
			b[0] == 198 && b[1]&0xfe == 18, b[0] == 198 && b[1] == 51 && b[2] == 100, b[0] == 203 && b[1] == 0 && b[2] == 113,
			b[0] == 192 && b[1] == 88 && b[2] == 99, b[0] >= 240:
			return false
		}
		return true
	}
	b := ip.As16()
	if b[0]&0xe0 != 0x20 { // outside 2000::/3
		return false
	}
	switch {
	case b[0] == 0x20 && b[1] == 0x01 && b[2]&0xfe == 0, // 2001::/23
		b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8, // 2001:db8::/32
		b[0] == 0x20 && b[1] == 0x02,                                 // 6to4
		b[0] == 0x3f && b[1] == 0xff && b[2]&0xf0 == 0:               // 3fff::/20
		return false
	}
	return true
}

// FuzzGuardCheck feeds arbitrary URLs whose host resolves to arbitrary
// addresses: the guard never lets through an address the registries call
// special, never panics, and judges a mapped address as its IPv4 form.
func FuzzGuardCheck(f *testing.F) {
	for _, s := range []struct {
		url  string
		addr []byte
	}{
		{"http://news.example/feed", []byte{93, 184, 216, 34}},
		{"http://x/", []byte{192, 0, 2, 1}},
		{"https://[::ffff:192.0.2.1]/", nil},
		{"http://0x7f.1/", nil},
		{"http://h/", []byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
		{"http://h/", []byte{0xfe, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
	} {
		f.Add(s.url, s.addr)
	}
	f.Fuzz(func(t *testing.T, rawURL string, raw []byte) {
		ip, ok := netip.AddrFromSlice(raw)
		g := &ingest.Guard{LookupIP: func(context.Context, string) ([]netip.Addr, error) {
			if !ok {
				return nil, errors.New("no such host")
			}
			return []netip.Addr{ip}, nil
		}}
		if err := g.Check(context.Background(), rawURL); err == nil {
			u, perr := url.Parse(rawURL)
			if perr != nil {
				t.Fatalf("Check passed %q, which does not parse: %v", rawURL, perr)
			}
			judged := ip
			if lit, lerr := netip.ParseAddr(u.Hostname()); lerr == nil {
				judged = lit
			} else if !ok {
				t.Fatalf("Check passed %q, whose host does not resolve", rawURL)
			}
			if !allowedByRegistry(judged) {
				t.Fatalf("Check passed %q (address %s)", rawURL, judged)
			}
		}
		if ok {
			pass := ingest.CheckAddr("", ip) == nil
			if pass && !allowedByRegistry(ip) {
				t.Fatalf("CheckAddr(%s) passed a special-purpose address", ip)
			}
			if pass != (ingest.CheckAddr("", ip.Unmap()) == nil) {
				t.Fatalf("%s and %s judged differently", ip, ip.Unmap())
			}
		}
	})
}
