package briefing

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// reportingWords are stop words for search ("said" names no topic) but
// not for centrality: an article's repeated reporting shows which of its
// sentences carry the story (measured, see QUALITY.md).
var reportingWords = setOf(`said says say also mr mrs ms`)

// scoreSentences gives each sentence its centrality score (see summary.go).
func (s *Stemmer) scoreSentences(sents []string, opt SummaryOptions, w summaryWeights) []scored {
	cands := make([]scored, len(sents))
	central := make([]map[string]bool, len(sents))
	tf := map[string]float64{}
	for i, text := range sents {
		ws := s.words(text)
		c := scored{text: text, terms: map[string]bool{}, words: len(ws), leans: dependentOpening(text)}
		central[i] = map[string]bool{}
		for _, x := range ws {
			if !x.stop {
				c.terms[x.stem] = true
			}
			if !x.stop || reportingWords[x.surface] {
				central[i][x.stem] = true
				tf[x.stem]++
			}
		}
		cands[i] = c
	}
	for i := range cands {
		c := &cands[i]
		c.score = centrality(central[i], tf, w.lenNorm)
		c.score *= 1 + w.length*math.Min(float64(c.words), w.lengthCap)/w.lengthCap
		q := overlap(c.terms, opt.Query)
		c.topic = q > 0
		c.score *= 1 + w.query*q
		if len(c.terms) < w.minTerms || c.words > w.maxWords {
			c.score *= w.penalty
		}
		if looksRunOn(c.text) {
			c.score *= w.runOn
		}
		if opt.Furniture.opening(c.text) {
			c.score, c.furniture = 0, true
		}
	}
	ledeBoost(cands, w.lede)
	return cands
}

// centrality is the sum of log-frequencies of a sentence's distinct words
// over a power of their number: words said once add nothing.
// centralityScale is the fixed-point resolution of centrality sums.
const centralityScale = 1 << 30

func centrality(terms map[string]bool, tf map[string]float64, lenNorm float64) float64 {
	if len(terms) == 0 {
		return 0
	}
	// Summed in fixed point: integer addition does not depend on the order
	// the map yields terms in, so equal sentences score equal on every run
	// (float sums in map order broke ties differently from run to run).
	var sum int64
	for t := range terms {
		sum += int64(math.Round(math.Log(tf[t]) * centralityScale))
	}
	return float64(sum) / centralityScale / math.Pow(float64(len(terms)), lenNorm)
}

// Not prose: scraped pages glue image captions and page furniture onto
// the next sentence ("…leaving the building, pictured above Officials
// confirmed…"), captions and line-ups start with a label ("Rescue: A
// diver…", "Line-up: Ortega, Lindqvist…"). Such a "sentence" makes a poor
// summary line. Recognised by shape: a sentence opener right after a
// lower-case word with no stop between them, a short label and a colon
// before a capitalised word, or caption wording. Hand-written scanners:
// this runs on every sentence of every summarised article.
func looksRunOn(s string) bool {
	return hasGluedOpener(s) || hasCaptionLabel(s) || hasCaptionWords(s)
}

// "I" is capitalised wherever it stands, so after a lower-case word it marks
// a first-person quote ("…said that I was…") more often than a glued
// sentence. It stays, measured as a quote rule (QUALITY.md): without it
// bbc-dev gains 1.0 ROUGE-2, but cnndm-dev loses 0.3 ROUGE-1 on its design
// half and 0.6 on its held-back half, where the lead has no margin to lose.
var gluedOpeners = setOf(`The A An He She It They His Her Their This These But We I`)

// hasGluedOpener finds "…a lower-case word) The next…": a capitalised
// sentence opener between a word ending in a lower-case letter or a bracket
// and a lower-case word.
func hasGluedOpener(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != ' ' || !(s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] == ')') {
			continue
		}
		j := strings.IndexByte(s[i+1:], ' ')
		if j <= 0 || i+1+j+1 >= len(s) {
			continue
		}
		next := s[i+1+j+1]
		if gluedOpeners[s[i+1:i+1+j]] && next >= 'a' && next <= 'z' {
			return true
		}
	}
	return false
}

// hasCaptionLabel finds a label of one or two words and a colon at the
// start, then a capitalised word: "Rescue: A diver", "Line-up: Ortega".
func hasCaptionLabel(s string) bool {
	colon := strings.Index(s, ": ")
	if colon <= 0 || colon > 30 || strings.Count(s[:colon], " ") > 1 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	r1, n := utf8.DecodeRuneInString(s[colon+2:])
	r2, _ := utf8.DecodeRuneInString(s[colon+2+n:])
	return unicode.IsUpper(first) && unicode.IsUpper(r1) && (unicode.IsLower(r2) || r2 == ' ') &&
		strings.IndexFunc(s[:colon], func(r rune) bool { return !unicode.IsLetter(r) && r != ' ' && r != '-' && r != '\'' && r != '’' }) < 0
}

// hasCaptionWords finds caption wording: "(pictured", "pictured above".
func hasCaptionWords(s string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], "ictured")
		if j < 0 {
			return false
		}
		at := i + j
		i = at + 7
		if at == 0 || (s[at-1] != 'p' && s[at-1] != 'P') {
			continue
		}
		if at >= 2 && s[at-2] == '(' {
			return true
		}
		rest := strings.TrimPrefix(s[i:], " ")
		for _, w := range []string{"above", "below", "left", "right", "here", "top", "bottom"} {
			if len(rest) < len(s[i:]) && strings.HasPrefix(rest, w) {
				return true
			}
		}
	}
}

// ledeBoost raises each sentence's score by share times its likeness
// (Jaccard of index terms) to the lede, the first sentence that can be
// shown; the lede itself keeps its score.
func ledeBoost(cands []scored, share float64) {
	f := -1
	for i, c := range cands {
		if c.score > 0 && !c.furniture {
			f = i
			break
		}
	}
	if f < 0 {
		return
	}
	for i := range cands {
		if i != f {
			cands[i].score *= 1 + share*jaccard(cands[i].terms, cands[f].terms)
		}
	}
}
