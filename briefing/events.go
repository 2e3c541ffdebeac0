package briefing

import (
	"math"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Event-level stories. Outlets tell one event in their own words, so their
// reports share few 3-shingles (dedup.go) but many of the same names,
// places and numbers, within a day or two. Two reports are one event when
// they are close in time and their distinctive words agree: a cosine of
// IDF-weighted stems in which names (capitalised mid-sentence) and numbers
// weigh double, since they are what tells one earthquake, recall or rate
// decision from another of the same kind.
//
// Look-alikes stay apart because of time and of what the words say: two
// earthquakes in one country a week apart, or a central bank's decisions a
// month apart, are beyond the event window whatever their words; a
// company's recall and its chief executive's departure on the same day
// share the company's name but little else. A later report that shares
// the event's names and words closely, days after it, is a development:
// its own story, marked as following the earlier one.
const (
	eventWindow = 48 * time.Hour // reports of one event, both dated
	// Within the window: reports agreeing this much are one event; so are
	// reports agreeing eventWithNumber that share a specific figure
	// ("6.4", "120,000", "3.85": not a year, not a lone digit).
	eventSimilarity    = 0.40
	eventWithNumber    = 0.25
	eventUndated       = 0.50                // cosine needed when a date is unknown
	developmentWindow  = 21 * 24 * time.Hour // a follow-up comes within three weeks
	developmentMinimum = 0.45                // and shares this much with the event
	eventNameWeight    = 2.0                 // names and numbers count double
	eventTitleRepeats  = 1.0                 // a headline word counts as this many mentions
)

// eventSig is what an article's report is compared by: a unit-length
// weighted term vector and the publication time.
type eventSig struct {
	vec       map[string]float64
	figures   map[string]bool // specific numbers
	published time.Time
}

// eventTerms is an article's stems with their mention counts and which
// of them are names or numbers, before weighting.
type eventTerms struct {
	tf        map[string]float64
	name      map[string]bool
	figures   map[string]bool
	published time.Time
}

func (s *Stemmer) eventTerms(a Article) eventTerms {
	et := eventTerms{tf: map[string]float64{}, name: map[string]bool{}, figures: map[string]bool{}, published: a.Published}
	add := func(text string, times float64) {
		for _, w := range s.words(text) {
			if w.stop {
				continue
			}
			et.tf[w.stem] += times
			if isNumberWord(w.surface) || (w.cap && !sentenceInitial(text, w.start)) {
				et.name[w.stem] = true
			}
		}
	}
	add(a.Title, eventTitleRepeats)
	add(a.Text, 1)
	for _, text := range []string{a.Title, a.Text} {
		for _, f := range reFigure.FindAllString(text, -1) {
			if f = strings.ReplaceAll(f, ",", ""); specificFigure(f) {
				et.figures[f] = true
			}
		}
	}
	return et
}

// reFigure finds numbers as written: "6.4", "120,000", "3.85" (in
// "5.8-magnitude" or "$4.2bn" too, where tokens join them to words).
var reFigure = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// signature weighs the terms by idf (rare words weigh more) into a
// unit-length vector.
func (et eventTerms) signature(idf func(stem string) float64) eventSig {
	vec := make(map[string]float64, len(et.tf))
	var norm float64
	for t, n := range et.tf {
		v := (1 + math.Log(n)) * idf(t)
		if et.name[t] {
			v *= eventNameWeight
		}
		vec[t] = v
		norm += v * v
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for t := range vec {
			vec[t] /= norm
		}
	}
	return eventSig{vec: vec, figures: et.figures, published: et.published}
}

// eventSignatures compares-ready signatures of arts, weighted by the
// index's document frequencies (one read lock for all of them).
func (ix *Index) eventSignatures(st *Stemmer, arts []Article) []eventSig {
	terms := make([]eventTerms, len(arts))
	for i, a := range arts {
		terms[i] = st.eventTerms(a)
	}
	idf := map[string]float64{}
	ix.mu.RLock()
	n := float64(len(ix.docs))
	for _, et := range terms {
		for t := range et.tf {
			if _, ok := idf[t]; ok {
				continue
			}
			df := 0.0
			if id, ok := ix.ids[t]; ok {
				df = float64(len(ix.terms[id].list))
			}
			idf[t] = math.Log((n+1)/(df+1)) + 1
		}
	}
	ix.mu.RUnlock()
	out := make([]eventSig, len(arts))
	for i, et := range terms {
		out[i] = et.signature(func(t string) float64 { return idf[t] })
	}
	return out
}

func (e eventSig) cosine(o eventSig) float64 {
	a, b := e.vec, o.vec
	if len(a) > len(b) {
		a, b = b, a
	}
	var sum float64
	for t, v := range a {
		sum += v * b[t]
	}
	return sum
}

// eventRelation says how two reports relate.
type eventRelation int

const (
	otherEvent  eventRelation = iota
	sameEvent                 // one event, several reports
	development               // the later report follows up the earlier one
)

// relate compares two reports' signatures.
func relate(a, b eventSig) eventRelation {
	cos := a.cosine(b)
	if a.published.IsZero() || b.published.IsZero() {
		if cos >= eventUndated {
			return sameEvent
		}
		return otherEvent
	}
	gap := a.published.Sub(b.published).Abs()
	switch {
	case gap <= eventWindow && (cos >= eventSimilarity || cos >= eventWithNumber && a.sharesFigure(b)):
		return sameEvent
	case gap > eventWindow && gap <= developmentWindow && cos >= developmentMinimum:
		return development
	}
	return otherEvent
}

func (e eventSig) sharesFigure(o eventSig) bool {
	for f := range e.figures {
		if o.figures[f] {
			return true
		}
	}
	return false
}

// specificFigure reports whether a number (digits and decimal points)
// tells events apart: not a lone digit, not a year (1900-2099).
func specificFigure(s string) bool {
	if len(s) < 2 {
		return false
	}
	year := len(s) == 4 && (s[:2] == "19" || s[:2] == "20") && !strings.Contains(s, ".")
	return !year
}

// isNumberWord reports whether a token holds a digit ("6.4", "2026", "3.85").
func isNumberWord(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return true
		}
	}
	return false
}

// sentenceInitial reports whether the word at text[at] opens a sentence
// or line, where capitals say nothing about names.
func sentenceInitial(text string, at int) bool {
	for i := at; i > 0; {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		i -= n
		switch {
		case r == '\n' || r == '.' || r == '!' || r == '?' || r == ':':
			return true
		case unicode.IsSpace(r) || r == '"' || r == '\'' || r == '“' || r == '‘' || r == '(' || r == '—' || r == '-':
			continue
		}
		return false
	}
	return true
}
