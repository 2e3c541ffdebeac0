package briefing

import (
	"math"
	"sort"
	"strings"
	"sync"
)

// Index is an in-memory inverted index over stored articles: stems and
// adjacent-stem pairs (for phrases), with per-article length, date and the
// fields a term occurred in, plus each article's distinct stems (a forward
// list, for learning a topic's vocabulary from the articles that match
// it). It holds no article text; summaries load text from the Store for
// the few articles a briefing shows.
//
// Safe for concurrent use. Articles are appended in ID order, so postings
// stay sorted by internal document number. Memory is linear in the text.
type Index struct {
	mu       sync.RWMutex
	st       *Stemmer
	docs     []docMeta
	byID     map[int64]uint32
	ids      map[string]uint32 // term (stem, or "stem stem" pair) -> term number
	terms    []postings        // by term number
	totalLen int64
	aliases  aliasTable
	feedback feedbackParams
}

type docMeta struct {
	id        int64
	published int64 // unix seconds; 0 when unknown
	length    uint32
	stems     []uint32 // distinct single-stem term numbers, for feedback
}

// Field flags on a posting.
const (
	inTitle uint8 = 1 << iota
	inTags
	inLead // first paragraph: news puts the topic up front
)

type postings struct {
	term    string
	surface string // a surface form, for suggestions
	docs    []uint32
	tf      []uint16
	flags   []uint8
}

// NewIndex returns an empty index using st for stems.
func NewIndex(st *Stemmer) *Index {
	return &Index{st: st, byID: map[int64]uint32{}, ids: map[string]uint32{}, aliases: newAliasTable(),
		feedback: defaultFeedbackParams()}
}

// Len is the number of indexed articles.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.docs)
}

// docTerms is the analysed form of one article, computed without the lock.
type docTerms struct {
	counts  map[string]uint16
	flags   map[string]uint8
	length  int
	surface map[string]string
	aliases []alias
}

func (ix *Index) analyse(a Article) docTerms {
	dt := docTerms{counts: map[string]uint16{}, flags: map[string]uint8{}, surface: map[string]string{}}
	add := func(text string, flag uint8) {
		ws := ix.st.words(text)
		prev := ""
		for _, w := range ws {
			if w.stop {
				continue
			}
			dt.length++
			dt.bump(w.stem, flag)
			if _, ok := dt.surface[w.stem]; !ok {
				dt.surface[w.stem] = w.surface
			}
			if prev != "" {
				dt.bump(prev+" "+w.stem, flag)
			}
			prev = w.stem
		}
		dt.aliases = append(dt.aliases, findAcronyms(ix.st, text, ws)...)
	}
	add(a.Title, inTitle)
	for _, t := range a.Tags {
		add(t, inTags)
	}
	dt.aliases = append(dt.aliases, tagAliases(ix.st, a.Tags)...)
	for i, p := range a.Paragraphs() {
		var f uint8
		if i == 0 {
			f = inLead
		}
		add(p, f)
	}
	return dt
}

func (dt *docTerms) bump(term string, flag uint8) {
	if c := dt.counts[term]; c < math.MaxUint16 {
		dt.counts[term] = c + 1
	}
	dt.flags[term] |= flag
}

