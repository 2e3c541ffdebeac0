package briefing

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
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
// decision from another of the same kind. Figures are compared as
// amounts (amounts.go), so an outlet that rounds or spells a number still
// agrees with one that gives it exactly; a figure that agrees lowers the
// cosine needed, a specific one more than a common one.
//
// Look-alikes stay apart because of time and of what the words say: two
// earthquakes in one country a week apart, or a central bank's decisions a
// month apart, are beyond the event window whatever their words; a
// company's recall and its chief executive's departure on the same day
// share the company's name but little else. Within the window the cosine
// needed is flat for the first twelve hours and then rises steeply with
// the time between two reports, since outlets tell one event within hours
// of each other and a look-alike (a museum's reopening after its strike,
// a coach sacked after a signing) tends to come the next day or later;
// an agreeing figure counts as specific only when the two reports compare
// few figures, as among a dozen each some agree by chance. Within those
// twelve hours two reports that share enough of the words that say what
// happened (not names) are one event at a lower cosine: outlets name a
// place or a body in other words more often than the happening. A
// report joins a story only when it agrees with at least half of
// the story's other reports, so one report that restates an
// earlier event does not chain two events into one story; a report of its
// own outlet there counts as one that does not agree (one outlet does not
// tell one event twice at once). The fold (foldStories) first joins only
// reports that agree with every other report of a story, and leaves the
// weaker joins for a second pass, so that a look-alike that restates a
// same-day event of its setting meets its own event's reports first. A short report
// is also one event with a long one when most of its weight lies on terms
// the long one has (cover), within hours: outlets that tell an event in
// two sentences leave out much of what a long report says, which lowers
// the cosine but not the cover. A capitalised adjective of a place or
// people counts as the noun it is built on when the stored articles use
// that noun ("Kenyan" as Kenya, "Estonian" as Estonia; events_base.go):
// outlets name a place either way. A report that is not one event with
// enough of a story's reports one by one may still be with all of them
// together (joinsWhole): each outlet tells some of the event's names and
// facts, and a story of two or three reports says more of them than any
// one; the same bars apply, so a look-alike a day later stays apart. The
// candidates come by rank, so a report listed before its event's story
// formed is tried again against the finished stories. A report of the next
// morning (the toll risen, the captain held) that repeats what a story's
// two reports told, happening and all, joins them taken together at a flat
// bar until eventNextDay; a look-alike of the next day shares the names
// and the setting more than the happening (nextDayWhole); two reports
// of the next morning's spell do too, at a flat bar, on the happening's
// rare words, when there is no story of two before it (eventNextPair).
// A later report that shares
// the event's names and words closely, days after it, is a development:
// its own story, marked as following the earlier one.
const (
	eventWindow = 48 * time.Hour // reports of one event, both dated
	// Within eventSameSpell of each other, reports are one event at this
	// cosine with no agreeing figure; at eventWithCommonFigure when only
	// common figures agree ("12", "25%"); at eventWithFigure when a
	// specific one does ("6.4", "3,950" and "almost 4,000"). Each day
	// beyond eventSameSpell adds eventBarPerDay (barRise). These bars, and
	// eventFigurePairs and eventWhat below, were chosen on the six
	// hand-labelled event sets of testdata/events, with a margin to the
	// nearest look-alike (QUALITY.md, round 7).
	eventSimilarity       = 0.28
	eventWithCommonFigure = 0.25
	eventWithFigure       = 0.15
	eventSameSpell        = 12 * time.Hour
	eventBarPerDay        = 0.50
	// eventFigurePairs bounds how many pairs of figures two reports may
	// compare for an agreement to count as specific: a report with a
	// dozen figures agrees with another's by chance (wire earnings notices
	// of two firms), so beyond this any agreement counts as common.
	eventFigurePairs = 36
	// Within eventSameSpell, reports whose cosine reaches eventWhatFloor
	// are also one event when eventWhat of it lies on words that are names
	// in neither (whatDot): outlets that name the place or the actors
	// differently ("the ECB", "Frankfurt", "euro zone policymakers") still
	// tell the happening in the same words, while a look-alike of the same
	// day tells another happening of the same setting. Kinds of notice
	// told in set phrases (wire dividend and earnings notices of different
	// firms) share such words too: at 0.08 a few of them join.
	eventWhat      = 0.09
	eventWhatFloor = 0.16
	// A word in at least eventCommonShare of the stored articles (by its
	// IDF; termWeight.common) is the furniture of a kind of report (a wire
	// desk's "net", "shr", "dividend", "record"), not the happening, and
	// counts for nothing in rareWhatDot, so that notices of one kind from
	// different firms do not join on their set phrases. (Round 10 also
	// tried a same-day tier on these words at the lowest bar: it joined
	// reports of one kind filed within the hour on real wire news — two
	// ports' labour talks, two regions' winter wheat damage — and was not
	// kept; QUALITY.md, round 10.)
	eventCommonShare = 0.20
	// Up to eventNextPair apart, two reports are one event at a flat
	// cosine of eventNextPairBar (not the bar risen with the time) when
	// eventNextPairWhat of it lies on such rare words that are names in
	// neither: the next morning's report of an event tells the happening
	// again, where a look-alike of the next day (a museum's reopening
	// after its strike, a governor's speech after the rate decision)
	// shares the setting's names more than the happening's words. The
	// pair form of nextDayWhole, for events with no story of two before
	// the report. Chosen on the eleven sets of testdata/events (QUALITY.md,
	// round 10): spells of 14–20 hours with bars 0.20–0.24 and shares
	// 0.08–0.12 join no look-alike in file or shuffled orders; at 22 hours
	// a look-alike of blind set 3 joins in some orders.
	eventNextPair     = 18 * time.Hour
	eventNextPairBar  = 0.22
	eventNextPairWhat = 0.09
	// Within the window, reports whose cosine clears the lowest bar are
	// also one event when the more contained one has eventCover of its
	// weight on terms the other has (see eventSig.cover), plus
	// eventCoverPerDay for each day between them (from the first hour: a
	// short report inside a long one is told within hours, so this
	// evidence fades fast; coverBar).
	eventCover       = 0.30
	eventCoverPerDay = 0.30
	eventUndated     = 0.50 // cosine needed when a date is unknown
	// eventWholeParts is how many reports of other outlets a story has when
	// a report is compared with them taken together (joinsWhole): the sum
	// of many reports is ruled by what they share in form (the set phrases
	// of wire notices: "sets quarterly dividend", "payable to holders of
	// record"), so that notices of different firms would gather into one
	// story; a story of more reports is joined report by report.
	eventWholeParts = 2
	// A report up to eventNextDay after the nearer of a story's
	// eventWholeParts reports is one event with them taken together at a
	// flat cosine of eventNextDayBar (not the bar risen with the time),
	// when eventNextDayWhat of it lies on words that are names in neither
	// (nextDayWhole). Chosen on the six sets of testdata/events in the
	// middle of a plateau: every bar from 0.24 to 0.34 with a share of
	// 0.03–0.05, and every spell from 18 to 26 hours, joins no look-alike
	// there; with no share, a bar of 0.22 joins four (QUALITY.md, round 8).
	eventNextDay       = 22 * time.Hour
	eventNextDayBar    = 0.26
	eventNextDayWhat   = 0.05
	developmentWindow  = 21 * 24 * time.Hour // a follow-up comes within three weeks
	developmentMinimum = 0.45                // and shares this much with the event
	eventNameWeight    = 2.0                 // names and numbers count double
	eventTitleRepeats  = 1.0                 // a headline word counts as this many mentions
	// eventLeadBytes is how much of the text is compared (about 250
	// words): news tells the event first, and the cost of a briefing's
	// comparisons stays bounded whatever the articles' length.
	eventLeadBytes = 1500
)

