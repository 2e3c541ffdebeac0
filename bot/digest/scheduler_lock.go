package digest

import (
	"context"
	"errors"
	"time"

	"github.com/go-co-op/gocron/v2"
)

var (
	errClaimed     = errors.New("this digest occurrence was claimed by another process")
	errUnscheduled = errors.New("no such digest job here")
)

// claimLocker is gocron's distributed job locker over RunClaimer: the
// lock for one occurrence of a channel's digest is a claim row keyed by
// the job name and the occurrence's scheduled time, so replicas whose
// timers fire a little apart still agree on the slot. The claim is never
// released: a replica firing late, after the winner finished, must not
// run the same occurrence again. It only saves work; the delivery ledger
// is what guarantees one post.
type claimLocker struct{ s *Scheduler }

var _ gocron.Locker = claimLocker{}

func (l claimLocker) Lock(ctx context.Context, key string) (gocron.Lock, error) {
	l.s.mu.Lock()
	sc, ok := l.s.jobs[key]
	l.s.mu.Unlock()
	if !ok {
		return nil, errUnscheduled
	}
	slot := occurrence(sc, l.s.cfg.Clock.Now()).UTC().Format(time.RFC3339)
	won, err := l.s.cfg.Claims.ClaimRun(ctx, key, slot, l.s.cfg.Owner)
	if err != nil {
		// Not running is the safe side; the sweep sends the digest if
		// nobody did.
		l.s.log.Warn("digest lock claim failed", "job", key, "slot", slot, "err", err)
		return nil, err
	}
	if !won {
		l.s.log.Debug("digest occurrence claimed by another process", "job", key, "slot", slot)
		return nil, errClaimed
	}
	return kept{}, nil
}

// kept is a lock whose claim stays (see claimLocker).
type kept struct{}

func (kept) Unlock(context.Context) error { return nil }
