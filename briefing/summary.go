package briefing

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Extractive summaries. Each whole sentence gets a centrality score: the
// log-frequencies in the article of its distinct words, divided by a power
// of their number, so a sentence scores high when it is made of what the
// article keeps talking about (longer sentences gain a little, run-ons and
// fragments lose). For a topic, sentences that mention it score higher;
// sentences that share words with the lede (the first sentence that can be
// shown) score a little higher, since the lede names the event.
//
// Then position decides among the central ones: the summary is the first
// sentences, in article order, whose score clears a bar set relative to the
// article's mean, skipping near-repeats of a sentence already chosen (in
// this summary or elsewhere in the same briefing). News puts what matters
// first, so the lead wins whenever it is central; a lead that is colour or a
// quote gives way to the first sentences that carry the story. Within the
// lead (the first three sentences) the sentence after a chosen one needs
// less to be taken; further down every sentence needs the full bar. If too
// few sentences clear the bar, the most central others fill in.
//
// Whether the top of the article tells its story is decided per article,
// from the article alone: when the sentences chosen that way are only
// barely central on average, the lead is not a summary of this article
// (its key facts are spread through it) and the choice is made again with
// a stricter bar, so the most central sentences win over early ones.

// SummaryOptions tune one summary.
type SummaryOptions struct {
	Sentences int             // how many to pick; at least 1
	Query     map[string]bool // stems of the topic, for query focus
	// Avoid holds the term sets of sentences already used elsewhere in the
	// same briefing; near-repeats of them are skipped.
	Avoid []map[string]bool
	// Furniture is what the article's source repeats around every article
	// (see furniture.go): such lines and sentences are never summary lines.
	Furniture FurnitureSet
}

// summaryWeights is the summarizer's one configuration, chosen on half of
// the development sets (QUALITY.md has the method, the numbers and the
// other half). Nothing in it depends on where a text came from.
type summaryWeights struct {
	lenNorm    float64 // centrality is divided by (distinct words)^lenNorm
	bar        float64 // a sentence is central when its score >= bar * the mean
	length     float64 // bonus share for length, up to lengthCap words
	lengthCap  float64
	query      float64 // bonus share for overlap with the topic
	minTerms   int     // sentences with fewer distinct words are mostly not prose
	maxWords   int     // longer ones are mostly run-ons
	penalty    float64 // score multiplier for those two kinds
	runOn      float64 // score multiplier for captions and glued sentences
	redundancy float64 // a sentence this similar (Jaccard) to a chosen one is a repeat
	// follow scales the bar for a lead sentence (one of the first
	// followLead) right after a chosen one: news tells its event in order
	// in its first sentences, so the next of them needs less evidence to
	// continue a summary than a distant one needs to join it. Further
	// down, an article is no longer a story told in order (quotes,
	// background, reactions), and continuing needs the full bar.
	follow     float64
	followLead int
	// spread and spreadBar: when the sentences the bar chose are, on
	// average, less than spread times as central as the article's mean
	// sentence, the top of the article does not tell its story (the key
	// facts are spread through it) and the choice is made again with the
	// stricter spreadBar, which passes over weakly central lead sentences.
	spread, spreadBar float64
	// lede: a sentence's score grows by this share of its likeness
	// (Jaccard of index terms) to the lede, the first sentence that can be
	// shown: news puts its event in the lede, so of two equally central
	// sentences the one that tells more about that event is the better
	// summary line.
	lede float64
}

func defaultSummaryWeights() summaryWeights {
	return summaryWeights{lenNorm: 0.65, bar: 1.3, length: 0.8, lengthCap: 45, query: 2,
		minTerms: 6, maxWords: 60, penalty: 0.2, runOn: 0, redundancy: 0.5, follow: 0.75,
		followLead: 3, spread: 1.35, spreadBar: 1.7, lede: 0.5}
}