// leadWords returns text up to about n bytes, cut at a space.
func leadWords(text string, n int) string {
	if len(text) <= n {
		return text
	}
	if i := strings.LastIndexByte(text[:n], ' '); i > 0 {
		return text[:i]
	}
	return text[:n]
}

// eventSig is what an article's report is compared by: a unit-length
// weighted term vector and the publication time.
type eventSig struct {
	vec       []termWeight // by stem
	amounts   []amount     // figures read as quantities, one of each value
	published time.Time
}

type termWeight struct {
	term uint32 // the index's term number; stems it lacks are left out
	name bool   // a name or number in this report (see readEventTerms)
	// common: a word in at least eventCommonShare of the stored articles
	// (its IDF says so), such as the set phrases of a kind of report
	common bool
	w      float64
}

// eventTerms is an article's stems with their mention counts and which
// of them are names or numbers, before weighting.
type eventTerms struct {
	tf        map[string]float64
	name      map[string]bool
	amounts   []amount
	published time.Time
	bases     []baseWord // words that may count as a base word (events_base.go)
}

// readEventTerms reads a's title and lead from ws, the words of
// a.Title + "\n" + a.Text (as Shingles reads them; one pass serves both).
func readEventTerms(a Article, ws []word) eventTerms {
	// An undated report is placed by when it was stored, as in timelines.
	at := a.Published
	if at.IsZero() {
		at = a.Fetched
	}
	et := eventTerms{tf: map[string]float64{}, name: map[string]bool{}, published: at}
	joined := a.Title + "\n" + a.Text
	textAt := len(a.Title) + 1
	lead := leadWords(a.Text, eventLeadBytes)
	end := textAt + len(lead)
	for _, w := range ws {
		if w.start >= end {
			break
		}
		if w.stop {
			continue
		}
		if w.start < textAt {
			et.tf[w.stem] += eventTitleRepeats
		} else {
			et.tf[w.stem]++
		}
		name := isNumberWord(w.surface) || (w.cap && !sentenceInitial(joined, w.start))
		if name {
			et.name[w.stem] = true
		}
		if baseCandidate(w) {
			et.bases = append(et.bases, baseWord{w.surface, w.stem})
		}
	}
	et.amounts = distinctAmounts(readAmounts(a.Title + "\n" + lead))
	return et
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// signature weighs the terms by idf (rare words weigh more) into a
// unit-length vector.
func (et eventTerms) signature(idf func(stem string) (uint32, float64, bool)) eventSig {
	vec := make([]termWeight, 0, len(et.tf))
	var norm float64
	common := commonIDF()
	for t, n := range et.tf {
		id, weight, ok := idf(t)
		v := (1 + math.Log(n)) * weight
		if et.name[t] {
			v *= eventNameWeight
		}
		norm += v * v
		if ok {
			vec = append(vec, termWeight{id, et.name[t], weight <= common, v})
		}
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for i := range vec {
			vec[i].w /= norm
		}
	}
	slices.SortFunc(vec, func(a, b termWeight) int { return cmp.Compare(a.term, b.term) })
	return eventSig{vec: vec, amounts: et.amounts, published: et.published}
}

// articlePrint is what folding compares an article by: its event
// signature and its shingles (sorted hashes, see shingleHashes).
type articlePrint struct {
	sig      eventSig
	shingles []uint64
}

// articlePrints returns the comparison-ready prints of arts: signatures
// weighted by the index's document frequencies (one read lock for all)
// and shingles. Prints in cache (when not nil) are reused, so an article
// briefed or digested again is not tokenised again; new ones are added.
func (ix *Index) articlePrints(arts []Article, cache *sigCache) []articlePrint {
	out := make([]articlePrint, len(arts))
	var todo []int
	for i, a := range arts {
		if p, ok := cache.get(a.ID); ok {
			out[i] = p
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return out
	}
	terms := make([]eventTerms, len(todo))
	for k, i := range todo {
		// one pass of the tokeniser serves both prints
		ws := ix.st.words(arts[i].Title + "\n" + arts[i].Text)
		terms[k] = readEventTerms(arts[i], ws)
		out[i].shingles = shingleHashes(ws)
	}
	ix.countBases(terms)
	idf := ix.termIDFs(terms)
	for k, i := range todo {
		out[i].sig = terms[k].signature(func(t string) (uint32, float64, bool) { x := idf[t]; return x.id, x.idf, x.ok })
		cache.put(arts[i].ID, out[i])
	}
	return out
}

type termIDF struct {
	id  uint32
	idf float64
	ok  bool
}

// termIDFs looks up the index's term numbers and IDFs of the stems of
// terms, under one read lock.
func (ix *Index) termIDFs(terms []eventTerms) map[string]termIDF {
	idf := map[string]termIDF{}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n := float64(len(ix.docs))
	for _, et := range terms {
		for t := range et.tf {
			if _, ok := idf[t]; ok {
				continue
			}
			df := 0.0
			id, ok := ix.ids[t]
			if ok {
				df = float64(ix.terms[id].df())
			}
			idf[t] = termIDF{id, math.Log((n+1)/(df+1)) + 1, ok}
		}
	}
	return idf
}

// sigCache keeps the prints (signatures and shingles) of recently
// briefed articles: briefings and digests show the same recent stories
// again and again. An article's text does not change under its ID, so
// neither do its shingles; its weights drift slowly as the store grows,
// which the bound on the cache's size also bounds. Safe for concurrent
// use; a nil cache keeps nothing.
type sigCache struct {
	mu   sync.Mutex
	sigs map[int64]articlePrint
}

// sigCacheSize bounds the cache (a few kilobytes of signature and about
// 8 bytes per word of shingles per article, some 10 kB for a long news
// article); when full it starts over.
const sigCacheSize = 4096

func (c *sigCache) get(id int64) (articlePrint, bool) {
	if c == nil || id == 0 {
		return articlePrint{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.sigs[id]
	return s, ok
}

// drop forgets the prints of ids (their text changed, see revise.go).
func (c *sigCache) drop(ids map[int64]bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for id := range ids {
		delete(c.sigs, id)
	}
}

func (c *sigCache) put(id int64, s articlePrint) {
	if c == nil || id == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sigs == nil || len(c.sigs) >= sigCacheSize {
		c.sigs = make(map[int64]articlePrint, 256)
	}
	c.sigs[id] = s
}

func (e eventSig) cosine(o eventSig) float64 {
	dot, _, _ := e.overlap(o)
	return dot
}

// overlap walks the two sorted vectors once: their dot product, and the
// squared weight each has on the terms they share.
func (e eventSig) overlap(o eventSig) (dot, inA, inB float64) {
	a, b := e.vec, o.vec
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].term == b[j].term:
			dot += a[i].w * b[j].w
			inA += a[i].w * a[i].w
			inB += b[j].w * b[j].w
			i++
			j++
		case a[i].term < b[j].term:
			i++
		default:
			j++
		}
	}
	return dot, inA, inB
}

// whatDot is the part of the two reports' cosine that lies on words that
// are names in neither: what happened, apart from where and to whom.
func (e eventSig) whatDot(o eventSig) float64 { return e.dotOn(o, false) }

// rareWhatDot is the part of whatDot that lies on words that are not
// common in the store (termWeight.common): the happening's own words,
// without the set phrases a kind of report shares.
func (e eventSig) rareWhatDot(o eventSig) float64 { return e.dotOn(o, true) }

// dotOn is the part of the two reports' cosine on terms that are names in
// neither, and, when rare is set, common in neither.
func (e eventSig) dotOn(o eventSig, rare bool) float64 {
	var dot float64
	a, b := e.vec, o.vec
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].term == b[j].term:
			if !a[i].name && !b[j].name && (!rare || !a[i].common && !b[j].common) {
				dot += a[i].w * b[j].w
			}
			i++
			j++
		case a[i].term < b[j].term:
			i++
		default:
			j++
		}
	}
	return dot
}

