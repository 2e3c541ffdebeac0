package digest

import (
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// ParseSchedule reads the words after /digest: "daily HH:MM [ZONE]",
// "weekdays HH:MM [ZONE]" or "weekly DAY HH:MM [ZONE]", with zone
// standing in for a missing ZONE. Errors are EInvalid and say what to
// type instead.
func ParseSchedule(fields []string, zone string) (Schedule, error) {
	if len(fields) == 0 {
		return Schedule{}, scheduleErr("say when")
	}
	s := Schedule{Every: strings.ToLower(fields[0]), Zone: zone}
	rest := fields[1:]
	if s.Every == EveryHour || s.Every == EveryHours {
		return parseHourly(s, rest)
	}
	if s.Every == EveryLive {
		s.QuietFrom, s.QuietTo = -1, -1
		return parseQuietZone(s, rest)
	}
	if s.Every == EveryWeek {
		if len(rest) == 0 {
			return s, scheduleErr("a weekly digest needs a day")
		}
		wd, ok := parseWeekday(rest[0])
		if !ok {
			return s, scheduleErr("“" + rest[0] + "” is not a day of the week (mon, tue, … sun)")
		}
		s.Weekday, rest = wd, rest[1:]
	}
	if len(rest) == 0 || len(rest) > 2 {
		return s, scheduleErr("give a time and optionally a time zone")
	}
	var err error
	if s.Hour, s.Minute, err = parseClock(rest[0]); err != nil {
		return s, err
	}
	if len(rest) == 2 {
		if s.Zone, err = typedZone(rest[1]); err != nil {
			return s, err
		}
	}
	return s, s.Validate()
}

func scheduleErr(why string) error {
	return briefing.Errorf(briefing.EInvalid, "%s. Examples: /digest daily 09:00 Asia/Seoul, /digest weekdays 08:30 Europe/Berlin, "+
		"/digest weekly mon 09:00, /digest hourly, /digest every 2h quiet 22:00-07:00 Asia/Seoul, /digest live", why)
}

// parseHourly reads the rest of "hourly [quiet HH:MM-HH:MM] [ZONE]" or
// "every Nh [quiet HH:MM-HH:MM] [ZONE]"; slots are on the hour.
func parseHourly(s Schedule, rest []string) (Schedule, error) {
	s.IntervalHours, s.QuietFrom, s.QuietTo = 1, -1, -1
	if s.Every == EveryHours {
		if len(rest) == 0 {
			return s, scheduleErr("say how often: every 2h, 3h, 4h, 6h or 12h")
		}
		num, isH := strings.CutSuffix(strings.ToLower(rest[0]), "h")
		n, err := strconv.Atoi(num)
		if err != nil || !isH || !digits(num) {
			return s, scheduleErr("“" + rest[0] + "” is not an interval (2h, 3h, 4h, 6h or 12h)")
		}
		s.IntervalHours, rest = n, rest[1:]
		if n == 1 {
			s.Every = EveryHour
		}
	}
	return parseQuietZone(s, rest)
}

// parseQuietZone reads "[quiet HH:MM-HH:MM] [ZONE]" after a cadence.
func parseQuietZone(s Schedule, rest []string) (Schedule, error) {
	if len(rest) >= 2 && strings.EqualFold(rest[0], "quiet") {
		from, to, ok := strings.Cut(rest[1], "-")
		fh, fm, err1 := parseClock(from)
		th, tm, err2 := parseClock(to)
		if !ok || err1 != nil || err2 != nil || fh*60+fm == th*60+tm {
			return s, scheduleErr("give quiet hours as two different times, such as quiet 22:00-07:00")
		}
		s.QuietFrom, s.QuietTo, rest = fh*60+fm, th*60+tm, rest[2:]
	}
	if len(rest) > 1 {
		return s, scheduleErr("after the cadence give only quiet hours and a time zone")
	}
	if len(rest) == 1 {
		zone, err := typedZone(rest[0])
		if err != nil {
			return s, err
		}
		s.Zone = zone
	}
	return s, s.Validate()
}

// parseClock reads a 24-hour "HH:MM" (or "H:MM"), digits only: Atoi
// alone would take "+8:00" or "08:+0" as 08:00.
func parseClock(s string) (hour, minute int, err error) {
	h, m, ok := strings.Cut(s, ":")
	hour, herr := strconv.Atoi(h)
	minute, merr := strconv.Atoi(m)
	if !ok || herr != nil || merr != nil || !digits(h) || !digits(m) || len(h) > 2 || len(m) != 2 ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return 0, 0, briefing.Errorf(briefing.EInvalid, "“%s” is not a time of day: use 24-hour HH:MM, 00:00 to 23:59 (for example 09:00 or 17:30)", s)
	}
	return hour, minute, nil
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// parseWeekday reads "mon", "Monday", "tues"…: at least three letters of
// the day's English name.
func parseWeekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(s)
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if len(s) >= 3 && strings.HasPrefix(name, s) {
			return d, true
		}
	}
	return 0, false
}
