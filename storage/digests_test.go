package storage_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

var chA = briefing.Channel{Platform: "slack", ID: "C0123"}

func TestDigestSchedules(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		if _, err := s.Schedule(ctx, chA); !errors.Is(err, briefing.ErrNotFound) {
			t.Fatalf("missing schedule: %v, want ErrNotFound", err)
		}
		d := digest.Schedule{Channel: chA, Every: digest.EveryDay, Hour: 9, Zone: "Asia/Seoul", UpdatedBy: "U1"}
		if err := s.SetSchedule(ctx, d); err != nil {
			t.Fatal(err)
		}
		d.Every, d.Weekday, d.Minute, d.MaxItems = digest.EveryWeek, time.Monday, 30, 7
		if err := s.SetSchedule(ctx, d); err != nil {
			t.Fatal(err)
		}
		other := digest.Schedule{Channel: briefing.Channel{Platform: "discord", ID: "42"}, Every: digest.EveryWeekday, Hour: 8, Zone: "UTC"}
		if err := s.SetSchedule(ctx, other); err != nil {
			t.Fatal(err)
		}
		got, err := s.Schedule(ctx, chA)
		if err != nil || got.Every != digest.EveryWeek || got.Weekday != time.Monday || got.Minute != 30 || got.MaxItems != 7 || got.Zone != "Asia/Seoul" {
			t.Fatalf("upserted schedule = %+v, %v", got, err)
		}
		if all, err := s.Schedules(ctx); err != nil || len(all) != 2 {
			t.Fatalf("all digests = %+v, %v", all, err)
		}
		if some, err := s.Schedules(ctx, "discord"); err != nil || len(some) != 1 || some[0].Channel != other.Channel {
			t.Fatalf("discord digests = %+v, %v", some, err)
		}
		bad := d
		bad.Zone = "Mars/Olympus"
		if err := s.SetSchedule(ctx, bad); briefing.ErrorCode(err) != briefing.EInvalid {
			t.Fatalf("invalid zone stored: %v", err)
		}
		if removed, err := s.RemoveSchedule(ctx, chA); err != nil || !removed {
			t.Fatalf("remove = %v, %v", removed, err)
		}
		if removed, err := s.RemoveSchedule(ctx, chA); err != nil || removed {
			t.Fatalf("second remove = %v, %v", removed, err)
		}
	})
}

func TestDeliveryLifecycle(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		d, claimed, err := s.ClaimDelivery(ctx, digest.Delivery{Channel: chA, Period: "2026-12-01", Owner: "A", LeaseUntil: now.Add(time.Minute)})
		if err != nil || !claimed || d.ID == 0 || d.Status != digest.DeliveryPending {
			t.Fatalf("claim = %+v %v %v", d, claimed, err)
		}
		cur, claimed, err := s.ClaimDelivery(ctx, digest.Delivery{Channel: chA, Period: "2026-12-01", Owner: "B", LeaseUntil: now.Add(time.Minute)})
		if err != nil || claimed || cur.ID != d.ID || cur.Owner != "A" {
			t.Fatalf("second claim = %+v %v %v; want A's row", cur, claimed, err)
		}
		if _, err := s.BeginSend(ctx, d.ID, "B", []int64{1}, now); briefing.ErrorCode(err) != briefing.EConflict {
			t.Fatalf("B began A's send: %v", err)
		}
		got, err := s.BeginSend(ctx, d.ID, "A", []int64{3, 1, 2}, now.Add(time.Minute))
		if err != nil || fmt.Sprint(got) != "[1 2 3]" {
			t.Fatalf("reserved = %v, %v", got, err)
		}
		// Another delivery of the same channel cannot reserve them again.
		e, _, _ := s.ClaimDelivery(ctx, digest.Delivery{Channel: chA, Period: "now:1", Owner: "B", LeaseUntil: now.Add(time.Minute)})
		if got, err := s.BeginSend(ctx, e.ID, "B", []int64{2, 4}, now.Add(time.Minute)); err != nil || fmt.Sprint(got) != "[4]" {
			t.Fatalf("second reservation = %v, %v; want only 4", got, err)
		}
		seen, err := s.DeliveredArticles(ctx, chA, []int64{1, 4, 5})
		if err != nil || !seen[1] || !seen[4] || seen[5] {
			t.Fatalf("delivered = %v, %v", seen, err)
		}
		if seen, _ := s.DeliveredArticles(ctx, briefing.Channel{Platform: "slack", ID: "other"}, []int64{1}); seen[1] {
			t.Fatal("another channel sees the reservation")
		}
		if err := s.FinishDelivery(ctx, d.ID, "A", digest.Outcome{Status: digest.DeliverySent, MessageIDs: []string{"1.2", "1.3"}, Stories: 2}); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishDelivery(ctx, d.ID, "A", digest.Outcome{Status: digest.DeliveryFailed}); briefing.ErrorCode(err) != briefing.EConflict {
			t.Fatalf("a sent delivery was changed again: %v", err)
		}
		sent, err := s.FindDelivery(ctx, chA, "2026-12-01")
		if err != nil || sent.Status != digest.DeliverySent || len(sent.MessageIDs) != 2 || sent.MessageIDs[1] != "1.3" || sent.Stories != 2 {
			t.Fatalf("sent row = %+v, %v", sent, err)
		}
		// A failed send releases its articles and is due again later.
		if err := s.FinishDelivery(ctx, e.ID, "B", digest.Outcome{Status: digest.DeliveryFailed, Error: "503", NextAttempt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if seen, _ := s.DeliveredArticles(ctx, chA, []int64{4}); seen[4] {
			t.Fatal("failed delivery kept its reservation")
		}
		if due, _ := s.DueDeliveries(ctx, now.Add(59*time.Minute)); len(due) != 0 {
			t.Fatalf("due too early: %+v", due)
		}
		due, err := s.DueDeliveries(ctx, now.Add(time.Hour), "slack")
		if err != nil || len(due) != 1 || due[0].ID != e.ID || due[0].Attempts != 1 {
			t.Fatalf("due = %+v, %v", due, err)
		}
		if due, _ := s.DueDeliveries(ctx, now.Add(time.Hour), "discord"); len(due) != 0 {
			t.Fatalf("other platform sees it: %+v", due)
		}
		if ok, err := s.TakeOver(ctx, due[0], "C", now.Add(2*time.Hour)); err != nil || !ok {
			t.Fatalf("take over = %v %v", ok, err)
		}
		if ok, _ := s.TakeOver(ctx, due[0], "D", now.Add(2*time.Hour)); ok {
			t.Fatal("a stale read took over twice")
		}
		recent, err := s.RecentDeliveries(ctx, chA, 5)
		if err != nil || len(recent) != 2 || recent[0].ID != e.ID || recent[0].Owner != "C" {
			t.Fatalf("recent = %+v, %v", recent, err)
		}
	})
}