type scored struct {
	text  string
	terms map[string]bool // index terms, for redundancy
	words int
	score float64
	topic bool // mentions the topic
	leans bool // opens with a word that leans on the sentence before
	// furniture: opens with what the source repeats around every article;
	// never shown, even when nothing else is left
	furniture bool
}

// Summarize picks whole sentences of text. When cut is true the last
// sentence is incomplete and is never used; a first sentence that starts
// mid-way is never used either. Text made only of such pieces yields the
// longest piece marked with an ellipsis where it was cut.
func (s *Stemmer) Summarize(text string, cut bool, opt SummaryOptions) []string {
	return s.summarize(Sentences(StripFurniture(text, opt.Furniture)), cut, opt, defaultSummaryWeights())
}

func (s *Stemmer) summarize(sents []string, cut bool, opt SummaryOptions, w summaryWeights) []string {
	out, _ := s.summarizeIdx(sents, cut, opt, w)
	return out
}

// summarizeIdx is summarize that also returns the positions in sents of
// the chosen sentences.
func (s *Stemmer) summarizeIdx(sents []string, cut bool, opt SummaryOptions, w summaryWeights) ([]string, []int) {
	if len(sents) == 0 {
		return nil, nil
	}
	whole, startCut := wholeSentences(sents, cut)
	if len(whole) == 0 {
		return []string{markCut(sents[0], startCut, cut)}, nil
	}
	off := 0
	if startCut {
		off = 1
	}
	cands := s.scoreSentences(whole, opt, w)
	picked := pick(cands, max(1, opt.Sentences), opt.Avoid, w)
	out := make([]string, 0, len(picked))
	idx := make([]int, 0, len(picked))
	for _, i := range picked {
		out = append(out, cands[i].text)
		idx = append(idx, i+off)
	}
	return out, idx
}

// wholeSentences drops what a cut left behind: a last sentence that stops
// mid-way (cut) and a first one that starts mid-way ("said in English
// that..."), reported as startCut.
func wholeSentences(sents []string, cut bool) (whole []string, startCut bool) {
	whole = sents
	if cut {
		whole = whole[:len(whole)-1]
	}
	if len(whole) > 0 && startsMidSentence(whole[0]) {
		whole, startCut = whole[1:], true
	} else if len(whole) == 0 {
		startCut = startsMidSentence(sents[0])
	}
	return whole, startCut
}

// markCut shows where a fragment was cut.
func markCut(s string, start, end bool) string {
	s = strings.TrimSpace(s)
	if start {
		s = "… " + s
	}
	if end {
		s += " …"
	}
	return s
}

// startsMidSentence reports whether text begins inside a sentence: its
// first word is all lower case ("said", not "eBay" or "iPhone").
func startsMidSentence(text string) bool {
	r, _ := utf8.DecodeRuneInString(text)
	if !unicode.IsLower(r) {
		return false
	}
	for _, c := range text {
		if !unicode.IsLetter(c) {
			break
		}
		if unicode.IsUpper(c) {
			return false
		}
	}
	return true
}

// pick returns the indices of the chosen sentences in article order. It
// fills the summary in passes, each taking what the last left: central
// sentences that mention the topic, in article order; other sentences that
// mention it, most central first; central sentences, in article order; the
// rest, most central first. Near-repeats of anything chosen are skipped
// until nothing else is left. When the chosen sentences are on average less
// than w.spread times as central as the article's mean sentence, the choice
// is made again with the stricter bar w.spreadBar.
func pick(cands []scored, k int, avoid []map[string]bool, w summaryWeights) []int {
	mean := 0.0
	for _, c := range cands {
		mean += c.score / float64(len(cands))
	}
	inOrder, best := make([]int, len(cands)), byScore(cands)
	for i := range inOrder {
		inOrder[i] = i
	}
	out := pickAt(cands, k, avoid, w, w.bar*mean, inOrder, best)
	if len(out) == 0 || mean <= 0 {
		return out
	}
	got := 0.0
	for _, i := range out {
		got += cands[i].score / mean / float64(len(out))
	}
	if got < w.spread {
		return pickAt(cands, k, avoid, w, w.spreadBar*mean, inOrder, best)
	}
	return out
}

