package overview

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A fact is a number as it must be found in a cited story: its value
// (scaled by million, billion…), whether it is a percentage, and its
// currency ("" when none was written).
type fact struct {
	value    float64
	percent  bool
	currency string
}

// matches reports whether story fact s supports sentence fact f: same
// value and kind; a currency the sentence names must be the story's.
func (f fact) matches(s fact) bool {
	if f.percent != s.percent || (f.currency != "" && f.currency != s.currency) {
		return false
	}
	return f.value == s.value || math.Abs(f.value-s.value) <= 1e-9*math.Max(math.Abs(f.value), 1)
}

var (
	// numberRe finds a number with its optional currency before and
	// scale, percentage or currency word after.
	numberRe = regexp.MustCompile(`(?i)(us\$|a\$|c\$|\$|£|€|¥|\busd\s?|\bgbp\s?|\beur\s?|\bjpy\s?)?` +
		`(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?` +
		`(?:(?:\s?(%|per\s?cent\b|percent\b|pct\b|percentage points?\b|trillion\b|billion\b|million\b|thousand\b))|(tn|trn|bn|mn|m|b|k)\b|(st|nd|rd|th)\b)?` +
		`(?:\s(dollars|pounds|euros|yen)\b)?`)
	numberWords = strings.NewReplacer() // built in init from wordNumbers
	wordNumbers = []string{"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
)

func init() {
	var pairs []string
	for i, w := range wordNumbers {
		pairs = append(pairs, w, strconv.Itoa(i+2))
	}
	numberWords = strings.NewReplacer(pairs...)
}

var wordNumberRe = regexp.MustCompile(`(?i)\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b`)

// facts returns the numbers in s.
func facts(s string) []fact {
	s = isoDates(s)
	s = wordNumberRe.ReplaceAllStringFunc(s, func(w string) string { return numberWords.Replace(strings.ToLower(w)) })
	var out []fact
	for _, m := range numberRe.FindAllStringSubmatch(s, -1) {
		v, err := strconv.ParseFloat(strings.ReplaceAll(m[2], ",", "")+m[3], 64)
		if err != nil {
			continue
		}
		f := fact{value: v, currency: currency(m[1] + m[7])}
		switch unit := strings.ToLower(strings.Join(strings.Fields(m[4]+m[5]), " ")); {
		case unit == "%" || strings.HasPrefix(unit, "per") || unit == "pct":
			f.percent = true
		case unit == "trillion" || unit == "tn" || unit == "trn":
			f.value *= 1e12
		case unit == "billion" || unit == "bn" || unit == "b":
			f.value *= 1e9
		case unit == "million" || unit == "mn" || unit == "m":
			f.value *= 1e6
		case unit == "thousand" || unit == "k":
			f.value *= 1e3
		}
		out = append(out, f)
	}
	return out
}

// currency maps the ways of writing a currency to one symbol.
func currency(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return ""
	case "$", "us$", "usd", "dollars":
		return "$"
	case "£", "gbp", "pounds":
		return "£"
	case "€", "eur", "euros":
		return "€"
	case "¥", "jpy", "yen":
		return "¥"
	default:
		return strings.ToLower(strings.TrimSpace(s))
	}
}

// wordRe finds words: letters, with inner apostrophes and dots ("U.S.",
// "O'Neill"); hyphens separate words.
var wordRe = regexp.MustCompile(`\p{L}[\p{L}\p{M}'’.]*`)

// words returns s's words, normalised by normWord, in order.
func words(s string) []string {
	raw := wordRe.FindAllString(isoDates(s), -1)
	out := raw[:0]
	for _, w := range raw {
		if w = normWord(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// normWord drops a possessive and dots: "U.S." → "US", "Kim's" → "Kim".
func normWord(w string) string {
	w = strings.ReplaceAll(w, "’", "'")
	w = strings.TrimRight(w, ".'")
	w = strings.TrimSuffix(w, "'s")
	w = strings.ReplaceAll(w, ".", "")
	if full, ok := abbreviations[w]; ok {
		return full
	}
	return w
}

// abbreviations are the short forms of months and weekdays, so that
// "2 Mar" matches a story's "2 March".
var abbreviations = map[string]string{"Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April",
	"Jun": "June", "Jul": "July", "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October",
	"Nov": "November", "Dec": "December", "Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday",
	"Thu": "Thursday", "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday", "Sat": "Saturday", "Sun": "Sunday"}

var isoDateRe = regexp.MustCompile(`\b(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b`)

// isoDates writes 2026-03-02 as "2 March 2026", the form stories are
// dated in, so its month is a name and not a number.
func isoDates(s string) string {
	return isoDateRe.ReplaceAllStringFunc(s, func(d string) string {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			return d
		}
		return t.Format("2 January 2006")
	})
}

// caseless reports whether w is written in a script without capitals.
func caseless(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsLower(r) && !unicode.IsTitle(r) {
			return true
		}
	}
	return false
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// starters are words that begin sentences without being names; a
// sentence's first word is checked like a name unless it is one of these.
var starters = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the in on at after before meanwhile also then later earlier separately
		however while when as by for from with this that these those it its they their both all some most many but
		and yet still over under since during amid despite following according elsewhere overall another other
		there here what which who where why how once until to of into across between among two three four five six
		seven eight nine ten several further more less officials authorities`) {
		starters[w] = true
	}
}
