package overview

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// Limits on what is shown.
const (
	MinSentences = 2   // fewer survivors: no overview
	MaxSentences = 4   // survivors past this are not shown
	maxSentence  = 600 // characters; a longer "sentence" is not one
)

// Drop reasons, for logs and metrics (a fixed set).
const (
	DropUncited    = "uncited"     // no [n], or only numbers of no story
	DropNumber     = "number"      // a number, date or amount no cited story has
	DropName       = "name"        // a capitalised name no cited story has
	DropMalformed  = "malformed"   // too long, nothing but citations, or a repeat
	DropLink       = "link"        // a web address: only citations link anywhere
	DropOverLength = "over_length" // checked fine, but past MaxSentences
)

// Result is what Check makes of a model's text.
type Result struct {
	// Overview is nil when fewer than MinSentences survived.
	Overview *bot.Overview
	// Dropped counts the sentences dropped, by reason.
	Dropped map[string]int
}

// DroppedTotal is how many sentences were dropped.
func (r Result) DroppedTotal() int {
	n := 0
	for _, v := range r.Dropped {
		n += v
	}
	return n
}

// Story is one numbered story as the model is shown it and as sentences
// are checked against it.
type Story struct {
	N      int    `json:"n"`
	Date   string `json:"date,omitempty"`
	Source string `json:"source,omitempty"`
	Title  string `json:"title"`
	Text   string `json:"text,omitempty"`

	all   string // the text checked against
	facts []fact
	words map[string]bool // as written
	lower map[string]bool // lower-cased
}

// Stories numbers items from 1, in the order they are shown.
func Stories(items []briefing.Item) []Story {
	out := make([]Story, len(items))
	for i, it := range items {
		s := Story{N: i + 1, Source: oneLine(it.Source), Title: oneLine(it.Title),
			Text: oneLine(strings.Join(it.Summary, " "))}
		if !it.Published.IsZero() {
			s.Date = it.Published.UTC().Format("Monday 2 January 2006")
		}
		out[i] = s.indexed()
	}
	return out
}