// commonIDF is the IDF at or below which a term is in at least
// eventCommonShare of the stored articles: idf = ln((n+1)/(df+1)) + 1.
func commonIDF() float64 { return 1 - math.Log(eventCommonShare) }

// cover is the share of the more contained report's weight that lies on
// terms the other report also has (each vector has unit length). A short
// report that names the event and little else (a two-sentence wire item)
// lies mostly inside a long report of it, yet their cosine is low because
// the long one says much more; two look-alikes usually each say things
// the other does not. The cosine must still clear the lowest bar, so a
// few words shared by chance do not make a short report "contained".
func (e eventSig) cover(o eventSig) float64 {
	_, inA, inB := e.overlap(o)
	return max(inA, inB)
}

// eventRelation says how two reports relate.
type eventRelation uint8

const (
	otherEvent  eventRelation = iota
	sameEvent                 // one event, several reports
	development               // the later report follows up the earlier one
)

// eventRelations relates every pair of reports, rel[i][j] for j < i, and
// returns their cosines, cos[i][j] for j < i:
// reports more than developmentWindow apart are other events; otherwise
// relateCosine decides on their signatures' cosine. The cosines come from
// an inverted index over the terms: one pass over each report's terms
// adds its products with every earlier report that shares them, so pairs
// that share nothing cost nothing, where a merge of every pair's vectors
// cost their length. Each pair's products are added in ascending term
// order from zero, as eventSig.cosine adds them, so every cosine, and
// every decision, is bit for bit what comparing the pair alone gives.
func eventRelations(sigs []eventSig) (rel [][]eventRelation, cos pairCosines) {
	type posting struct {
		doc, next int32 // next: 1 + the previous posting of the term, 0 at the end
		w         float64
	}
	n := 0
	for _, s := range sigs {
		n += len(s.vec)
	}
	head := make(map[uint32]int32, n) // at most n terms: never grown
	post := make([]posting, 0, n)
	rel = make([][]eventRelation, len(sigs))
	cos = make(pairCosines, 0, len(sigs)*(len(sigs)-1)/2)
	acc := make([]float64, len(sigs))
	for i, a := range sigs {
		clear(acc[:i])
		for _, t := range a.vec {
			for p := head[t.term]; p != 0; p = post[p-1].next {
				acc[post[p-1].doc] += t.w * post[p-1].w
			}
		}
		rel[i] = make([]eventRelation, i)
		cos = append(cos, acc[:i]...)
		for j := range i {
			b := sigs[j]
			if !a.published.IsZero() && !b.published.IsZero() && a.published.Sub(b.published).Abs() > developmentWindow {
				continue // otherEvent: too far apart to compare
			}
			rel[i][j] = relateCosine(a, b, acc[j])
		}
		for _, t := range a.vec {
			post = append(post, posting{doc: int32(i), next: head[t.term], w: t.w})
			head[t.term] = int32(len(post))
		}
	}
	return rel, cos
}

