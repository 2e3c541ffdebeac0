package slack

import "sync"

// inflight counts background work (replies still being delivered). Unlike
// sync.WaitGroup it allows Add while Wait is running, which happens when
// an HTTP request arrives as serve shuts down.
type inflight struct {
	mu   sync.Mutex
	n    int
	zero chan struct{} // closed when n drops to 0; nil while n is 0
}

// Add adds delta (which may be negative) to the count.
func (f *inflight) Add(delta int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n += delta
	switch {
	case f.n < 0:
		panic("slack: negative in-flight count")
	case f.n == 0 && f.zero != nil:
		close(f.zero)
		f.zero = nil
	case f.n > 0 && f.zero == nil:
		f.zero = make(chan struct{})
	}
}

// Done marks one piece of work finished.
func (f *inflight) Done() { f.Add(-1) }

// Go runs fn in a goroutine, counted.
func (f *inflight) Go(fn func()) {
	f.Add(1)
	go func() {
		defer f.Done()
		fn()
	}()
}

// Wait blocks until no work is in flight.
func (f *inflight) Wait() {
	f.mu.Lock()
	ch := f.zero
	f.mu.Unlock()
	if ch != nil {
		<-ch
	}
}
