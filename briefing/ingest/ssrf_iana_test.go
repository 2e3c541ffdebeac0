package ingest_test

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// Issue 17 finding 1: every IANA special-purpose range is refused, in
// every spelling, while public neighbours pass. A decision table: no
// packet leaves the machine.
func TestCheckAddrSpecialPurposeRanges(t *testing.T) {
	for addr, want := range map[string]string{
		"192.0.2.1": "documentation", "198.51.100.7": "documentation", "203.0.113.200": "documentation",
		"192.88.99.1": "6to4 relay anycast", "192.31.196.1": "AS112", "192.52.193.1": "AMT", "192.175.48.6": "AS112",
		"192.0.0.9": "reserved", "198.18.0.1": "reserved", "198.19.255.255": "reserved", "250.1.2.3": "reserved",
		"2001:db8::1": "documentation", "2001:db8:ffff::5": "documentation", "3fff::1": "documentation",
		"2001:2::1": "benchmarking", "2001:10::1": "IETF protocol assignment", "2001:20::1": "IETF protocol assignment",
		"2001:1::1": "IETF protocol assignment", "2001::1": "Teredo", "fec0::1": "site-local", "feff::1": "site-local",
		"100::1": "discard-only", "100::ffff:1": "discard-only", "::192.0.2.1": "IPv4-compatible",
		"::8.8.8.8": "IPv4-compatible", "::ffff:0:a00:1": "IPv4-translated", "::ffff:192.0.2.3": "documentation",
		"::ffff:198.51.100.1": "documentation", "::ffff:10.0.0.1": "private", "5f00::1": "segment routing",
		"2620:4f:8000::1": "AS112", "4000::1": "reserved", "e000::1": "reserved", "1::1": "reserved",
		"64:ff9b::c000:201": "NAT64", "2002:c000:0201::1": "6to4", "ff0e::1": "multicast", "224.0.1.1": "multicast",
		// Public neighbours of the refused ranges still pass.
		"192.0.3.1": "", "198.51.101.1": "", "203.0.114.1": "", "192.88.100.1": "", "2001:db9::1": "",
		"2001:200::1": "", "2600::1": "", "2a00:1450:4001::1": "", "::ffff:8.8.8.8": "", "198.20.0.1": "",
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

// The dialer's last check (Control) applies the same table.
func TestControlPublicRefusesSpecialPurpose(t *testing.T) {
	for _, a := range []string{"192.0.2.1:80", "[2001:db8::1]:443", "[fec0::1]:80", "[::ffff:192.0.2.9]:80", "[100::1]:80"} {
		if err := ingest.ControlPublic("tcp", a, nil); !errors.Is(err, ingest.ErrBlocked) {
			t.Errorf("ControlPublic(%s) = %v", a, err)
		}
	}
}