// pairCosines holds the cosine of every pair of reports j < i at
// i*(i-1)/2 + j.
type pairCosines []float64

// at returns the cosine of reports i and j (i != j).
func (c pairCosines) at(i, j int) float64 {
	if j > i {
		i, j = j, i
	}
	return c[i*(i-1)/2+j]
}

// relateCosine is relate's rule for reports at most developmentWindow
// apart (or undated) whose signatures' cosine is cos. Within the event
// window the cosine needed depends on the figures the two reports agree
// on (eventBar) and grows with the time between them: outlets tell one
// event within hours, while a look-alike (the retaliation to a tariff, a
// second outage) comes a day or two later.
func relateCosine(a, b eventSig, cos float64) eventRelation {
	if a.published.IsZero() || b.published.IsZero() {
		if cos >= eventUndated {
			return sameEvent
		}
		return otherEvent
	}
	gap := a.published.Sub(b.published).Abs()
	rise := barRise(gap)
	switch {
	// the figures and the cover are read only when the cosine could clear
	// the lowest bar
	case gap <= eventNextPair && cos >= eventNextPairBar && a.rareWhatDot(b) >= eventNextPairWhat:
		// the next morning's report tells the happening again in its
		// words; the risen bar is for look-alikes that share the setting
		return sameEvent
	case gap <= eventWindow && cos >= eventWithFigure+rise &&
		(cos >= eventBar(figureAgreement(a.amounts, b.amounts))+rise ||
			a.cover(b) >= coverBar(gap) ||
			gap <= eventSameSpell && cos >= eventWhatFloor && a.whatDot(b) >= eventWhat):
		return sameEvent
	case gap > eventWindow && gap <= developmentWindow && cos >= developmentMinimum:
		return development
	}
	return otherEvent
}

