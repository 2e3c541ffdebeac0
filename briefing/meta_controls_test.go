package briefing

import (
	"strings"
	"testing"
	"unicode"
)

// mapControls is noControls without plainText's shortcut: the rune by
// rune mapping it must agree with.
func mapControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\r' && unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

func TestNoControlsIsTheRuneMapping(t *testing.T) {
	cases := []string{"", "plain words\nand a line\r\n", "café – naïve ✓", "tab\there", "bell\a", "del\x7f",
		"c1 \u0085 next line", "c1 \u009f end", "\u00a0nbsp and \u00c2 A-circumflex", "bad \xc2", "bad \xc2\x41",
		"bad \xff\xfe", "half \xe2\x80", "\xc2\x80", "\u2028 line separator", "nul\x00"}
	for r := rune(0); r < 0x3000; r++ {
		cases = append(cases, "x"+string(r)+"y")
	}
	for _, s := range cases {
		if got, want := noControls(s), mapControls(s); got != want {
			t.Errorf("noControls(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzNoControls(f *testing.F) {
	f.Add("plain\ntext")
	f.Add("ctl\x01 \u0085 \xc2")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := noControls(s), mapControls(s); got != want {
			t.Errorf("noControls(%q) = %q, want %q", s, got, want)
		}
	})
}

// ParseMetaLine runs reFiled and reTagged only on lines hasPrefixFold
// lets through: every line either regexp matches must get through,
// whatever its case (the regexps fold case the Unicode way).
func TestMetaPrefilterPassesWhatTheRegexpsMatch(t *testing.T) {
	lines := []string{"Filed under Markets tagged with oil, gas", "FILED UNDER world", "filed  under x",
		"Tagged with: rates", "TAGS: a, b", "tags a", "Tagſ: long s", "tagged with", "Tags:",
		"Taxes rose", "Files under review", "tag: x", "t", ""}
	for _, l := range lines {
		if reFiled.MatchString(l) && !hasPrefixFold(l, "filed under") {
			t.Errorf("%q: reFiled matches, the prefilter drops it", l)
		}
		if reTagged.MatchString(l) && !hasPrefixFold(l, "tagged with") && !hasPrefixFold(l, "tags") {
			t.Errorf("%q: reTagged matches, the prefilter drops it", l)
		}
	}
	if m, ok := ParseMetaLine("TAGS: Oil, Gas"); !ok || len(m.Tags) != 2 {
		t.Errorf("upper-case tag line: %+v %v", m, ok)
	}
}
