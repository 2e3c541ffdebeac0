package memlimit

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

func TestSetLeavesAnOperatorsLimitAlone(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	for _, v := range []string{"900MiB", "off"} {
		if got := Set(func(k string) string {
			if k == "GOMEMLIMIT" {
				return v
			}
			return ""
		}); got != 0 {
			t.Errorf("GOMEMLIMIT=%s: Set returned %d, want 0", v, got)
		}
		if now := debug.SetMemoryLimit(-1); now != before {
			t.Errorf("GOMEMLIMIT=%s: limit changed from %d to %d", v, before, now)
		}
	}
}

func TestSetIsTheLiveMemoryPlusHeadroom(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	held := make([]byte, 64<<20) // live memory the limit must sit above
	for i := range held {
		held[i] = byte(i)
	}
	got := Set(func(string) string { return "" })
	if got < int64(len(held))+Headroom || got == math.MaxInt64 {
		t.Fatalf("limit %d, want at least the %d bytes held plus Headroom %d", got, len(held), Headroom)
	}
	if now := debug.SetMemoryLimit(-1); now != got {
		t.Fatalf("runtime's limit is %d, Set returned %d", now, got)
	}
	if got > int64(len(held))+Headroom+64<<20 {
		t.Errorf("limit %d is far above what is live (%d held) plus Headroom", got, len(held))
	}
	runtime.KeepAlive(held)
}

// A serve process stores articles for months: the limit set at start-up
// must rise with the live memory, or the collector would run nonstop once
// the index outgrew it; and fall again when retention frees memory.
func TestAdjustFollowsTheLiveMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	start := Set(func(string) string { return "" })
	held := make([]byte, 2*Headroom) // the index grew past the headroom
	for i := range held {
		held[i] = byte(i)
	}
	runtime.GC()
	grown := Adjust()
	if grown < start+int64(len(held))-Headroom/8 {
		t.Fatalf("limit %d after %d more bytes live; at start-up %d: it did not follow", grown, len(held), start)
	}
	runtime.KeepAlive(held)
	held = nil
	runtime.GC()
	if shrunk := Adjust(); shrunk > grown-int64(Headroom) {
		t.Errorf("limit %d after the %d bytes were freed (was %d): it did not come down", shrunk, 2*Headroom, grown)
	}
}
