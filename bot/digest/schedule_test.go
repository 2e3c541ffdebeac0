package digest_test

import (
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
)

func sched(every string, wd time.Weekday, h, m int, zone string) digest.Schedule {
	return digest.Schedule{Every: every, Weekday: wd, Hour: h, Minute: m, Zone: zone}
}

func TestScheduleNextAndPrev(t *testing.T) {
	seoul, _ := time.LoadLocation("Asia/Seoul")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	tests := []struct {
		name       string
		s          digest.Schedule
		at         time.Time
		next, prev time.Time
	}{
		{"daily before", sched(digest.EveryDay, 0, 9, 0, "Asia/Seoul"), time.Date(2026, 12, 1, 8, 59, 0, 0, seoul),
			time.Date(2026, 12, 1, 9, 0, 0, 0, seoul), time.Date(2026, 11, 30, 9, 0, 0, 0, seoul)},
		{"daily exactly", sched(digest.EveryDay, 0, 9, 0, "Asia/Seoul"), time.Date(2026, 12, 1, 9, 0, 0, 0, seoul),
			time.Date(2026, 12, 2, 9, 0, 0, 0, seoul), time.Date(2026, 12, 1, 9, 0, 0, 0, seoul)},
		{"weekdays skip the weekend", sched(digest.EveryWeekday, 0, 8, 30, "Europe/Berlin"), time.Date(2026, 12, 4, 9, 0, 0, 0, berlin), // a Friday
			time.Date(2026, 12, 7, 8, 30, 0, 0, berlin), time.Date(2026, 12, 4, 8, 30, 0, 0, berlin)},
		{"weekly", sched(digest.EveryWeek, time.Monday, 9, 0, "UTC"), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), // a Tuesday
			time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)},
		// 29 March 2026: Berlin jumps from 02:00 to 03:00; a 02:30 digest runs right after the jump.
		{"spring-forward gap", sched(digest.EveryDay, 0, 2, 30, "Europe/Berlin"), time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC),
			time.Date(2026, 3, 29, 3, 0, 0, 0, berlin), time.Date(2026, 3, 28, 2, 30, 0, 0, berlin)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Next(tt.at); !got.Equal(tt.next) {
				t.Errorf("Next(%v) = %v, want %v", tt.at, got, tt.next)
			}
			if got := tt.s.Prev(tt.at); !got.Equal(tt.prev) {
				t.Errorf("Prev(%v) = %v, want %v", tt.at, got, tt.prev)
			}
		})
	}
}

func TestScheduleRunsOnceOnAFallBackDay(t *testing.T) {
	// 25 October 2026: Berlin's clocks go from 03:00 back to 02:00, so
	// 02:30 happens twice; the digest runs once that day, the first time
	// (02:30 CEST, 00:30 UTC).
	s := sched(digest.EveryDay, 0, 2, 30, "Europe/Berlin")
	first := s.Next(time.Date(2026, 10, 24, 12, 0, 0, 0, time.UTC))
	second := s.Next(first)
	if !first.Equal(time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)) || second.Day() != 26 || s.Period(first) != "2026-10-25 02:30 Europe/Berlin" ||
		s.Period(time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)) != s.Period(time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)) {
		t.Fatalf("occurrences %v then %v", first, second)
	}
	if !s.Prev(second.Add(-time.Minute)).Equal(first) {
		t.Fatalf("Prev before the 26th = %v, want %v", s.Prev(second.Add(-time.Minute)), first)
	}
}

func TestSchedulePeriodIsTheLocalDateAndTime(t *testing.T) {
	s := sched(digest.EveryDay, 0, 8, 0, "Asia/Seoul")
	// 08:00 KST on 1 Dec is still 30 Nov in UTC.
	if p := s.Period(time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)); p != "2026-12-01 08:00 Asia/Seoul" {
		t.Fatalf("period = %s, want the Seoul date and time 2026-12-01 08:00 Asia/Seoul", p)
	}
}

func TestScheduleValidate(t *testing.T) {
	for _, bad := range []digest.Schedule{
		sched("hourly", 0, 9, 0, "UTC"), sched(digest.EveryDay, 0, 24, 0, "UTC"), sched(digest.EveryDay, 0, 9, 60, "UTC"),
		sched(digest.EveryDay, 0, 9, 0, "Mars/Olympus"), sched(digest.EveryDay, 0, 9, 0, "Local"), sched(digest.EveryDay, 0, 9, 0, ""),
		sched(digest.EveryWeek, 7, 9, 0, "UTC"),
	} {
		if err := bad.Validate(); briefing.ErrorCode(err) != briefing.EInvalid || briefing.ErrorMessage(err) == "" {
			t.Errorf("%+v: Validate = %v, want a clear EInvalid", bad, err)
		}
	}
	if err := sched(digest.EveryWeek, time.Sunday, 23, 59, "America/New_York").Validate(); err != nil {
		t.Fatal(err)
	}
}
