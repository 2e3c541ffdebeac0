package sources

import (
	"context"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
)

// hostGate is per-host politeness within one process: one request at a
// time per host, gap apart, and no request before a Retry-After the host
// sent. (Replicas do not share it; the claim already keeps them off the
// same source.)
type hostGate struct {
	clock clockwork.Clock
	gap   time.Duration
	mu    sync.Mutex
	hosts map[string]*hostSlot
}

type hostSlot struct {
	turn      chan struct{} // holds a token while a request is in flight
	last      time.Time     // when the last request ended; guarded by turn
	notBefore time.Time     // guarded by hostGate.mu
}

func newHostGate(clock clockwork.Clock, gap time.Duration) *hostGate {
	return &hostGate{clock: clock, gap: gap, hosts: map[string]*hostSlot{}}
}

func (g *hostGate) slot(host string) *hostSlot {
	g.mu.Lock()
	defer g.mu.Unlock()
	s, ok := g.hosts[host]
	if !ok {
		s = &hostSlot{turn: make(chan struct{}, 1)}
		g.hosts[host] = s
	}
	return s
}

// acquire waits for the host's turn and its gap; release ends the turn.
func (g *hostGate) acquire(ctx context.Context, host string) (release func(), err error) {
	s := g.slot(host)
	select {
	case s.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if !s.last.IsZero() {
		if wait := s.last.Add(g.gap).Sub(g.clock.Now()); wait > 0 {
			select {
			case <-g.clock.After(wait):
			case <-ctx.Done():
				<-s.turn
				return nil, ctx.Err()
			}
		}
	}
	return func() {
		s.last = g.clock.Now()
		<-s.turn
	}, nil
}

// deferUntil records that the host asked not to be contacted before t.
func (g *hostGate) deferUntil(host string, t time.Time) {
	s := g.slot(host)
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.After(s.notBefore) {
		s.notBefore = t
	}
}

func (g *hostGate) blockedUntil(host string) time.Time {
	s := g.slot(host)
	g.mu.Lock()
	defer g.mu.Unlock()
	return s.notBefore
}
