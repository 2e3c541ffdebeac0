package ingest

import (
	"fmt"
	"strings"
	"time"
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