func (s Story) indexed() Story {
	all := strings.Join([]string{s.Date, s.Source, s.Title, s.Text}, "\n")
	s.all = all
	s.facts = facts(all)
	s.words, s.lower = map[string]bool{}, map[string]bool{}
	for _, w := range words(all) {
		s.words[w] = true
		s.lower[strings.ToLower(w)] = true
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var (
	citeRe = regexp.MustCompile(`\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]`)
	// citesAfterEnd is citations written after a sentence's full stop;
	// they are moved before it so the sentence splitter keeps them with
	// the sentence they close.
	citesAfterEnd = regexp.MustCompile(`([.!?…]["”’)]*)((?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+)`)
	spaceBeforeP  = regexp.MustCompile(`\s+([.,;:!?…])`)
	// linkRe finds web addresses, with or without a scheme ("evil.example/x",
	// "www.x.y"); "U.S." and "1.2bn" are none.
	linkRe = regexp.MustCompile(`(?i)[a-z][a-z0-9+.-]*://|\bwww\.|\b[\p{L}\d-]{2,}\.\p{L}{2,}\b`)
)

// Check splits text into sentences and keeps those the stories support.
func Check(text string, stories []Story) Result {
	res := Result{Dropped: map[string]int{}}
	var kept []bot.OverviewSentence
	checked, seen := map[int]bool{}, map[string]bool{}
	for _, raw := range splitSentences(text) {
		sent, reason := checkSentence(raw, stories)
		switch {
		case reason == "" && seen[strings.ToLower(sent.Text)]:
			reason = DropMalformed // a repeat says nothing new
		case reason == "" && len(kept) == MaxSentences:
			reason = DropOverLength
		}
		seen[strings.ToLower(sent.Text)] = true
		if reason != "" {
			res.Dropped[reason]++
			continue
		}
		kept = append(kept, sent)
		for _, c := range sent.Cites {
			checked[c] = true
		}
	}
	if len(kept) >= MinSentences {
		res.Overview = &bot.Overview{Sentences: kept, Checked: len(checked)}
	}
	return res
}

// splitSentences cuts the model's text into sentences.
func splitSentences(text string) []string {
	text = strings.NewReplacer("\r", "\n", "\u2028", "\n", "\u2029", "\n").Replace(text)
	text = citesAfterEnd.ReplaceAllString(text, "$2$1")
	var out []string
	for _, s := range briefing.Sentences(text) {
		s = strings.TrimSpace(strings.TrimLeft(s, "-*•# \t"))
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// checkSentence returns the sentence without its citation marks and the
// stories it cites, or why it is dropped.
func checkSentence(raw string, stories []Story) (bot.OverviewSentence, string) {
	cites := citations(raw, len(stories))
	body := oneLine(citeRe.ReplaceAllString(raw, " "))
	body = spaceBeforeP.ReplaceAllString(body, "$1")
	switch {
	case len(raw) > maxSentence || len(words(body)) == 0:
		return bot.OverviewSentence{}, DropMalformed
	case len(cites) == 0:
		return bot.OverviewSentence{}, DropUncited
	case linkRe.MatchString(body):
		return bot.OverviewSentence{}, DropLink
	}
	cited := make([]Story, len(cites))
	for i, c := range cites {
		cited[i] = stories[c-1]
	}
	if !numbersSupported(body, cited) {
		return bot.OverviewSentence{}, DropNumber
	}
	if !namesSupported(body, cited) {
		return bot.OverviewSentence{}, DropName
	}
	return bot.OverviewSentence{Text: body, Cites: cites}, ""
}

// citations returns the distinct story numbers raw cites, in order. A
// number of no story makes the whole sentence uncited: it points at
// nothing the reader can check.
func citations(raw string, n int) []int {
	var out []int
	seen := map[int]bool{}
	for _, g := range citeRe.FindAllString(raw, -1) {
		for _, f := range strings.FieldsFunc(strings.Trim(g, "[] "), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			c, err := strconv.Atoi(f)
			if err != nil || c < 1 || c > n {
				return nil
			}
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

func numbersSupported(body string, cited []Story) bool {
	for _, f := range facts(body) {
		if !anyStory(cited, func(s Story) bool {
			for _, sf := range s.facts {
				if f.matches(sf) {
					return true
				}
			}
			return false
		}) {
			return false
		}
	}
	return true
}

// namesSupported checks every capitalised word. The first word of the
// sentence is capitalised anyway, so it passes as a common sentence
// opener or when a cited story has it in any case; any other must be
// written in a cited story as it is here.
func namesSupported(body string, cited []Story) bool {
	// Numbers and their currency words were checked as facts.
	for i, w := range words(numberRe.ReplaceAllString(body, " ")) {
		if caseless(w) {
			// Scripts without capitals (Han, Hangul, kana, Arabic…) cannot
			// mark names: every such run must be in a cited story as written.
			if !anyStory(cited, func(s Story) bool { return strings.Contains(s.all, w) }) {
				return false
			}
			continue
		}
		if !capitalised(w) {
			continue
		}
		ok := anyStory(cited, func(s Story) bool { return s.words[w] })
		if !ok && i == 0 {
			lw := strings.ToLower(w)
			ok = starters[lw] || anyStory(cited, func(s Story) bool { return s.lower[lw] })
		}
		if !ok {
			return false
		}
	}
	return true
}

func anyStory(ss []Story, f func(Story) bool) bool {
	for _, s := range ss {
		if f(s) {
			return true
		}
	}
	return false
}

// String is a one-line summary for logs.
func (r Result) String() string {
	kept := 0
	if r.Overview != nil {
		kept = len(r.Overview.Sentences)
	}
	return fmt.Sprintf("kept %d, dropped %v", kept, r.Dropped)
}
