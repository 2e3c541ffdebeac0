package briefing

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Page furniture and metadata lines. Saved pages and feeds carry lines that
// are about the article rather than part of it ("Leave a comment",
// "► Author: X | Date: D | Permalink", "Filed under … Tagged with …").
// They are recognised by their shape, not by the site, and turned into
// metadata so they never reach a summary.

var (
	reMonthDate = regexp.MustCompile(`(?i)^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?` +
		`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`)
	reDayMonth = regexp.MustCompile(`(?i)^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+` +
		`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+(\d{4})`)
	reISODate  = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?`)
	reComments = regexp.MustCompile(`(?i)^(?:leave a (?:comment|reply)|no comments?(?: yet)?|\d+ (?:comments?|responses?|replies))\b`)
	reBy       = regexp.MustCompile(`^(?i:by)\s+(\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})`)
	reLabel    = regexp.MustCompile(`(?i)^\s*(author|by|date|posted|published|updated|permalink|filed under|tagged with|tags|categories|category)\s*:?\s*(.*)$`)
	reFiled    = regexp.MustCompile(`(?i)^filed under\s+(.*?)(?:\s+tagged with\s+(.*))?$`)
	reTagged   = regexp.MustCompile(`(?i)^(?:tagged with|tags\s*:)\s*(.*)$`)
	reBoiler   = regexp.MustCompile(`(?i)^(?:share this(?: article| story)?|like this|related(?: posts| articles| stories)?|advertisement|read more|continue reading|click here to|sign up for|subscribe to|follow us on|print this|email this|permalink)\b`)
)

var monthIndex = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// LeadingDate parses a date at the start of s ("August 23, 2019",
// "23 August 2019", "2019-08-23", "2019-08-23T14:05") and returns it with
// the rest of s. dayOnly is true when it gives no time of day (the date
// is midnight UTC of that day, see Article.DayOnly).
func LeadingDate(s string) (t time.Time, rest string, dayOnly, ok bool) {
	s = strings.TrimSpace(s)
	if m := reMonthDate.FindStringSubmatchIndex(s); m != nil {
		return mkDate(s[m[6]:m[7]], s[m[2]:m[3]], s[m[4]:m[5]]), strings.TrimSpace(s[m[1]:]), true, true
	}
	if m := reDayMonth.FindStringSubmatchIndex(s); m != nil {
		return mkDate(s[m[6]:m[7]], s[m[4]:m[5]], s[m[2]:m[3]]), strings.TrimSpace(s[m[1]:]), true, true
	}
	if m := reISODate.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		h, _ := strconv.Atoi(m[4])
		mi, _ := strconv.Atoi(m[5])
		se, _ := strconv.Atoi(m[6])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC), strings.TrimSpace(s[len(m[0]):]), m[4] == "", true
		}
	}
	return time.Time{}, s, false, false
}

func mkDate(year, month, day string) time.Time {
	y, _ := strconv.Atoi(year)
	d, _ := strconv.Atoi(day)
	mo := monthIndex[strings.ToLower(month)[:3]]
	if mo == 0 || d < 1 || d > 31 {
		return time.Time{}
	}
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}

// Meta is what a furniture line says about its article.
type Meta struct {
	Author   string
	Date     time.Time
	DayOnly  bool // Date is a day without a time of day (Article.DayOnly)
	Tags     []string
	Category string
}

// ParseMetaLine recognises a furniture or metadata line. ok is false for a
// line of article text. A pure furniture line ("Leave a comment") returns ok
// with an empty Meta.
func ParseMetaLine(line string) (Meta, bool) {
	s := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "►▶•·*>-–—|#"))
	runes := utf8.RuneCountInString(s)
	if s == "" || runes > 600 {
		return Meta{}, false
	}
	// Most lines are text: the two regexps below need a line that opens
	// with "filed under", "tagged with" or "tags", checked first without
	// running them (they were a third of cleaning a plain-text article).
	if hasPrefixFold(s, "filed under") {
		if m := reFiled.FindStringSubmatch(s); m != nil {
			return Meta{Category: strings.TrimSpace(m[1]), Tags: splitTags(m[2])}, true
		}
	}
	if hasPrefixFold(s, "tagged with") || hasPrefixFold(s, "tags") {
		if m := reTagged.FindStringSubmatch(s); m != nil {
			return Meta{Tags: splitTags(m[1])}, true
		}
	}
	if strings.Contains(s, "|") {
		return parseBarLine(s)
	}
	short := runes <= 80
	if short && (reComments.MatchString(s) || reBoiler.MatchString(s)) {
		return Meta{}, true
	}
	if short {
		if m := reLabel.FindStringSubmatch(s); m != nil && strings.Contains(s, ":") {
			var meta Meta
			applyLabel(&meta, m[1], m[2])
			return meta, true
		}
	}
	return Meta{}, false
}

// hasPrefixFold reports whether s opens with prefix under Unicode case
// folding, as the regexps' (?i) reads it (so "TAGS" and even "tagſ" do).
func hasPrefixFold(s, prefix string) bool {
	end, n := 0, utf8.RuneCountInString(prefix)
	for i := range s {
		if n == 0 {
			break
		}
		end, n = i, n-1
	}
	if n > 0 {
		return false
	}
	_, size := utf8.DecodeRuneInString(s[end:])
	return strings.EqualFold(s[:end+size], prefix)
}

// parseBarLine reads "Author: X | Date: D | Permalink": every part must be a
// label or a known furniture word, or the line is text after all.
func parseBarLine(s string) (Meta, bool) {
	var meta Meta
	for _, part := range strings.Split(s, "|") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		m := reLabel.FindStringSubmatch(part)
		if m == nil {
			if reComments.MatchString(part) || reBoiler.MatchString(part) {
				continue
			}
			if d, rest, day, ok := LeadingDate(part); ok && rest == "" {
				meta.Date, meta.DayOnly = d, day
				continue
			}
			return Meta{}, false
		}
		applyLabel(&meta, m[1], m[2])
	}
	return meta, true
}

func applyLabel(meta *Meta, label, value string) {
	value = strings.TrimSpace(value)
	switch strings.ToLower(label) {
	case "author", "by":
		meta.Author = value
	case "date", "posted", "published", "updated":
		if d, _, day, ok := LeadingDate(value); ok {
			meta.Date, meta.DayOnly = d, day
		}
	case "tags", "tagged with":
		meta.Tags = splitTags(value)
	case "categories", "category", "filed under":
		meta.Category = value
	}
}

func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// ParseDateline recognises the line under a headline: a date, optionally
// followed by a byline or furniture ("November 22, 2019 by Joseph
// Fitsanakis 2 Comments").
func ParseDateline(line string) (Meta, bool) {
	if utf8.RuneCountInString(line) > 160 {
		return Meta{}, false
	}
	d, rest, day, ok := LeadingDate(line)
	if !ok || d.IsZero() {
		return Meta{}, false
	}
	meta := Meta{Date: d, DayOnly: day}
	rest = strings.TrimSpace(strings.TrimLeft(rest, "|·•-–— "))
	if m := reBy.FindStringSubmatch(rest); m != nil {
		meta.Author = strings.TrimSpace(m[1])
		rest = strings.TrimSpace(rest[len(m[0]):])
	}
	if rest == "" || reComments.MatchString(rest) || reBoiler.MatchString(rest) {
		return meta, true
	}
	return Meta{}, false
}

// ApplyTo folds metadata into the article without overwriting what a more
// specific source (a feed field) already set; tags are added once, in any
// letter case.
func (m Meta) ApplyTo(a *Article) {
	if a.Author == "" {
		a.Author = m.Author
	}
	if a.Published.IsZero() {
		a.Published, a.DayOnly = m.Date, m.DayOnly && !m.Date.IsZero()
	}
	for _, t := range m.Tags {
		if !containsFold(a.Tags, t) {
			a.Tags = append(a.Tags, t)
		}
	}
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// Clean removes furniture lines from the article's text, moving what they
// say into its metadata, normalises whitespace, and marks the article as a
// fragment when its text stops mid-sentence. A link that is not http(s)
// is dropped (see SafeLink), and the article is cut to the size bounds
// (see bounds.go).
func Clean(a Article) Article {
	var paras []string
	raw, cut := precut(a.Text) // size bounds: see bounds.go
	for _, line := range strings.Split(strings.ReplaceAll(noControls(raw), "\r\n", "\n"), "\n") {
		line = joinFields(line)
		if line == "" {
			continue
		}
		if meta, ok := ParseMetaLine(line); ok {
			meta.ApplyTo(&a)
			continue
		}
		paras = append(paras, line)
	}
	a.Title = joinFields(noControls(a.Title))
	a.URL = SafeLink(a.URL)
	a.Author = joinFields(noControls(a.Author))
	if len(a.Tags) > 0 {
		tags := make([]string, len(a.Tags))
		for i, t := range a.Tags {
			tags[i] = strings.TrimSpace(noControls(t))
		}
		a.Tags = tags
	}
	if len(paras) > 0 {
		paras[0] = readDateline(&a, stripSourceTag(paras[0]))
	}
	a.Text = strings.Join(paras, "\n\n")
	a = boundArticle(a, cut)
	if !a.Fragment {
		a.Fragment = IsCut(a.Text)
	}
	return a
}

// noControls turns control characters other than line breaks into
// spaces: escape sequences and bells in a feed must not reach a terminal
// or a chat message.
func noControls(s string) string {
	if plainText(s) {
		return s // what strings.Map returns for it, without decoding every rune
	}
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\r' && unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// plainText reports whether s is valid UTF-8 without control characters
// other than line breaks, so that noControls would return it unchanged
// (strings.Map also rewrites invalid bytes as U+FFFD). Controls are
// U+0000–U+001F and U+007F–U+009F; the last 32 are C2 80–C2 9F in UTF-8.
// Byte by byte, it is a small share of the per-rune mapping on the text
// of every article ingested.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x20:
			if b != '\n' && b != '\r' {
				return false
			}
		case b == 0x7f:
			return false
		case b == 0xc2 && i+1 < len(s) && s[i+1] < 0xa0:
			return false
		}
	}
	return utf8.ValidString(s)
}

// reSourceTag is a wire dateline at the very start of a story: an
// optional place, then the agency in brackets, then an optional dash
// ("Denver (Wire)Voters…", "LONDON (Agency) - Shares…").
var reSourceTag = regexp.MustCompile(`^(?:\p{Lu}[\pL.'’]*(?:,? \p{Lu}[\pL.'’]*){0,3} )?\(\p{Lu}[\pL]{1,11}\)(?: ?[-–—]{1,2} ?)?`)

// stripSourceTag removes a leading wire dateline, which is about the
// story's delivery, not its content. Text left without a capital or a
// quote to start on keeps its tag.
func stripSourceTag(p string) string {
	loc := reSourceTag.FindStringIndex(p)
	if loc == nil || loc[1] >= len(p) {
		return p
	}
	rest := strings.TrimLeft(p[loc[1]:], " ")
	r, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsUpper(r) && !strings.ContainsRune("\"“‘'", r) {
		return p
	}
	return rest
}

// IsCut reports whether text ends mid-sentence: its last character is not a
// sentence terminator (allowing closing quotes and brackets).
func IsCut(text string) bool {
	t := strings.TrimRight(text, " \t\n\"'”’)]»」』）】")
	if t == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return !isTerminator(r)
}