func TestDeliveryStaleLeases(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		now := time.Date(2026, 12, 1, 0, 0, 0, 123456789, time.UTC) // SQLite compares times as text: fractions must order right
		building, _, _ := s.ClaimDelivery(ctx, digest.Delivery{Channel: chA, Period: "p1", Owner: "A", LeaseUntil: now})
		sending, _, _ := s.ClaimDelivery(ctx, digest.Delivery{Channel: chA, Period: "p2", Owner: "A", LeaseUntil: now})
		if _, err := s.BeginSend(ctx, sending.ID, "A", []int64{7}, now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if due, _ := s.DueDeliveries(ctx, now); len(due) != 0 {
			t.Fatalf("due at the lease's last instant: %+v", due)
		}
		if due, _ := s.DueDeliveries(ctx, now.Add(time.Microsecond)); len(due) != 1 {
			t.Fatalf("not due a microsecond after the lease: %+v", due)
		}
		if due, _ := s.DueDeliveries(ctx, now.Add(time.Second)); len(due) != 1 || due[0].ID != building.ID {
			t.Fatalf("due at lease end = %+v; want only the building one", due)
		}
		due, err := s.DueDeliveries(ctx, now.Add(2*time.Second))
		if err != nil || len(due) != 2 {
			t.Fatalf("due = %+v, %v", due, err)
		}
		if ok, err := s.MarkUnknown(ctx, due[1]); err != nil || !ok {
			t.Fatalf("mark unknown = %v, %v", ok, err)
		}
		if ok, _ := s.MarkUnknown(ctx, due[1]); ok {
			t.Fatal("marked unknown twice")
		}
		if seen, _ := s.DeliveredArticles(ctx, chA, []int64{7}); !seen[7] {
			t.Fatal("an unknown delivery released its articles: they could be sent twice")
		}
		// The owner may still settle it when it learns the outcome.
		if err := s.FinishDelivery(ctx, sending.ID, "A", digest.Outcome{Status: digest.DeliverySent}); err != nil {
			t.Fatalf("late settle: %v", err)
		}
		p3, _, _ := s.ClaimDelivery(ctx, digest.Delivery{Channel: chA, Period: "p3", Owner: "A", LeaseUntil: now})
		s.BeginSend(ctx, p3.ID, "A", []int64{8}, now)
		due, _ = s.DueDeliveries(ctx, now.Add(time.Second))
		for _, d := range due {
			if d.Status == digest.DeliverySending {
				s.MarkUnknown(ctx, d)
			}
		}
		if n, err := s.RequeueUnknown(ctx, chA, now); err != nil || n != 1 {
			t.Fatalf("requeue = %d, %v", n, err)
		}
		if seen, _ := s.DeliveredArticles(ctx, chA, []int64{8}); seen[8] {
			t.Fatal("a requeued delivery kept its reservation")
		}
		if d, _ := s.FindDelivery(ctx, chA, "p3"); d.Status != digest.DeliveryFailed || !d.NextAttempt.Equal(now.Truncate(time.Microsecond)) {
			t.Fatalf("requeued row = %+v", d)
		}
	})
}

