package digest

import (
	"context"
	"errors"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// Sweep does the ledger's housekeeping for the channels on platforms
// (this process's adapters) that keep passes: it retries failed deliveries
// whose time has come, takes over deliveries whose owner died before
// sending, settles those whose owner died while sending as unknown, and
// sends scheduled digests that were missed (the process was down, or
// the replica holding the job's lock died before claiming the period)
// if their occurrence is less than CatchUp ago. Every step goes through
// the ledger's compare-and-set, so replicas may sweep at once.
func (d *Digester) Sweep(ctx context.Context, platforms []string, keep func(briefing.Channel) bool) error {
	due, err := d.store.DueDeliveries(ctx, d.cfg.Now(), platforms...)
	if err != nil {
		return err
	}
	var errs []error
	for _, del := range due {
		if keep == nil || keep(del.Channel) {
			errs = append(errs, d.settle(ctx, del))
		}
	}
	scheds, err := d.store.Schedules(ctx, platforms...)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, s := range scheds {
		if keep == nil || keep(s.Channel) {
			errs = append(errs, d.catchUp(ctx, s))
		}
	}
	return errors.Join(errs...)
}

// settle handles one delivery that DueDeliveries returned.
func (d *Digester) settle(ctx context.Context, del Delivery) error {
	if del.Status == DeliverySending {
		ok, err := d.store.MarkUnknown(ctx, del)
		if ok {
			d.log.Warn("digest delivery outcome unknown: its process stopped mid-send; not resending. "+
				"Check the channel, then run /digest retry there to send it again",
				"channel", del.Channel.String(), "period", del.Period, "owner", del.Owner, "delivery", del.ID)
		}
		return err
	}
	s, err := d.store.Schedule(ctx, del.Channel)
	if errors.Is(err, briefing.ErrNotFound) {
		s = Schedule{Channel: del.Channel} // turned off since: still deliver what was due
	} else if err != nil {
		return err
	}
	ok, err := d.store.TakeOver(ctx, del, d.cfg.Owner, d.cfg.Now().Add(d.cfg.Lease))
	if err != nil || !ok {
		return err
	}
	del.Status, del.Owner = DeliveryPending, d.cfg.Owner
	d.log.Info("retrying digest", "channel", del.Channel.String(), "period", del.Period, "attempt", del.Attempts+1)
	_, err = d.work(ctx, del, s)
	return err
}

// catchUpGrace leaves an occurrence to its scheduled job for a while, so
// the sweep does not race the replica that won the job's lock.
const catchUpGrace = time.Minute

// catchUp sends the schedule's latest occurrence if it was missed. An
// occurrence before the schedule's times were last set is not missed:
// setting a 09:00 digest at 10:00 does not send one at once. A change
// that moves no digest (its limit) leaves TimingChangedAt, so the
// occurrence missed before it is still sent.
func (d *Digester) catchUp(ctx context.Context, s Schedule) error {
	now := d.cfg.Now()
	occ := s.Prev(now)
	late := now.Sub(occ)
	if occ.IsZero() || late < min(catchUpGrace, d.cfg.CatchUp) || late > d.cfg.CatchUp || occ.Before(s.TimingChangedAt) {
		return nil
	}
	for _, period := range []string{s.Period(occ), s.legacyPeriod(occ)} {
		if _, err := d.store.FindDelivery(ctx, s.Channel, period); !errors.Is(err, briefing.ErrNotFound) {
			return err
		}
	}
	d.log.Info("sending a missed digest", "channel", s.Channel.String(), "occurrence", occ.Format(time.RFC3339))
	_, err := d.RunOccurrence(ctx, s, occ)
	return err
}
