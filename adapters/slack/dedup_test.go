package slack

import (
	"sync/atomic"
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
// is allowed, Wait does not return while any of it is in flight, and it
// returns once all of it has finished. Every wait has a generous bound so
// a broken count fails the test instead of hanging it (a deadlock guard,
// not a timing assertion).
func TestInflightAllowsAddDuringWait(t *testing.T) {
	const bound = 10 * time.Second
	waitFor := func(ch <-chan struct{}, what string) {
		t.Helper()
		select {
		case <-ch:
		case <-time.After(bound):
			t.Fatalf("%s: not within %v", what, bound)
		}
	}
	var f inflight
	idle := make(chan struct{})
	go func() { f.Wait(); close(idle) }()
	waitFor(idle, "Wait with nothing in flight returns")

	var finished atomic.Int32
	release := make(chan struct{})
	f.Go(func() { <-release; finished.Add(1) })
	waiting, waited := make(chan struct{}), make(chan struct{})
	go func() { close(waiting); f.Wait(); close(waited) }()
	<-waiting
	second := make(chan struct{})
	f.Go(func() { finished.Add(1); close(second) }) // added while Wait may be blocked
	waitFor(second, "work added during Wait runs")
	select {
	case <-waited:
		t.Fatal("Wait returned while the first piece of work was still in flight")
	default:
	}
	close(release)
	waitFor(waited, "Wait returns once nothing is in flight")
	if n := finished.Load(); n != 2 {
		t.Fatalf("Wait returned after %d of 2 pieces of work finished", n)
	}

	// The count starts over: a later Wait waits for later work.
	late := make(chan struct{})
	f.Go(func() { <-late; finished.Add(1) })
	again := make(chan struct{})
	go func() { f.Wait(); close(again) }()
	select {
	case <-again:
		t.Fatal("a second Wait returned while new work was in flight")
	default:
	}
	close(late)
	waitFor(again, "a second Wait returns")
	if n := finished.Load(); n != 3 {
		t.Fatalf("the second Wait returned after %d of 3 pieces of work finished", n)
	}
}
