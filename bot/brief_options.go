package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// /brief options are words after the topic: "limit N", "since 2d" (or
// 12h, 3w, a date 2026-11-01, or an instant 2026-11-01T09:30Z), "from
// SOURCE" and "page N", in any order, each at most once. They are read
// from the end of the text only, and only when their value parses, so a
// topic keeps its words ("speed limit" stays a topic); quoting a phrase
// keeps the words in the topic too ("/brief \"imports from china\"").

// BriefMaxLimit is the most stories one /brief page shows, and
// briefMaxDepth the deepest page reaches (offset plus limit), bounding
// each request's cost.
const (
	BriefMaxLimit = 50
	briefMaxDepth = 200
)

const briefUsage = "/brief <topic> [limit N] [since 2d|2026-11-01] [from SOURCE] [page N]"

// briefArgs is a parsed /brief.
type briefArgs struct {
	topic  string
	limit  int // 0: the configured default
	page   int // from 1
	since  time.Time
	source string
}

// parseBrief splits a /brief text into its topic and options; now
// resolves relative "since" values (to the minute, so that the next-page
// command names the same instant).
func parseBrief(text string, now time.Time) (briefArgs, error) {
	a := briefArgs{page: 1}
	words := quotedAfterFrom(strings.Fields(text))
	seen := map[string]bool{}
	for len(words) >= 2 {
		key := strings.TrimPrefix(strings.ToLower(words[len(words)-2]), "--")
		val := words[len(words)-1]
		next := a
		ok, err := next.set(key, val, now)
		if err != nil {
			return a, err
		}
		if !ok {
			break
		}
		if seen[key] {
			return a, briefing.Errorf(briefing.EInvalid, "“%s” is given twice. Usage: %s", key, briefUsage)
		}
		a, seen[key] = next, true
		words = words[:len(words)-2]
	}
	a.topic = strings.Join(words, " ")
	if a.topic == "" {
		return a, briefing.Errorf(briefing.EInvalid, "say what to brief on. Usage: %s (for example /brief tariffs limit 10 since 2d)", briefUsage)
	}
	return a, nil
}

// quotedAfterFrom joins a quoted source name after "from" into one word,
// so that a name of several words can be given: from "Harbour Gazette".
// A quote that is not closed leaves the words as they are.
func quotedAfterFrom(words []string) []string {
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		out = append(out, words[i])
		if !strings.EqualFold(words[i], "from") || i+1 >= len(words) || !opensQuote(words[i+1]) {
			continue
		}
		for j := i + 1; j < len(words); j++ {
			if closesQuote(words[j], j == i+1) {
				out = append(out, strings.Join(words[i+1:j+1], " "))
				i = j
				break
			}
		}
	}
	return out
}

func opensQuote(w string) bool { return strings.HasPrefix(w, "\"") || strings.HasPrefix(w, "“") }

// closesQuote: the word ends a quotation (the opening word itself only
// when it holds both quotes, as in "Reuters").
func closesQuote(w string, first bool) bool {
	if first {
		w = strings.TrimPrefix(strings.TrimPrefix(w, "\""), "“")
	}
	return strings.HasSuffix(w, "\"") || strings.HasSuffix(w, "”")
}

// set applies one option; ok is false when key is not an option or val
// is plainly not its value (then both words belong to the topic).
func (a *briefArgs) set(key, val string, now time.Time) (ok bool, err error) {
	switch key {
	case "limit", "page":
		n, err := strconv.Atoi(val)
		if err != nil {
			return false, nil
		}
		if key == "limit" {
			if n < 1 || n > BriefMaxLimit {
				return false, briefing.Errorf(briefing.EInvalid, "limit is 1 to %d stories per page", BriefMaxLimit)
			}
			a.limit = n
			return true, nil
		}
		if n < 1 {
			return false, briefing.Errorf(briefing.EInvalid, "pages are numbered from 1")
		}
		a.page = n
		return true, nil
	case "since":
		if _, day := sinceDay(val, now); !day && (val == "" || val[0] < '0' || val[0] > '9') {
			return false, nil
		}
		t, err := ParseSince(val, now)
		if err != nil {
			return false, err
		}
		a.since = t
		return true, nil
	case "from":
		a.source = strings.Trim(val, "\"“”")
		return a.source != "", nil
	}
	return false, nil
}

// ParseSince reads "2d", "12h", "3w" (back from now, to the minute),
// "2026-11-01" (UTC midnight), "2026-11-01T09:30Z", or "today",
// "yesterday" or a weekday ("monday", "mon": the last one, today if it is
// that day), which start at midnight in now's zone (the channel's, for
// /brief): what /brief's "since" and the API's since= take. A bad value
// is an EInvalid error.
func ParseSince(v string, now time.Time) (time.Time, error) {
	if t, ok := sinceDay(v, now); ok {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02T15:04Z07:00", v); err == nil {
		return t.UTC(), nil
	}
	unit := map[byte]time.Duration{'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[v[len(v)-1]]
	n, err := strconv.Atoi(v[:len(v)-1])
	if unit == 0 || err != nil || n < 1 || n > 3650 {
		return time.Time{}, briefing.Errorf(briefing.EInvalid, "“since %s”: give an age such as 12h, 2d or 3w, a date such as 2026-11-01, or today, yesterday or a weekday", v)
	}
	return now.UTC().Truncate(time.Minute).Add(-time.Duration(n) * unit), nil
}

// sinceDay reads a day word of ParseSince: the start of that day in
// now's zone, as a UTC time.
func sinceDay(v string, now time.Time) (time.Time, bool) {
	v = strings.ToLower(v)
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	switch v {
	case "today":
		return midnight.UTC(), true
	case "yesterday":
		return midnight.AddDate(0, 0, -1).UTC(), true
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if v == name || v == name[:3] {
			back := (int(now.Weekday()) - int(d) + 7) % 7
			return midnight.AddDate(0, 0, -back).UTC(), true
		}
	}
	return time.Time{}, false
}

// nextPage is the command that shows the page after a's.
func (a briefArgs) nextPage(limit int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "/brief %s limit %d", a.topic, limit)
	if !a.since.IsZero() {
		if a.since.Equal(a.since.Truncate(24 * time.Hour)) {
			b.WriteString(" since " + a.since.Format(time.DateOnly))
		} else {
			b.WriteString(" since " + a.since.Format("2006-01-02T15:04Z"))
		}
	}
	if strings.Contains(a.source, " ") {
		fmt.Fprintf(&b, " from \"%s\"", a.source)
	} else if a.source != "" {
		fmt.Fprintf(&b, " from %s", a.source)
	}
	fmt.Fprintf(&b, " page %d", a.page+1)
	return b.String()
}