// pickAt is pick with the bar for a central sentence given as a score;
// inOrder and best are the candidates' indices in article order and most
// central first.
func pickAt(cands []scored, k int, avoid []map[string]bool, w summaryWeights, bar0 float64, inOrder, best []int) []int {
	s := selection{chosen: append([]map[string]bool(nil), avoid...), used: make([]bool, len(cands)), k: k, limit: w.redundancy}
	central := func(i int) bool {
		bar := bar0
		if i > 0 && i < w.followLead && s.used[i-1] {
			bar *= w.follow
		}
		return cands[i].score > 0 && cands[i].score >= bar
	}
	topic := func(i int) bool { return cands[i].topic }
	positive := func(i int) bool { return cands[i].score > 0 }
	s.pass(cands, inOrder, func(i int) bool { return central(i) && topic(i) })
	s.pass(cands, best, topic)
	s.pass(cands, inOrder, central)
	s.pass(cands, best, positive)
	s.limit = 1 // everything left repeats something: still better than nothing
	s.pass(cands, best, func(int) bool { return true })
	sort.Ints(s.out)
	return s.out
}

// selection is a summary being filled.
type selection struct {
	chosen []map[string]bool
	used   []bool
	out    []int
	k      int
	limit  float64
}

// pass takes, in the given order, candidates that pass ok and repeat
// nothing chosen, until the summary is full.
func (s *selection) pass(cands []scored, order []int, ok func(int) bool) {
	for _, i := range order {
		if len(s.out) == s.k {
			return
		}
		if s.used[i] || cands[i].furniture || !ok(i) || s.repeats(cands, i) {
			continue
		}
		if cands[i].leans && i > 0 && !s.used[i-1] {
			// "They cover…" without the sentence before it: not chosen.
			// (Taking both instead was measured: it costs more than it
			// gives, the predecessor is often weak.)
			continue
		}
		s.take(cands, i)
	}
}

func (s *selection) take(cands []scored, i int) {
	s.used[i] = true
	s.chosen = append(s.chosen, cands[i].terms)
	s.out = append(s.out, i)
}

func (s *selection) repeats(cands []scored, i int) bool {
	return s.limit < 1 && repeats(cands[i].terms, s.chosen, s.limit)
}

func repeats(terms map[string]bool, chosen []map[string]bool, limit float64) bool {
	for _, o := range chosen {
		if jaccard(terms, o) > limit {
			return true
		}
	}
	return false
}

// byScore returns candidate indices, most central first (earlier on ties).
func byScore(cands []scored) []int {
	idx := make([]int, len(cands))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return cands[idx[a]].score > cands[idx[b]].score })
	return idx
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for t := range a {
		if b[t] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// overlap is the share of query terms present in terms.
func overlap(terms, query map[string]bool) float64 {
	if len(query) == 0 {
		return 0
	}
	hits := 0
	for q := range query {
		if terms[q] {
			hits++
		}
	}
	return float64(hits) / float64(len(query))
}

// TermSet returns the set of index terms of text.
func (s *Stemmer) TermSet(text string) map[string]bool {
	m := map[string]bool{}
	for _, t := range s.Terms(text) {
		m[t] = true
	}
	return m
}

// LeansOnPrevious reports whether a sentence opens with a pronoun or a
// connective that needs the sentence before it ("They cover…", "But…"):
// summaries never show one without its predecessor.
func LeansOnPrevious(s string) bool { return dependentOpening(s) }

// dependentOpening reports whether a sentence opens with a word that leans
// on the sentence before it: a pronoun or a connective ("They cover…",
// "But the court…", "His lawyer…").
func dependentOpening(s string) bool {
	s = strings.TrimLeft(s, "\"'“‘([ ")
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(s)
	}
	return dependentWords[s[:end]]
}

var dependentWords = setOf(`They It He She This These Those That But However Also And Meanwhile Instead
Still Yet His Her Their Its`)
