package briefing

import (
	"math"
	"regexp"
)

// reportingWords are stop words for search ("said" names no topic) but
// not for centrality: an article's repeated reporting shows which of its
// sentences carry the story (measured on bbc-dev, see QUALITY.md).
var reportingWords = setOf(`said says say also mr mrs ms`)

// scoreSentences gives each sentence its centrality score (see summary.go).
func (s *Stemmer) scoreSentences(sents []string, opt SummaryOptions, w summaryWeights) []scored {
	cands := make([]scored, len(sents))
	central := make([]map[string]bool, len(sents))
	tf := map[string]float64{}
	for i, text := range sents {
		ws := s.words(text)
		c := scored{text: text, terms: map[string]bool{}, words: len(ws)}
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
	title := s.TermSet(opt.Title)
	for i := range cands {
		c := &cands[i]
		c.score = centrality(central[i], tf, w.lenNorm)
		c.score *= 1 + w.length*math.Min(float64(c.words), w.lengthCap)/w.lengthCap
		q := overlap(c.terms, opt.Query)
		c.topic = q > 0
		c.score *= 1 + w.title*overlap(c.terms, title) + w.query*q
		if len(c.terms) < w.minTerms || c.words > w.maxWords {
			c.score *= w.penalty
		}
		if looksRunOn(c.text) {
			c.score *= w.runOn
		}
	}
	return cands
}

// centrality is the sum of log-frequencies of a sentence's distinct words
// over a power of their number: words said once add nothing.
func centrality(terms map[string]bool, tf map[string]float64, lenNorm float64) float64 {
	if len(terms) == 0 {
		return 0
	}
	sum := 0.0
	for t := range terms {
		sum += math.Log(tf[t])
	}
	return sum / math.Pow(float64(len(terms)), lenNorm)
}

// Not prose: scraped pages glue image captions and page furniture onto
// the next sentence ("…leaving the building, pictured above Officials
// confirmed…"), captions and line-ups start with a label ("Rescue: A
// diver…", "Line-up: Ortega, Lindqvist…"). Such a "sentence" makes a poor
// summary line. Recognised by shape: a sentence opener right after a
// lower-case word with no stop between them, a short label and a colon
// before a capitalised word, or caption wording.
var (
	reGlued        = regexp.MustCompile(`[a-z)] (?:The|A|An|He|She|It|They|His|Her|Their|This|These|But|We|I) [a-z]`)
	reCaptionLabel = regexp.MustCompile(`^\p{Lu}[\pL'’]*(?: [\pL'’]+)?: \p{Lu}\p{Ll}`)
	reCaption      = regexp.MustCompile(`(?i)\(pictured\b|\bpictured (?:above|below|left|right|here|top|bottom)\b|^scroll down for video\b`)
)

func looksRunOn(s string) bool {
	return reGlued.MatchString(s) || reCaptionLabel.MatchString(s) || reCaption.MatchString(s)
}