// Add indexes articles; ones already indexed (by ID) are ignored.
func (ix *Index) Add(articles ...Article) {
	analysed := make([]docTerms, len(articles))
	for i, a := range articles {
		analysed[i] = ix.analyse(a)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for i, a := range articles {
		if _, dup := ix.byID[a.ID]; dup {
			continue
		}
		ix.insert(a, analysed[i])
	}
}

func (ix *Index) insert(a Article, dt docTerms) {
	n := uint32(len(ix.docs))
	meta := docMeta{id: a.ID, length: uint32(dt.length)}
	if !a.Published.IsZero() {
		meta.published = a.Published.Unix()
	}
	ix.byID[a.ID] = n
	ix.totalLen += int64(dt.length)
	for term, c := range dt.counts {
		id, ok := ix.ids[term]
		if !ok {
			id = uint32(len(ix.terms))
			ix.ids[term] = id
			ix.terms = append(ix.terms, postings{term: term, surface: dt.surface[term]})
		}
		p := &ix.terms[id]
		p.docs = append(p.docs, n)
		p.tf = append(p.tf, c)
		p.flags = append(p.flags, dt.flags[term])
		if strings.IndexByte(term, ' ') < 0 {
			meta.stems = append(meta.stems, id)
		}
	}
	ix.docs = append(ix.docs, meta)
	for _, al := range dt.aliases {
		ix.aliases.add(al)
	}
}

// lookup returns the postings of term, or nil.
func (ix *Index) lookup(term string) *postings {
	if id, ok := ix.ids[term]; ok {
		return &ix.terms[id]
	}
	return nil
}

// BM25 parameters, with field boosts: a title or tag hit counts as several
// occurrences, and a hit in the lead paragraph as one more.
const (
	bm25K1     = 1.2
	bm25B      = 0.75
	titleBoost = 3
	tagBoost   = 2
	leadBoost  = 1
)

func (ix *Index) idf(df int) float64 {
	n := float64(len(ix.docs))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

func (ix *Index) avgLen() float64 {
	if len(ix.docs) == 0 {
		return 1
	}
	return math.Max(1, float64(ix.totalLen)/float64(len(ix.docs)))
}

// bm25 is the saturated, length-normalised weight of a posting with field
// boosts, before multiplying by the term's IDF.
func (ix *Index) bm25(tf uint16, flags uint8, doc uint32, avg float64) float64 {
	tfw := float64(tf)
	if flags&inTitle != 0 {
		tfw += titleBoost
	}
	if flags&inTags != 0 {
		tfw += tagBoost
	}
	if flags&inLead != 0 {
		tfw += leadBoost
	}
	norm := bm25K1 * (1 - bm25B + bm25B*float64(ix.docs[doc].length)/avg)
	return tfw * (bm25K1 + 1) / (tfw + norm)
}

// hit is how one clause occurs in one document.
type hit struct {
	score float64
	tf    int
	flags uint8
}

// clauseHits scores every document containing any form of the clause.
// A phrase form is matched through its adjacent pairs.
func (ix *Index) clauseHits(c Clause) map[uint32]hit {
	out := map[uint32]hit{}
	avg := ix.avgLen()
	for _, form := range c.Forms {
		keys := form
		if len(form) > 1 {
			keys = make([]string, 0, len(form)-1)
			for i := 1; i < len(form); i++ {
				keys = append(keys, form[i-1]+" "+form[i])
			}
		}
		for d, h := range ix.conjunction(keys, avg) {
			if old, ok := out[d]; !ok || h.score > old.score {
				out[d] = h
			}
		}
	}
	return out
}

// conjunction returns the documents holding every key, scored by BM25 with
// field boosts (tf and flags taken from the rarest key).
func (ix *Index) conjunction(keys []string, avg float64) map[uint32]hit {
	lists := make([]*postings, 0, len(keys))
	for _, k := range keys {
		p := ix.lookup(k)
		if p == nil {
			return nil
		}
		lists = append(lists, p)
	}
	sort.Slice(lists, func(i, j int) bool { return len(lists[i].docs) < len(lists[j].docs) })
	rare := lists[0]
	idf := ix.idf(len(rare.docs))
	out := make(map[uint32]hit, len(rare.docs))
	for i, d := range rare.docs {
		if !allContain(lists[1:], d) {
			continue
		}
		f := rare.flags[i]
		out[d] = hit{score: idf * ix.bm25(rare.tf[i], f, d, avg), tf: int(rare.tf[i]), flags: f}
	}
	return out
}

func allContain(lists []*postings, d uint32) bool {
	for _, p := range lists {
		i := sort.Search(len(p.docs), func(i int) bool { return p.docs[i] >= d })
		if i == len(p.docs) || p.docs[i] != d {
			return false
		}
	}
	return true
}

// df is the number of documents holding term (0 when unknown).
func (ix *Index) df(term string) int {
	if p := ix.lookup(term); p != nil {
		return len(p.docs)
	}
	return 0
}

// similarTerms suggests known words close to an unknown one (edit distance
// 1, or 2 for long words), most frequent first.
func (ix *Index) similarTerms(stem string, max int) []string {
	limit := 1
	if len(stem) >= 7 {
		limit = 2
	}
	type cand struct {
		s  string
		df int
	}
	var cands []cand
	for i := range ix.terms {
		p := &ix.terms[i]
		t := p.term
		if strings.IndexByte(t, ' ') >= 0 || abs(len(t)-len(stem)) > limit {
			continue
		}
		if editDistance(t, stem, limit) <= limit {
			cands = append(cands, cand{p.surface, len(p.docs)})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].df != cands[j].df {
			return cands[i].df > cands[j].df
		}
		return cands[i].s < cands[j].s
	})
	var out []string
	for _, c := range cands {
		if c.s != "" && len(out) < max {
			out = append(out, c.s)
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the optimal-string-alignment distance (Levenshtein plus
// adjacent transpositions, the commonest typo), giving up (returning
// limit+1) once a whole row exceeds limit.
func editDistance(a, b string, limit int) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
