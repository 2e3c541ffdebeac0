package briefing

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Datelines. A plain-text page has no feed date, but news text often opens
// with one: "Mexico City, 4 December 2026 — The central bank…" or
// "GENEVA, Dec. 4, 2026 -- Talks…". An undated article takes its date from
// such a dateline (a day without a time of day, Article.DayOnly, which
// FormatWhen shows as the day alone), and the dateline leaves the text, as
// a wire tag does.
var reDateline = regexp.MustCompile(`^(\p{Lu}[\pL.'’-]*(?:,? \p{Lu}[\pL.'’-]*){0,3}),? ` +
	`(?:(\d{1,2}) (\pL+)\.?,? (\d{4})|(\pL+)\.? (\d{1,2}),? (\d{4}))` +
	`\s*(?:[—–]|--?|:)\s*`)

// readDateline sets a.Published from a dateline at the start of the text
// when a is undated, and removes the dateline.
func readDateline(a *Article, first string) string {
	if !a.Published.IsZero() {
		return first
	}
	m := reDateline.FindStringSubmatch(first)
	if m == nil || len(m[0]) >= len(first) {
		return first
	}
	day, month, year := m[2], m[3], m[4]
	if day == "" {
		day, month, year = m[6], m[5], m[7]
	}
	mon, ok := monthIndex[strings.ToLower(month[:min(3, len(month))])]
	if !ok || (len(month) > 3 && !monthName(month, mon)) {
		return first
	}
	d, _ := strconv.Atoi(day)
	y, _ := strconv.Atoi(year)
	t := time.Date(y, mon, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || y < 1900 || y > 2200 {
		return first // 31 February, or not a year
	}
	rest := first[len(m[0]):]
	if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) && !strings.ContainsRune("\"“‘'", r) {
		return first
	}
	a.Published, a.DayOnly = t, true
	return rest
}

// monthName reports whether word is month's full name or a prefix of it
// ("Sept", "December").
func monthName(word string, month time.Month) bool {
	return strings.HasPrefix(strings.ToLower(month.String()), strings.ToLower(word))
}