// TestClaimRaces has many goroutines claim one period and one job slot:
// exactly one wins each, on both databases.
func TestClaimRaces(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		stores := []interface {
			ClaimDelivery(context.Context, digest.Delivery) (digest.Delivery, bool, error)
			ClaimRun(context.Context, string, string, string) (bool, error)
		}{storagetest.Open(t, url), storagetest.Open(t, url), storagetest.Open(t, url)}
		var deliveries, runs atomic.Int32
		var wg sync.WaitGroup
		for i := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := stores[i%len(stores)]
				owner := fmt.Sprint("p", i)
				if _, ok, err := s.ClaimDelivery(ctx, digest.Delivery{Channel: chA, Period: "2026-12-01", Owner: owner, LeaseUntil: time.Now()}); err != nil {
					t.Error(err)
				} else if ok {
					deliveries.Add(1)
				}
				if ok, err := s.ClaimRun(ctx, "digest:slack:C0123", "2026-12-01T00:00:00Z", owner); err != nil {
					t.Error(err)
				} else if ok {
					runs.Add(1)
				}
			}()
		}
		wg.Wait()
		if deliveries.Load() != 1 || runs.Load() != 1 {
			t.Fatalf("winners: %d deliveries, %d runs; want 1 and 1", deliveries.Load(), runs.Load())
		}
	})
}

func TestJobRuns(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		if ok, err := s.ClaimRun(ctx, "j", "s1", "A"); err != nil || !ok {
			t.Fatalf("claim = %v %v", ok, err)
		}
		if ok, _ := s.ClaimRun(ctx, "j", "s1", "A"); ok {
			t.Fatal("the same owner claimed a slot twice")
		}
		if owner, err := s.RunOwner(ctx, "j", "s1"); err != nil || owner != "A" {
			t.Fatalf("owner = %q %v", owner, err)
		}
		if owner, _ := s.RunOwner(ctx, "j", "s2"); owner != "" {
			t.Fatalf("owner of unclaimed slot = %q", owner)
		}
		if n, err := s.PruneRuns(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Fatalf("pruned fresh rows: %d %v", n, err)
		}
		if n, err := s.PruneRuns(ctx, time.Now().Add(time.Hour)); err != nil || n != 1 {
			t.Fatalf("prune = %d %v", n, err)
		}
	})
}

// A schedule keeps when its times last changed apart from when it was
// last updated (a new limit moves only UpdatedAt); a schedule stored
// without one takes UpdatedAt.
func TestDigestScheduleTimingChangedAt(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		set, limited := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 9, 5, 0, 0, time.UTC)
		d := digest.Schedule{Channel: chA, Every: digest.EveryDay, Hour: 9, Zone: "UTC", UpdatedAt: set}
		if err := s.SetSchedule(ctx, d); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Schedule(ctx, chA); err != nil || !got.TimingChangedAt.Equal(set) {
			t.Fatalf("new schedule: timing changed at %v (%v), want %v", got.TimingChangedAt, err, set)
		}
		d.MaxItems, d.UpdatedAt, d.TimingChangedAt = 5, limited, set
		if err := s.SetSchedule(ctx, d); err != nil {
			t.Fatal(err)
		}
		got, err := s.Schedule(ctx, chA)
		if err != nil || !got.UpdatedAt.Equal(limited) || !got.TimingChangedAt.Equal(set) || got.MaxItems != 5 {
			t.Fatalf("after a new limit: %+v, %v; want updated %v, timing changed %v", got, err, limited, set)
		}
	})
}

// Migration 00018 gives the schedules it finds their updated_at as the
// time their timing changed, and a row an older version writes after it
// (no timing_changed_at) reads the same way.
func TestDigestTimingChangedAtMigration(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		if err := storage.MigrateTo(ctx, s, 17); err != nil {
			t.Fatal(err)
		}
		db := rawDB(t, url)
		insert := func(channel string, at time.Time) {
			t.Helper()
			q := "INSERT INTO digest_schedules (platform, channel_id, every, hour, minute, zone, updated_at) VALUES (?, ?, 'daily', 9, 0, 'UTC', ?)"
			if strings.HasPrefix(url, "postgres") {
				q = "INSERT INTO digest_schedules (platform, channel_id, every, hour, minute, zone, updated_at) VALUES ($1, $2, 'daily', 9, 0, 'UTC', $3)"
			}
			if _, err := db.ExecContext(ctx, q, "slack", channel, at); err != nil {
				t.Fatal(err)
			}
		}
		before, after := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 9, 5, 0, 0, time.UTC)
		insert("C-before", before)
		if err := storage.MigrateTo(ctx, s, 18); err != nil {
			t.Fatal(err)
		}
		insert("C-after", after)
		for ch, want := range map[string]time.Time{"C-before": before, "C-after": after} {
			got, err := s.Schedule(ctx, briefing.Channel{Platform: "slack", ID: ch})
			if err != nil || !got.TimingChangedAt.Equal(want) || !got.UpdatedAt.Equal(want) {
				t.Errorf("%s: %+v, %v; want its timing changed at %v", ch, got, err, want)
			}
		}
	})
}
