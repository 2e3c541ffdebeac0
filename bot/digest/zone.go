package digest

import (
	"strings"
	"unicode"
)

// abbreviation is what to say about a zone abbreviation typed for a zone.
type abbreviation struct {
	place string // the IANA name of a place that uses it
	// fixed, when set, is the offset of the tz database's zone of that
	// name, which keeps it all year: EST is always UTC-5, so a New York
	// digest set with it would move an hour in summer.
	fixed, etc string
}

// abbreviations are the zone abbreviations people type for a zone. Those
// that are no zone name fail to load anyway and get a hint; EST, MST and
// HST load as fixed offsets, so they are refused before they surprise.
var abbreviations = map[string]abbreviation{
	"EST": {place: "America/New_York", fixed: "UTC-5", etc: "Etc/GMT+5"}, "EDT": {place: "America/New_York"}, "ET": {place: "America/New_York"},
	"CST": {place: "America/Chicago"}, "CDT": {place: "America/Chicago"}, "CT": {place: "America/Chicago"},
	"MST": {place: "America/Denver", fixed: "UTC-7", etc: "Etc/GMT+7"}, "MDT": {place: "America/Denver"}, "MT": {place: "America/Denver"},
	"PST": {place: "America/Los_Angeles"}, "PDT": {place: "America/Los_Angeles"}, "PT": {place: "America/Los_Angeles"},
	"AKST": {place: "America/Anchorage"}, "AKDT": {place: "America/Anchorage"},
	"HST": {place: "Pacific/Honolulu", fixed: "UTC-10", etc: "Etc/GMT+10"},
	"BST": {place: "Europe/London"}, "CEST": {place: "Europe/Berlin"}, "EEST": {place: "Europe/Athens"},
	"MSK": {place: "Europe/Moscow"}, "IST": {place: "Asia/Kolkata"}, "SGT": {place: "Asia/Singapore"},
	"HKT": {place: "Asia/Hong_Kong"}, "KST": {place: "Asia/Seoul"}, "JST": {place: "Asia/Tokyo"},
	"AEST": {place: "Australia/Sydney"}, "AEDT": {place: "Australia/Sydney"}, "NZST": {place: "Pacific/Auckland"},
	"NZDT": {place: "Pacific/Auckland"}, "BRT": {place: "America/Sao_Paulo"},
}

// typedZone reads a zone a user typed after /digest: an IANA name, in any
// letter case ("asia/seoul" is Asia/Seoul), returned as the database
// names it. An abbreviation is refused with the place name to use.
func typedZone(name string) (string, error) {
	if a, ok := abbreviations[strings.ToUpper(name)]; ok {
		if a.fixed != "" {
			return "", scheduleErr("“" + name + "” is " + a.fixed + " all year, without daylight saving: give the place's time zone, " +
				"such as " + a.place + " (or " + a.etc + " to keep " + a.fixed + " all year)")
		}
		if _, err := LoadZone(name); err != nil {
			return "", scheduleErr("“" + name + "” is an abbreviation, not a time zone: give the place's IANA name, such as " + a.place)
		}
	}
	for _, n := range []string{name, strings.ToUpper(name), titled(name)} {
		if _, err := LoadZone(n); err == nil {
			return n, nil
		}
	}
	_, err := LoadZone(name)
	return name, err
}

// titled capitalises each word of a zone name as the tz database does for
// most ("america/new_york" becomes America/New_York).
func titled(name string) string {
	out := []rune(strings.ToLower(name))
	for i, r := range out {
		if i == 0 || strings.ContainsRune("/_-", out[i-1]) {
			out[i] = unicode.ToUpper(r)
		}
	}
	return string(out)
}