// joinsWhole reports whether report i is one more report of the story of
// reports members when the story's reports are taken together: the sum
// of their vectors (each of unit length) says what the story says, and a
// report is compared with it by the rule for two reports (relateCosine),
// with the figures of all of them, the time to the nearest one, and the
// cover of the report by all of them.
// Outlets each tell some of an event's facts and names, so a report that
// shares a little with each of a story's reports may share enough with
// all of them together. Only reports of other outlets within the event
// window count, and exactly eventWholeParts of them: with one, the pair
// rule has decided; with more, the sum is ruled by the phrases all
// reports of a kind share. cosOf(j, k) is the cosine of reports j and k; the story's
// cosine needs no vector: the dot product with a sum is the sum of the
// dot products, and the sum's length follows from its parts' cosines.
func joinsWhole(arts []Article, sigs []eventSig, cosOf func(j, k int) float64, members []int, i int) bool {
	a := sigs[i]
	if len(members) < 2 || a.published.IsZero() {
		return false
	}
	// The story's cosine is at most the sum of the report's cosines with
	// its parts over the square root of their number (two), as
	// cosines are never negative: most stories share little with the
	// report and end here.
	var sum float64
	for _, j := range members {
		sum += cosOf(i, j)
	}
	if sum < eventWithFigure*math.Sqrt2 {
		return false
	}
	var buf [8]int
	parts := buf[:0]
	gap := eventWindow
	for _, j := range members {
		if arts[j].Source == arts[i].Source || sigs[j].published.IsZero() {
			continue
		}
		g := a.published.Sub(sigs[j].published).Abs()
		if g > eventWindow {
			continue
		}
		parts = append(parts, j)
		gap = min(gap, g)
	}
	if len(parts) != eventWholeParts {
		return false
	}
	var dot, norm2 float64
	for x, j := range parts {
		dot += cosOf(i, j)
		norm2++
		for _, k := range parts[:x] {
			norm2 += 2 * cosOf(j, k)
		}
	}
	cos := dot / math.Sqrt(norm2)
	rise := barRise(gap)
	if cos < eventWithFigure+rise {
		// Beyond about 17 hours the lowest bar risen with the time is
		// above nextDayWhole's flat bar: the next-day rule is read here
		// too, or it would end there (QUALITY.md, round 11).
		return nextDayWhole(a, sigs, parts, gap, cos)
	}
	var amounts []amount
	for _, j := range parts {
		amounts = append(amounts, sigs[j].amounts...)
	}
	if cos >= eventBar(figureAgreement(a.amounts, amounts))+rise {
		return true
	}
	if a.coveredBy(sigs, parts) >= coverBar(gap) {
		return true
	}
	return nextDayWhole(a, sigs, parts, gap, cos)
}

