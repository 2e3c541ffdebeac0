package ingest

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// zoneOffsets are the zone abbreviations feeds write that the feed
// library does not know, each with its offset in seconds. Go's time.Parse
// gives an unknown abbreviation a zero offset (or the host's own, when
// the host's zone wears that name), so without this a story dated
// "09:00 KST" would stand nine hours late in every timeline. Only
// unambiguous abbreviations are here: IST (India, Ireland, Israel) and
// the like stay as the library read them.
var zoneOffsets = map[string]int{
	"JST": 9 * 3600, "KST": 9 * 3600, "HKT": 8 * 3600, "SGT": 8 * 3600, "PHT": 8 * 3600,
	"AWST": 8 * 3600, "ACST": 9*3600 + 1800, "ACDT": 10*3600 + 1800, "AEST": 10 * 3600, "AEDT": 11 * 3600,
	"NZST": 12 * 3600, "NZDT": 13 * 3600, "WIB": 7 * 3600, "ICT": 7 * 3600, "PKT": 5 * 3600,
	"MSK": 3 * 3600, "EAT": 3 * 3600, "CAT": 2 * 3600, "SAST": 2 * 3600, "WAT": 1 * 3600,
	"HST": -10 * 3600, "AKST": -9 * 3600, "AKDT": -8 * 3600, "NST": -3*3600 - 1800, "NDT": -2*3600 - 1800,
	"AST": -4 * 3600, "ADT": -3 * 3600, "BRT": -3 * 3600, "ART": -3 * 3600,
}

// libraryZones are the abbreviations the feed library reads itself, for
// proseDate, which reads what the library could not.
var libraryZones = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 3600, "BST": 3600, "CET": 3600, "CEST": 2 * 3600,
	"EET": 2 * 3600, "EEST": 3 * 3600, "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
}

// zoneLayouts are the date forms read with a numeric offset in place of
// the abbreviation: RFC 822 and its common variants.
var zoneLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04 -0700", "2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700", "2006-01-02 15:04:05 -0700", "Monday, 2 Jan 2006 15:04:05 -0700",
}

// fixZone returns the time the date text raw names when it ends in one of
// zoneOffsets' abbreviations, read with that offset; otherwise, or when
// raw is in a form it does not know, parsed (the library's reading).
func fixZone(raw string, parsed time.Time) time.Time {
	f := strings.Fields(raw)
	if len(f) < 2 {
		return parsed
	}
	off, ok := zoneOffsets[strings.ToUpper(f[len(f)-1])]
	if !ok {
		return parsed
	}
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	text := strings.Join(f[:len(f)-1], " ") + fmt.Sprintf(" %c%02d%02d", sign, off/3600, off%3600/60)
	for _, layout := range zoneLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return t
		}
	}
	return parsed
}

// proseDate reads a date the feed library could not, written for people
// ("Friday, 6 November 2026", "6 November 2026 10:00 GMT"): the day (see
// briefing.LeadingDate), at the time of day that follows when it is in a
// numeric or known zone, else as a day alone (dayOnly: midnight UTC, which
// briefings show as a date without a time).
func proseDate(raw string) (t time.Time, dayOnly, ok bool) {
	day, rest, dayOnly, ok := briefing.LeadingDate(strings.TrimSpace(raw))
	if !ok || day.IsZero() {
		return time.Time{}, false, false
	}
	f := strings.Fields(rest)
	if len(f) != 2 {
		return day, dayOnly, true
	}
	zone := f[1]
	off, named := zoneOffsets[strings.ToUpper(zone)]
	if !named {
		off, named = libraryZones[strings.ToUpper(zone)]
	}
	if named {
		zone = fmt.Sprintf("%+03d%02d", off/3600, abs(off)%3600/60)
	}
	for _, layout := range []string{"15:04 -0700", "15:04:05 -0700"} {
		if t, err := time.Parse(layout, f[0]+" "+zone); err == nil {
			_, o := t.Zone()
			return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.FixedZone("", o)).UTC(), false, true
		}
	}
	return day, dayOnly, true
}

// clock finds a time of day in a date's text: "09:00", "0900Z" after a T.
var clock = regexp.MustCompile(`\d:\d\d|\dT\d`)

// dayOnly reports whether a date the feed library read from raw is a day
// without a time of day ("2026-12-02", "Wed, 2 Dec 2026"): the text has no
// clock, and the library made it midnight UTC. A time the source gave as
// 00:00 UTC (09:00 KST, "T00:00:00Z") is not.
func dayOnly(raw string, parsed time.Time) bool {
	return midnightUTC(parsed) && strings.TrimSpace(raw) != "" && !clock.MatchString(raw)
}

// pageDayOnly is dayOnly for a page's date, read from raw (pageHead's
// publishedText). When the text is not found (the reader took it from
// somewhere else), midnight UTC is taken for a day, as stored articles
// from before DayOnly are: an invented 00:00 would be worse than a lost
// one.
func pageDayOnly(raw string, parsed time.Time) bool {
	if raw == "" {
		return midnightUTC(parsed)
	}
	return dayOnly(raw, parsed)
}

func midnightUTC(t time.Time) bool {
	u := t.UTC()
	return !t.IsZero() && u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
