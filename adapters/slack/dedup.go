package slack

import (
	"container/list"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
)

// dedup remembers recent event ids, so an event Slack retries (because
// our ack was late or lost) is handled once. It is bounded: at most max
// ids, each kept for ttl.
type dedup struct {
	clock clockwork.Clock
	max   int
	ttl   time.Duration

	mu    sync.Mutex
	seen  map[string]*list.Element
	order *list.List // of seenID, oldest first
}

type seenID struct {
	id string
	at time.Time
}

func newDedup(clock clockwork.Clock, max int, ttl time.Duration) *dedup {
	return &dedup{clock: clock, max: max, ttl: ttl, seen: map[string]*list.Element{}, order: list.New()}
}

// first records id and reports whether it is new. An empty id is always
// new (there is nothing to compare).
func (d *dedup) first(id string) bool {
	if id == "" {
		return true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.clock.Now()
	for e := d.order.Front(); e != nil && (now.Sub(e.Value.(seenID).at) > d.ttl || d.order.Len() >= d.max); e = d.order.Front() {
		delete(d.seen, e.Value.(seenID).id)
		d.order.Remove(e)
	}
	if _, ok := d.seen[id]; ok {
		return false
	}
	d.seen[id] = d.order.PushBack(seenID{id, now})
	return true
}
