package memlimit

import (
	"context"
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// A small index: the limit is the live memory plus IngestHeadroom, above
// what GOGC's proportional headroom would allow, so it never binds.
func TestIngestLimitIsAtLeastTheHeadroom(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	runtime.GC()
	m := readMem()
	got := IngestLimit()
	if want := m.runtime + m.live + IngestHeadroom; got < want-1<<20 || got > want+1<<20 {
		t.Fatalf("limit %d with %d live in the heap and %d beside it: want about %d (plus IngestHeadroom)", got, m.live, m.runtime, want)
	}
}

// A large index: the limit follows GOGC's goal, so that collections are
// no more frequent than GOGC makes them.
func TestIngestLimitIsGOGCsHeadroomOnALargeIndex(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	held := make([]byte, IngestHeadroom+32<<20) // live memory GOGC's headroom is sized by
	for i := range held {
		held[i] = byte(i)
	}
	runtime.GC()
	m := readMem()
	got := IngestLimit()
	if want := m.runtime + 2*m.live; got < want-1<<20 || got > want+1<<20 {
		t.Fatalf("limit %d with %d live in the heap and %d beside it at GOGC=100: want about %d (twice the live heap)", got, m.live, m.runtime, want)
	}
	if m.live < int64(len(held)) {
		t.Fatalf("live heap %d, but %d bytes are held", m.live, len(held))
	}
	runtime.KeepAlive(held)
}

func TestFollowIngestSetsTheLimitAndStopsWithItsContext(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	debug.SetMemoryLimit(math.MaxInt64)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		FollowIngest(ctx, func(string) string { return "" }, time.Hour)
	}()
	deadline := time.Now().Add(time.Minute)
	for debug.SetMemoryLimit(-1) == math.MaxInt64 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	got := debug.SetMemoryLimit(-1)
	if got == math.MaxInt64 {
		t.Fatal("no limit was set")
	}
	if m := readMem(); got < m.live+m.runtime+IngestHeadroom-ingestStep {
		t.Errorf("limit %d is under the live heap %d, the runtime's %d and IngestHeadroom", got, m.live, m.runtime)
	}
}

func TestFollowIngestLeavesAnOperatorsSettingsAlone(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	for _, v := range []string{"900MiB", "off"} {
		FollowIngest(context.Background(), func(k string) string { // returns at once, or the test hangs
			if k == "GOMEMLIMIT" {
				return v
			}
			return ""
		}, time.Millisecond)
		if now := debug.SetMemoryLimit(-1); now != before {
			t.Errorf("GOMEMLIMIT=%s: limit changed from %d to %d", v, before, now)
		}
	}
	// GOGC=off: the operator wants no collections, and a limit would
	// bring them back.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	FollowIngest(context.Background(), func(string) string { return "" }, time.Millisecond)
	if now := debug.SetMemoryLimit(-1); now != before {
		t.Errorf("GOGC=off: limit changed from %d to %d", before, now)
	}
}
