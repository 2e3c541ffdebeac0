package slack

import (
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

func TestDedupIsBoundedInSizeAndTime(t *testing.T) {
	clk := clockwork.NewFakeClock()
	d := newDedup(clk, 3, time.Minute)
	if !d.first("a") || d.first("a") || !d.first("") || !d.first("") {
		t.Fatal("a repeat id counted as new, or an empty id as a repeat")
	}
	d.first("b")
	d.first("c")
	d.first("d") // evicts a, the oldest
	if !d.first("a") || d.first("d") {
		t.Fatal("size bound not applied oldest first")
	}
	clk.Advance(2 * time.Minute)
	if !d.first("d") {
		t.Fatal("an id older than the TTL is still remembered")
	}
	if len(d.seen) > 3 || d.order.Len() != len(d.seen) {
		t.Fatalf("%d ids kept, list %d", len(d.seen), d.order.Len())
	}
}

// Work added while Wait runs (an HTTP request arriving during shutdown)
// is allowed, and Wait returns once nothing is in flight.
func TestInflightAllowsAddDuringWait(t *testing.T) {
	var f inflight
	f.Wait() // nothing in flight: returns at once
	release := make(chan struct{})
	f.Go(func() { <-release })
	waited := make(chan struct{})
	go func() { f.Wait(); close(waited) }()
	f.Go(func() {})
	close(release)
	<-waited
	f.Wait()
}
