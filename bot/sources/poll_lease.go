package sources

import (
	"context"
	"time"
)

// Leases. A claim holds a source for Lease; a replica that dies mid-check
// leaves it claimed until the lease ends. With a store that can renew
// claims, leases are short (DefaultLease) and renewed every third of the
// lease while the check runs, so a killed replica's sources are due again
// within a minute instead of five, while a slow check is never taken over
// by another replica.

// DefaultLease is the claim lease when the store renews claims; stores
// that cannot keep the old 5-minute lease (a check must fit in it).
const DefaultLease = time.Minute

// ClaimRenewer is a Store that can extend a claim (storage.Store).
type ClaimRenewer interface {
	// RenewClaim sets the source's next check to until if owner holds
	// its claim and the next check is earlier than until.
	RenewClaim(ctx context.Context, id int64, until time.Time, owner string) (bool, error)
}

// defaultLease picks the lease for a store.
func defaultLease(s Store) time.Duration {
	if _, ok := s.(ClaimRenewer); ok {
		return DefaultLease
	}
	return 5 * time.Minute
}

// renewWhile renews the claim on src every third of the lease until the
// returned stop is called (stop waits for a renewal in progress).
func (p *Poller) renewWhile(ctx context.Context, src Source) (stop func()) {
	r, ok := p.cfg.Sources.(ClaimRenewer)
	if !ok {
		return func() {}
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		// A wall-clock ticker: renewals are about real processes dying,
		// and a fake clock's waiters are what its tests count.
		t := time.NewTicker(p.cfg.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
				if _, err := r.RenewClaim(rctx, src.ID, p.clock.Now().Add(p.cfg.Lease), p.cfg.Owner); err != nil {
					p.log.Warn("renew source claim", "source_id", src.ID, "err", err)
				}
				cancel()
			}
		}
	}()
	return func() { close(done); <-finished }
}