// nextDayWhole is joinsWhole's rule for a report told up to
// eventNextDay after the nearer of a story's two reports: the morning-after
// report of an event (the toll risen, the captain held) repeats what
// both earlier reports told, so it is one event with them taken together
// at a flat cosine, when enough of that cosine lies on the words of what
// happened (whatDot), not on the names alone: a look-alike of the next
// day (the firm's results after its takeover, the index's rebound after
// its fall) shares the names and the setting more than the happening.
func nextDayWhole(a eventSig, sigs []eventSig, parts []int, gap time.Duration, cos float64) bool {
	if gap > eventNextDay || cos < eventNextDayBar {
		return false
	}
	var what, norm2 float64
	for x, j := range parts {
		what += a.whatDot(sigs[j])
		norm2++
		for _, k := range parts[:x] {
			norm2 += 2 * sigs[j].cosine(sigs[k])
		}
	}
	return what/math.Sqrt(norm2) >= eventNextDayWhat
}

// barRise is how much the cosine needed rises with the time between two
// reports: nothing within eventSameSpell (outlets tell one event within
// hours of each other, short wire items and long reports alike), then
// eventBarPerDay for each day beyond it (a look-alike — the retaliation to
// a tariff, a museum's reopening after its strike, a second outage — comes
// the next day or later).
func barRise(gap time.Duration) float64 {
	return eventBarPerDay * max(0, (gap-eventSameSpell).Hours()) / 24
}

// coverBar is the cover a contained report needs at gap from the other.
func coverBar(gap time.Duration) float64 {
	return eventCover + eventCoverPerDay*gap.Hours()/24
}

// coveredBy is the share of e's weight (its vector has unit length) on
// terms that at least one of the reports parts has.
func (e eventSig) coveredBy(sigs []eventSig, parts []int) float64 {
	var in float64
	for _, t := range e.vec {
		for _, j := range parts {
			v := sigs[j].vec
			if k, ok := slices.BinarySearchFunc(v, t.term, func(x termWeight, term uint32) int { return cmp.Compare(x.term, term) }); ok && v[k].term == t.term {
				in += t.w * t.w
				break
			}
		}
	}
	return in
}

// eventBar is the cosine two reports published together need to be one
// event, by the strongest figure they agree on.
func eventBar(f figureMatch) float64 {
	switch f {
	case specificFigure:
		return eventWithFigure
	case commonFigure:
		return eventWithCommonFigure
	}
	return eventSimilarity
}

// figureMatch is how strongly two reports' figures agree.
type figureMatch int

const (
	noFigure       figureMatch = iota
	commonFigure               // only small whole numbers or round shares agree ("12", "25%")
	specificFigure             // a figure that tells events apart agrees ("6.4", "3,950"/"4,000")
)

// figureAgreement returns the strongest agreement between two reports'
// amounts: specific when either side of an agreeing pair is specific.
func figureAgreement(a, b []amount) figureMatch {
	best := noFigure
	// Among many figures some agree by chance (earnings notices of two
	// firms, each with a dozen figures), so then no agreement is specific.
	many := len(a)*len(b) > eventFigurePairs
	for _, x := range a {
		for _, y := range b {
			if !x.agrees(y) {
				continue
			}
			if !many && (!x.common || !y.common) {
				return specificFigure
			}
			best = commonFigure
		}
	}
	return best
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
