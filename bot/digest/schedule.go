package digest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// Digest cadences.
const (
	EveryDay     = "daily"
	EveryWeekday = "weekdays" // Monday to Friday
	EveryWeek    = "weekly"   // one weekday
	EveryHour    = "hourly"   // every hour, at Minute past
	EveryHours   = "every"    // every IntervalHours hours from local midnight, at Minute past
	// EveryOff is a schedule turned off with /digest off: nothing is
	// scheduled, and its size (and zone) are kept for when it is set again.
	EveryOff = "off"
	// EveryLive posts each new story as it is stored (live alerts),
	// batched within the Digester's LiveWindow and held during quiet hours.
	EveryLive = "live"
	MaxSize   = 50 // stories; the most any channel may ask for
)

// Schedule is when a channel's digest goes out: a local time of day
// in the channel's own time zone, every day, every weekday, or once a
// week. Times are wall-clock times: a 09:00 digest stays at 09:00 across a
// daylight-saving change.
type Schedule struct {
	Channel briefing.Channel `json:"channel"`
	Every   string           `json:"every"`             // EveryDay, EveryWeekday or EveryWeek
	Weekday time.Weekday     `json:"weekday,omitempty"` // for EveryWeek
	Hour    int              `json:"hour"`
	Minute  int              `json:"minute"`
	Zone    string           `json:"zone"` // IANA name, e.g. "Asia/Seoul"
	// MaxItems caps the stories in one digest; 0 means the configured
	// default.
	MaxItems  int       `json:"max_items,omitempty"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
	// TimingChangedAt is when the schedule's times last changed (cadence,
	// time of day, weekday, zone or quiet hours; see SameTiming), which
	// UpdatedAt also moves for a new limit. An occurrence before it was
	// never due under the schedule as it stands, so the catch-up sweep
	// leaves it; one before a mere UpdatedAt was due and is still sent.
	TimingChangedAt time.Time `json:"timing_changed_at"`
	// IntervalHours is the cadence of EveryHour (1) and EveryHours (2, 3,
	// 4, 6 or 12): slots at local hours 0, N, 2N… at Minute past.
	IntervalHours int `json:"interval_hours,omitempty"`
	// QuietFrom and QuietTo are minutes of the local day: slots whose
	// wall-clock time is in [QuietFrom, QuietTo) (wrapping past midnight)
	// are skipped. Equal values, or -1, mean no quiet hours.
	QuietFrom int `json:"quiet_from,omitempty"`
	QuietTo   int `json:"quiet_to,omitempty"`
}

// Intervals are the cadences /digest every accepts, in hours: divisors of
// a day, so that every day has the same slots.
var Intervals = []int{2, 3, 4, 6, 12}

// Hourly reports whether the schedule has several slots a day.
func (s Schedule) Hourly() bool { return s.Every == EveryHour || s.Every == EveryHours }

// Live reports whether the schedule is live alerts (no digest times).
func (s Schedule) Live() bool { return s.Every == EveryLive }

// QuietAt reports whether t falls in the schedule's quiet hours, in its
// zone.
func (s Schedule) QuietAt(t time.Time) bool {
	loc, err := LoadZone(s.Zone)
	if err != nil || !s.hasQuiet() {
		return false
	}
	lt := t.In(loc)
	return s.quiet(lt.Hour()*60 + lt.Minute())
}

// hasQuiet reports whether the schedule has quiet hours.
func (s Schedule) hasQuiet() bool {
	return s.QuietFrom >= 0 && s.QuietTo >= 0 && s.QuietFrom != s.QuietTo
}

// quiet reports whether the wall-clock minute of day m is in the quiet
// hours.
func (s Schedule) quiet(m int) bool {
	if !s.hasQuiet() {
		return false
	}
	if s.QuietFrom < s.QuietTo {
		return m >= s.QuietFrom && m < s.QuietTo
	}
	return m >= s.QuietFrom || m < s.QuietTo
}

// slots are the local hours an hourly schedule runs at, quiet ones left
// out; a daily, weekday or weekly schedule has its one Hour.
func (s Schedule) slots() []int {
	if !s.Hourly() {
		return []int{s.Hour}
	}
	var out []int
	for h := 0; h < 24; h += max(s.IntervalHours, 1) {
		if !s.quiet(h*60 + s.Minute) {
			out = append(out, h)
		}
	}
	return out
}

// Validate returns an briefing.EInvalid error saying what is wrong, or nil.
func (s Schedule) Validate() error {
	switch {
	case s.Every != EveryDay && s.Every != EveryWeekday && s.Every != EveryWeek && s.Every != EveryOff && !s.Hourly() && !s.Live():
		return briefing.Errorf(briefing.EInvalid, "a digest goes out live, hourly, every N hours, daily, weekdays or weekly, not %q", s.Every)
	case s.Hour < 0 || s.Hour > 23 || s.Minute < 0 || s.Minute > 59:
		return briefing.Errorf(briefing.EInvalid, "%02d:%02d is not a time of day (use 24-hour HH:MM, 00:00 to 23:59)", s.Hour, s.Minute)
	case s.Weekday < time.Sunday || s.Weekday > time.Saturday:
		return briefing.Errorf(briefing.EInvalid, "weekday %d does not exist", s.Weekday)
	case s.MaxItems < 0 || s.MaxItems > MaxSize:
		return briefing.Errorf(briefing.EInvalid, "a digest holds 1 to %d stories", MaxSize)
	case s.Every == EveryHour && s.IntervalHours != 1,
		s.Every == EveryHours && !slices.Contains(Intervals, s.IntervalHours),
		!s.Hourly() && !s.Off() && s.IntervalHours != 0: // off keeps what it was
		return briefing.Errorf(briefing.EInvalid, "a digest goes out hourly or every 2h, 3h, 4h, 6h or 12h")
	case s.QuietFrom < -1 || s.QuietFrom >= 24*60 || s.QuietTo < -1 || s.QuietTo >= 24*60:
		return briefing.Errorf(briefing.EInvalid, "quiet hours are two times of day, such as quiet 22:00-07:00")
	case s.Hourly() && len(s.slots()) == 0:
		return briefing.Errorf(briefing.EInvalid, "the quiet hours leave no time for a digest")
	}
	_, err := LoadZone(s.Zone)
	return err
}

// LoadZone loads an IANA time zone, refusing the process-dependent
// "Local" and the empty name.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "local") {
		return nil, briefing.Errorf(briefing.EInvalid, "give a time zone by its IANA name, such as Asia/Seoul or UTC")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, briefing.Errorf(briefing.EInvalid, "unknown time zone “%s” (use an IANA name such as Asia/Seoul, Europe/Berlin or UTC)", name)
	}
	return loc, nil
}

// SameTiming reports whether s and o run at the same times: the same
// cadence, time of day, weekday, interval, zone and quiet hours. Who
// changed them, when, and the limit do not count.
func (s Schedule) SameTiming(o Schedule) bool {
	return s.Every == o.Every && s.Weekday == o.Weekday && s.Hour == o.Hour && s.Minute == o.Minute &&
		s.Zone == o.Zone && s.IntervalHours == o.IntervalHours && s.QuietFrom == o.QuietFrom && s.QuietTo == o.QuietTo
}

// Off reports whether the schedule was turned off (it never runs).
func (s Schedule) Off() bool { return s.Every == EveryOff }

// String describes the schedule: "daily at 09:00 (Asia/Seoul)".
func (s Schedule) String() string {
	if s.Off() {
		return "off"
	}
	if s.Live() {
		when := "live"
		if s.hasQuiet() {
			when += fmt.Sprintf(", quiet %02d:%02d-%02d:%02d", s.QuietFrom/60, s.QuietFrom%60, s.QuietTo/60, s.QuietTo%60)
		}
		return fmt.Sprintf("%s (%s)", when, s.Zone)
	}
	when := s.Every
	if s.Every == EveryWeek {
		when = "weekly on " + s.Weekday.String() + "s"
	}
	if s.Hourly() {
		when = fmt.Sprintf("every %d hours at :%02d", s.IntervalHours, s.Minute)
		if s.IntervalHours == 1 {
			when = fmt.Sprintf("hourly at :%02d", s.Minute)
		}
		if s.hasQuiet() {
			when += fmt.Sprintf(", quiet %02d:%02d-%02d:%02d", s.QuietFrom/60, s.QuietFrom%60, s.QuietTo/60, s.QuietTo%60)
		}
		return fmt.Sprintf("%s (%s)", when, s.Zone)
	}
	return fmt.Sprintf("%s at %02d:%02d (%s)", when, s.Hour, s.Minute, s.Zone)
}

// runsOn reports whether the schedule has an occurrence on a local date
// with weekday wd.
func (s Schedule) runsOn(wd time.Weekday) bool {
	switch s.Every {
	case EveryWeekday:
		return wd != time.Saturday && wd != time.Sunday
	case EveryWeek:
		return wd == s.Weekday
	case EveryOff, EveryLive: // no digest times
		return false
	}
	return true
}

// occurrence is the instant of the schedule's time on the local date
// y-m-d. When that wall-clock time does not exist (a daylight-saving gap),
// it is the first instant after the gap, which is also when gocron's
// run-after-transition policy fires. When it happens twice (clocks fall
// back), it is the first time: time.Date picks either, by the zone's side
// of UTC (Berlin's second 02:30, New York's first 01:30).
func (s Schedule) occurrence(loc *time.Location, y int, m time.Month, d int) time.Time {
	t := time.Date(y, m, d, s.Hour, s.Minute, 0, 0, loc)
	if t.Hour() == s.Hour && t.Minute() == s.Minute {
		return s.firstOf(t)
	}
	start, end := t.ZoneBounds()
	if t.Hour()*60+t.Minute() > s.Hour*60+s.Minute {
		return start // normalised forward: the gap began where this zone period starts
	}
	return end
}

// firstOf is the earlier instant of t's wall-clock time when the clocks
// fell back over it, else t.
func (s Schedule) firstOf(t time.Time) time.Time {
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return t
	}
	_, before := start.Add(-time.Second).Zone()
	_, now := t.Zone()
	if before <= now {
		return t
	}
	if e := t.Add(-time.Duration(before-now) * time.Second); e.Before(start) && e.Hour() == s.Hour && e.Minute() == s.Minute {
		return e
	}
	return t
}

// Next returns the first occurrence strictly after t.
func (s Schedule) Next(t time.Time) time.Time { return s.scan(t, 1) }

// Prev returns the last occurrence at or before t.
func (s Schedule) Prev(t time.Time) time.Time { return s.scan(t, -1) }

// scan walks the local days from t's, forwards (dir 1) or backwards (-1),
// each day's slots in the same direction, and returns the first
// occurrence after t (forwards) or at or before t (backwards); zero when
// the zone does not load.
func (s Schedule) scan(t time.Time, dir int) time.Time {
	loc, err := LoadZone(s.Zone)
	if err != nil {
		return time.Time{}
	}
	lt := t.In(loc)
	slots := s.slots()
	if dir < 0 {
		slots = slices.Clone(slots)
		slices.Reverse(slots)
	}
	for i := 0; i <= 8; i++ {
		d := lt.AddDate(0, 0, dir*i)
		if !s.runsOn(d.Weekday()) {
			continue
		}
		for _, h := range slots {
			o := s.at(h).occurrence(loc, d.Year(), d.Month(), d.Day())
			if (dir > 0 && o.After(t)) || (dir < 0 && !o.After(t)) {
				return o
			}
		}
	}
	return time.Time{}
}

// at is the schedule with its time of day at hour h (one slot).
func (s Schedule) at(h int) Schedule {
	s.Hour = h
	return s
}

// Period names the delivery an occurrence stands for in the ledger: its
// local date and the schedule's time of day, and the zone they are in
// ("2026-12-01 09:00 Asia/Seoul", also on the night 09:00 is skipped or
// repeated by a daylight-saving change). Each
// occurrence has its own period, so a run that found nothing new does
// not use up the day: a digest rescheduled to later that day, or to the
// same time in another zone, still goes out, as the schedule reply says.
// Replicas and the catch-up sweep agree on it, and a wall-clock time that
// happens twice (the night clocks fall back) is one period. Stories are
// never sent twice either way: the ledger reserves them per channel.
func (s Schedule) Period(occurrence time.Time) string {
	zone := s.Zone
	loc, err := LoadZone(zone)
	if err != nil {
		loc, zone = time.UTC, "UTC"
	}
	return s.periodIn(occurrence.In(loc)) + " " + zone
}

// periodIn is the local date and time of day part of Period, which was
// all of it before periods named their zone (see legacyPeriod).
func (s Schedule) periodIn(lt time.Time) string {
	if s.Hourly() {
		// The slot's wall-clock time; a slot in a daylight-saving gap runs
		// at the gap's end and is named by that time.
		return lt.Format("2006-01-02 15:04")
	}
	return fmt.Sprintf("%s %02d:%02d", lt.Format(time.DateOnly), s.Hour, s.Minute)
}

// legacyPeriod is the period a process from before periods named their
// zone gave the occurrence, so that the catch-up sweep after an upgrade
// does not run again a digest that went out just before it.
func (s Schedule) legacyPeriod(occurrence time.Time) string {
	loc, err := LoadZone(s.Zone)
	if err != nil {
		loc = time.UTC
	}
	return s.periodIn(occurrence.In(loc))
}

// ChannelZones returns the lookup bot.CoreConfig.Zone takes: a channel's
// time zone is the one its digest schedule names (kept while the digest
// is off), so that /brief shows the times its digests show; a channel
// that never chose one gets nil, the engine's zone (BRIEFBOT_TIMEZONE).
func ChannelZones(store ScheduleStore) func(ctx context.Context, ch briefing.Channel) (*time.Location, error) {
	return func(ctx context.Context, ch briefing.Channel) (*time.Location, error) {
		s, err := store.Schedule(ctx, ch)
		if briefing.ErrorCode(err) == briefing.ENotFound || (err == nil && s.Zone == "") {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("digest: the channel's time zone: %w", err)
		}
		loc, err := LoadZone(s.Zone)
		if err != nil {
			return nil, nil // a zone stored before it was refused: the engine's
		}
		return loc, nil
	}
}
