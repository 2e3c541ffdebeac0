package briefing

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// amount is a figure of a report read as a quantity, so that outlets that
// round or spell it differently still agree: "3,950" and "almost 4,000",
// "31%" and "almost a third", "2.3m" and "more than two million".
type amount struct {
	v       float64
	percent bool // a share: "31%", "31 percent", "a third"
	// loose: rounded (one significant digit, or spelled in words) or
	// hedged ("about", "almost", "more than"): agrees within a wider margin.
	loose bool
	// common: a small whole number (under 100, not money), a round
	// share ("25%", "a third") or a share in words: common in any news,
	// it tells events apart little.
	common bool
}

// numberWords are the English words for numbers; general, not tied to any
// text.
var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var scaleWords = map[string]float64{
	"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
	"trillion": 1e12, "tn": 1e12,
}

var hedgeWords = map[string]bool{
	"about": true, "around": true, "almost": true, "nearly": true, "roughly": true, "approximately": true,
	"some": true, "over": true, "than": true, "under": true, "above": true, "below": true, "just": true, "up": true,
	"close": true, "near": true, "estimated": true,
}

// fractionWords are shares said in words ("a third", "two-thirds").
var fractionWords = map[string]float64{"half": 50, "third": 100.0 / 3, "thirds": 100.0 / 3, "quarter": 25, "quarters": 25}

// amountTokens splits text into lower-cased runs of letters, numbers
// (digits with inner "." or ","), and "%" / "$" / currency signs.
func amountTokens(text string) []string {
	var out []string
	rs := []rune(text)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || (rs[j] == '.' || rs[j] == ',') && j+1 < len(rs) && unicode.IsDigit(rs[j+1])) {
				j++
			}
			out = append(out, string(rs[i:j]))
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			out = append(out, strings.ToLower(string(rs[i:j])))
			i = j
		case r == '%' || r == '$' || r == '€' || r == '£' || r == '¥':
			out = append(out, string(r))
			i++
		default:
			i++
		}
	}
	return out
}

// readAmounts returns the amounts of text: numbers in digits or words
// with their scale ("2.3m", "two million") and shares ("31 percent", "a
// third"); years and lone small numbers are left out.
func readAmounts(text string) []amount {
	toks := amountTokens(text)
	var out []amount
	hedged := func(i int) bool {
		return i > 0 && hedgeWords[toks[i-1]] || i > 1 && hedgeWords[toks[i-2]] && (toks[i-1] == "than" || toks[i-1] == "to")
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		start := i
		var v float64
		words := false
		switch {
		case isDigit(t[0]):
			f, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", ""), 64)
			if err != nil {
				continue
			}
			v = f
		case numberWords[t] > 0:
			v = numberWords[t]
			words = true
			if i+1 < len(toks) && numberWords[toks[i+1]] > 0 && numberWords[toks[i+1]] < 10 && v >= 20 {
				v += numberWords[toks[i+1]] // "forty six" (from "forty-six")
				i++
			}
		case (t == "a" || t == "an") && i+1 < len(toks) && (scaleWords[toks[i+1]] >= 100 && len(toks[i+1]) > 2 || fractionWords[toks[i+1]] > 0):
			v = 1
			words = true
		default:
			continue
		}
		// a share in words: "a third", "two-thirds", "half"
		if i+1 < len(toks) && fractionWords[toks[i+1]] > 0 && v < 4 {
			out = append(out, amount{v: v * fractionWords[toks[i+1]], percent: true, loose: true, common: true})
			i++
			continue
		}
		money := start > 0 && (toks[start-1] == "$" || toks[start-1] == "€" || toks[start-1] == "£" || toks[start-1] == "¥")
		scaled := false
		for i+1 < len(toks) && scaleWords[toks[i+1]] > 0 && (len(toks[i+1]) > 2 || !words) {
			v *= scaleWords[toks[i+1]]
			scaled = true
			i++
		}
		percent := false
		if i+1 < len(toks) && (toks[i+1] == "%" || toks[i+1] == "percent") {
			percent = true
			i++
		} else if i+2 < len(toks) && toks[i+1] == "per" && toks[i+2] == "cent" {
			percent = true
			i += 2
		}
		plain := !scaled && !percent && !money
		if plain && v < 10 && !strings.Contains(t, ".") {
			continue // a lone digit
		}
		if plain && !words && len(t) == 4 && v >= 1900 && v < 2100 {
			continue // a year
		}
		a := amount{v: v, percent: percent, loose: words || hedged(start) || significantDigits(v) <= 1}
		whole := !strings.Contains(t, ".")
		a.common = plain && v < 100 && whole || percent && whole && math.Mod(v, 5) == 0
		out = append(out, a)
	}
	return out
}

// significantDigits counts v's significant digits ("4000": 1, "3950": 3,
// "6.4": 2).
func significantDigits(v float64) int {
	if v == 0 {
		return 1
	}
	s := strconv.FormatFloat(v, 'e', -1, 64) // "3.95e+03"
	m, _, _ := strings.Cut(s, "e")
	return len(strings.ReplaceAll(m, ".", ""))
}

// agrees reports whether two amounts are the same quantity told alike or
// rounded: within 2%, or 15% when either is rounded or hedged.
func (a amount) agrees(b amount) bool {
	if a.percent != b.percent || a.v <= 0 || b.v <= 0 {
		return false
	}
	tol := 0.02
	if a.loose || b.loose {
		tol = 0.15
	}
	return math.Abs(a.v-b.v) <= tol*math.Max(a.v, b.v)
}

// distinctAmounts keeps the first of each value (a figure repeated in
// the title and the text is one figure).
func distinctAmounts(as []amount) []amount {
	var out []amount
	for _, a := range as {
		if !slices.ContainsFunc(out, func(b amount) bool { return b.v == a.v && b.percent == a.percent }) {
			out = append(out, a)
		}
	}
	return out
}
