package briefing

import (
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// Index is an in-memory inverted index over stored articles: stems and
// adjacent-stem pairs (for phrases), with per-article length, date and the
// fields a term occurred in, plus each article's distinct stems (a forward
// list, for learning a topic's vocabulary from the articles that match
// it). It holds no article text; summaries load text from the Store for
// the few articles a briefing shows.
//
// Safe for concurrent use. Articles get internal document numbers in the
// order they are added (ID order, except articles committed late), and
// postings stay sorted by document number. Memory is linear in the text.
type Index struct {
	mu       sync.RWMutex
	st       *Stemmer
	docs     []docMeta
	byID     docIDs            // article ID -> document, see index_docids.go
	ids      map[string]uint32 // stem -> term number
	pairs    pairDict          // two adjacent stems' word numbers -> term number
	terms    []postings        // by term number
	words    []stemText        // single stems' strings, by postings.word-1
	wordTerm []uint32          // term number of each of words
	fwd      fwdLists          // each document's distinct stems, see index_fwd.go
	totalLen int64
	aliases  aliasTable
	feedback feedbackParams
	arena    []byte   // the postings' sealed parts while flat (postings.go)
	chunks   [][]byte // the postings' sealed parts once chunked, by window
	order    []chunkRange
	tails    [][]posting // the postings added since, by postings.tail-1
	tailN    int         // postings in the tails
	tailSlab []posting   // where new tails are cut from (newTail)
	sealMu   sync.Mutex  // one seal at a time (seal.go)
	sealBuf  []byte      // a seal's scratch (under sealMu)
	// added counts postings ever added (addPostings), so that a seal's
	// install knows whether any came since its chunk was rebuilt.
	added uint64
	// tailsDone is the tails the running seal emptied (under sealMu), for
	// compactTails.
	tailsDone int
	sealInts  []uint32 // a chunk rebuild's offs and merged (under sealMu)
	sealTail  int      // tail postings that trigger a seal; 0: tailsFull's rule
	chunkSize int      // bytes a rebuilt chunk is cut at; 0: chunkTarget (tests make it small)
	// denseLikeness: judged requests score every document against both
	// judgment profiles, as before the 👎 profile was scored only where
	// asked (tests compare the two; judge.go).
	denseLikeness bool
	// scratches keeps per-document score slices between queries.
	scratches keep[[]float64]
	// masks keeps the document sets of needDocs between queries.
	masks keep[[]uint64]
	// evBlock is the documents evidence reads at a time; 0: evidenceBlock
	// (tests make it small)
	evBlock int
	// analysePool keeps analysis scratch (*analyseScratch) between
	// articles: ingest allocated a token slice and a stem table per article.
	analysePool sync.Pool
	reuse       termPools // docTerms memory to reuse, see releaseTerms
	// counts keeps per-stem counts between queries.
	counts keep[*stemCounts]
	mems   queryMems // per-query hit lists, see querymem.go
	norms  normCache
	vocab  vocabIndex // "did you mean", see suggest_index.go
	// fwdScratch is insert's: the article's word numbers.
	fwdScratch []uint32
	// pairScratch is insert's: the article's pairs' word numbers.
	pairScratch []uint64
	// pending is insert's: the article's postings (addPostings).
	pending []pendingPosting
	// insertCache is insert's, see index_lookup.go; nil until the first
	// insert, and dropped when terms are renumbered.
	insertCache *insertCache
	// changes counts changes to the contents (under the write lock), so
	// that what is cached per state of the index is dropped (changed).
	changes    uint64
	selfChecks selfCheckCache // topics' self-check verdicts, see selfcheck_cache.go
}

type docMeta struct {
	id        int64
	published int64 // unix seconds; 0 when unknown
	length    uint32
}

// Field flags on a posting.
const (
	inTitle uint8 = 1 << iota
	inTags
	inLead // first paragraph: news puts the topic up front
	// exactForm, on a stem's posting: the document spells the word exactly
	// as its stem (see literal.go). Not a field.
	exactForm
	fieldFlags = inTitle | inTags | inLead
)

// stemText is a single stem's text.
type stemText struct {
	term    string // the stem
	surface string // a surface form, for suggestions and explanations
}

// NewIndex returns an empty index using st for stems.
func NewIndex(st *Stemmer) *Index {
	return &Index{st: st, ids: map[string]uint32{}, aliases: newAliasTable(),
		feedback: defaultFeedbackParams()}
}

// Len is the number of indexed articles.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.docs)
}

// docTerms is the analysed form of one article, computed without the lock:
// its distinct stems in order of first occurrence, each with its count,
// the fields it occurs in and its first surface form, and the pairs of
// adjacent stems (by their positions in stems) with theirs, in order of
// first occurrence too. Its stems and pairs slices are reused for another
// article once inserted (termPools.release): insert must not keep them.
type docTerms struct {
	stems   []stemStat
	local   *stemTable  // stem -> position in stems, while analysing
	pairs   []pairCount // in order of first occurrence
	pairTab *pairTable  // pair -> position in pairs, while analysing
	length  int
	aliases []alias
}

type stemStat struct {
	stem string
	termStat
}

type termStat struct {
	count uint16
	flags uint8
	// hash is the stem's strHash, carried from the hot word cache so that
	// neither the article's stem table nor insert's cache hashes the stem
	// again (in the padding: stemStat stays 40 bytes).
	hash    uint32
	surface string
}

// pairStat is a pair's termStat: pairs have no surface form, and without
// the string an article's pairs hold no pointers (never scanned by the
// collector).
type pairStat struct {
	count uint16
	flags uint8
}

// pairCount is one of an article's pairs: key is the positions in
// docTerms.stems of its first and second stem (first<<32 | second).
type pairCount struct {
	key uint64
	pairStat
}

// pairTable is an article's pair -> position in docTerms.pairs while it
// is analysed, as stemTable is for stems. A Go map per article (its
// pairs were a map) was allocated for each article, and each occurrence
// hashed its key twice, to read the count and to write it back.
type pairTable struct {
	slots []uint32 // 1 + position in pairs; 0: empty. A power of two long
	n     int
}

// bumpPair counts one occurrence of the pair of the stems at positions
// prev and cur.
func (dt *docTerms) bumpPair(prev, cur uint32, flag uint8) {
	tb := dt.pairTab
	if 2*(tb.n+1) > len(tb.slots) {
		tb.slots = make([]uint32, tableSlots(max(len(tb.slots), tb.n+1)))
		for p := range dt.pairs {
			tb.place(dt.pairs[p].key, uint32(p))
		}
	}
	k := uint64(prev)<<32 | uint64(cur)
	mask := uint64(len(tb.slots) - 1)
	for i := pairHash(k) & mask; ; i = (i + 1) & mask {
		e := tb.slots[i]
		if e == 0 {
			tb.slots[i], tb.n = uint32(len(dt.pairs))+1, tb.n+1
			dt.pairs = append(dt.pairs, pairCount{key: k, pairStat: pairStat{count: 1, flags: flag}})
			return
		}
		if t := &dt.pairs[e-1]; t.key == k {
			t.count, t.flags = min(t.count, math.MaxUint16-1)+1, t.flags|flag
			return
		}
	}
}

// place puts pair p (key k) in a table with room for it.
func (tb *pairTable) place(k uint64, p uint32) {
	mask := uint64(len(tb.slots) - 1)
	i := pairHash(k) & mask
	for tb.slots[i] != 0 {
		i = (i + 1) & mask
	}
	tb.slots[i] = p + 1
}

// pairHash mixes a pair's key (two small positions) over all its bits.
func pairHash(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> 32 }

func (ix *Index) analyse(a Article) docTerms {
	sc, _ := ix.analysePool.Get().(*analyseScratch)
	if sc == nil {
		sc = &analyseScratch{local: new(stemTable), pairTab: new(pairTable), hot: new(hotWords)}
	}
	defer ix.analysePool.Put(sc)
	dt := docTerms{local: sc.local, pairTab: sc.pairTab, stems: ix.reuse.stemSlice(len(a.Text) / 8),
		pairs: ix.reuse.pairSlice(len(a.Text) / 8)}
	// One token slice serves every part of the article: nothing keeps it
	// past the part (findAcronyms and literal copy what they keep).
	ws := sc.words[:0]
	defer func() {
		// A huge article's scratch is dropped, not kept for small ones.
		if sc.words = ws[:0]; cap(ws) > 1<<14 {
			sc.words = nil
		}
		sc.resetLocal()
	}()
	add := func(text string, flag uint8) {
		ws = ix.st.appendWordsHot(ws[:0], text, sc.hot)
		prev := -1
		for _, w := range ws {
			if w.stop {
				continue
			}
			dt.length++
			cur := dt.bumpHashed(w.stem, w.stemHash, w.surface, flag)
			dt.literal(ix.st, text, w, cur, flag)
			if prev >= 0 {
				dt.bumpPair(uint32(prev), cur, flag)
			}
			prev = int(cur)
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
	dt.local, dt.pairTab = nil, nil
	return dt
}

// analyseScratch is one analysis's reusable memory: the token slice and
// the stem -> position table, neither of which docTerms keeps, and the hot
// word cache.
type analyseScratch struct {
	words   []word
	local   *stemTable
	pairTab *pairTable
	hot     *hotWords
	// peak is the most stems local held since it was made, and usual a
	// running mean of its articles' stems (resetLocal).
	peak, usual int
}

// resetLocal empties local for the next article. Clearing a table costs
// its largest size, not its length: one long article's table, cleared
// after every short one, was 1.5% of ingest (as a map). A table grown far
// past the usual article is dropped for one of twice the usual size.
func (sc *analyseScratch) resetLocal() {
	n := sc.local.n
	sc.peak, sc.usual = max(sc.peak, n), (7*sc.usual+n)/8
	if sc.peak > 4*sc.usual+64 {
		// An article's pairs are about as many as its stems.
		sc.local = &stemTable{slots: make([]uint32, tableSlots(2*sc.usual))}
		sc.pairTab, sc.peak = &pairTable{slots: make([]uint32, tableSlots(2*sc.usual))}, 0
		return
	}
	clear(sc.local.slots)
	clear(sc.pairTab.slots)
	sc.local.n, sc.pairTab.n = 0, 0
}

// stemTable is an article's stem -> position in docTerms.stems while it
// is analysed: open addressing by the stem's carried hash (strHash), so
// counting an occurrence hashes nothing; a Go map keyed by the string
// hashed it again, and was a fifth of analysis. Its keys are the stems
// themselves (an entry compares the stem at its position).
type stemTable struct {
	slots []uint32 // 1 + position in stems; 0: empty. A power of two long
	n     int      // entries
}

// tableSlots is the slots for n entries: a power of two, at most half full.
func tableSlots(n int) int {
	s := 64
	for s < 2*n {
		s *= 2
	}
	return s
}

// bumpHashed counts one occurrence of a stem whose strHash is h and
// returns its position.
func (dt *docTerms) bumpHashed(stem string, h uint32, surface string, flag uint8) uint32 {
	tb := dt.local
	if 2*(tb.n+1) > len(tb.slots) {
		tb.grow(dt.stems)
	}
	mask := uint32(len(tb.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		k := tb.slots[i]
		if k == 0 {
			p := uint32(len(dt.stems))
			tb.slots[i], tb.n = p+1, tb.n+1
			dt.stems = append(dt.stems, stemStat{stem: stem, termStat: termStat{hash: h, surface: surface}})
			dt.count(p, flag)
			return p
		}
		if t := &dt.stems[k-1]; t.hash == h && t.stem == stem {
			dt.count(k-1, flag)
			return k - 1
		}
	}
}

// grow doubles the table (or makes its first) and re-places stems.
func (tb *stemTable) grow(stems []stemStat) {
	tb.slots = make([]uint32, tableSlots(max(len(tb.slots), tb.n+1)))
	mask := uint32(len(tb.slots) - 1)
	for p := range stems {
		i := stems[p].hash & mask
		for tb.slots[i] != 0 {
			i = (i + 1) & mask
		}
		tb.slots[i] = uint32(p) + 1
	}
}

// count counts one more occurrence of the stem at position i.
func (dt *docTerms) count(i uint32, flag uint8) {
	t := &dt.stems[i]
	if t.count < math.MaxUint16 {
		t.count++
	}
	t.flags |= flag
}

// missing returns the IDs not indexed yet.
func (ix *Index) missing(ids []int64) []int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []int64
	for _, id := range ids {
		if _, ok := ix.byID.get(ix.docs, id); !ok {
			out = append(out, id)
		}
	}
	return out
}

// maxID is the highest article ID indexed (articles committed late sit
// after higher IDs), 0 when empty.
func (ix *Index) maxID() int64 {
	var m int64
	for _, d := range ix.docs {
		m = max(m, d.id)
	}
	return m
}

// add indexes articles (ones already indexed, by ID, are ignored), taking
// the analysis of those pre knows from it (analysed earlier, while they
// were being stored). The analysis, most of the work, runs on every core;
// inserting takes the write lock, once for the whole batch.
func (ix *Index) add(articles []Article, pre func(Article) (docTerms, bool)) {
	analysed := make([]docTerms, len(articles))
	todo := make([]int, 0, len(articles))
	for i, a := range articles {
		if pre != nil {
			if dt, ok := pre(a); ok {
				analysed[i] = dt
				continue
			}
		}
		todo = append(todo, i)
	}
	ix.analyseInto(articles, todo, analysed, runtime.GOMAXPROCS(0))
	ix.mu.Lock()
	ix.changed()
	for i, a := range articles {
		if _, dup := ix.byID.get(ix.docs, a.ID); dup {
			continue
		}
		ix.insert(a, analysed[i])
	}
	seal := ix.tailsFull()
	ix.mu.Unlock()
	for _, i := range todo {
		ix.reuse.release(analysed[i])
	}
	if seal {
		ix.seal()
	}
}

// analyseInto analyses articles[i] into out[i] for each i in todo, on up
// to workers goroutines.
func (ix *Index) analyseInto(articles []Article, todo []int, out []docTerms, workers int) {
	workers = max(1, min(workers, (len(todo)+15)/16))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < len(todo); k = int(next.Add(1) - 1) {
				out[todo[k]] = ix.analyse(articles[todo[k]])
			}
		})
	}
	wg.Wait()
}

func (ix *Index) insert(a Article, dt docTerms) {
	n := uint32(len(ix.docs))
	meta := docMeta{id: a.ID, length: uint32(dt.length)}
	if !a.Published.IsZero() {
		meta.published = a.Published.Unix()
	}
	ix.totalLen += int64(dt.length)
	if ix.insertCache == nil {
		ix.insertCache = new(insertCache)
	}
	// The article's terms are looked up first and their postings added
	// after, in passes (addPostings): each term's record, tail header and
	// tail are cache misses, and misses that do not wait on one another
	// overlap. For the same reason the lookups go in passes too: every
	// term's slot in insertCache first (a short loop whose misses
	// overlap), then the index's own maps for the terms not found there.
	c := ix.insertCache
	ps := ix.pending[:0]
	for _, t := range dt.stems {
		id := noTerm
		if s := c.stemSlotOf(t.hash); s.stem == t.stem && t.stem != "" {
			id = s.term
		}
		ps = append(ps, pendingPosting{term: id, tf: t.count, flags: t.flags})
	}
	for i, t := range dt.stems {
		if ps[i].term != noTerm {
			continue
		}
		id, ok := ix.ids[t.stem]
		if !ok {
			ix.words = append(ix.words, stemText{term: t.stem, surface: t.surface})
			ix.wordTerm = append(ix.wordTerm, uint32(len(ix.terms)))
			id = ix.newTerm(postings{word: uint32(len(ix.words))})
			ix.ids[t.stem] = id
		}
		ix.rememberStem(t.stem, t.hash, id)
		ps[i].term = id
	}
	words := ix.fwdScratch[:0]
	for _, q := range ps {
		words = append(words, ix.terms[q.term].word-1)
	}
	ix.fwd.add(words)
	ix.fwdScratch = words
	nStems, keys := len(ps), ix.pairScratch[:0]
	for _, t := range dt.pairs {
		a, b := words[t.key>>32], words[uint32(t.key)]
		id := noTerm
		if s := c.pairSlotOf(a, b); s.term != 0 && s.a == a && s.b == b {
			id = s.term - 1
		}
		ps = append(ps, pendingPosting{term: id, tf: t.count, flags: t.flags})
		keys = append(keys, wordPair(a, b))
	}
	for i, k := range keys {
		q := &ps[nStems+i]
		if q.term != noTerm {
			continue
		}
		a, b := uint32(k>>32), uint32(k)
		id, ok := ix.pairs.get(a, b)
		if !ok {
			id = ix.newTerm(postings{})
			ix.pairs.put(a, b, id, len(ix.words))
		}
		ix.rememberPair(a, b, id)
		q.term = id
	}
	ix.pairScratch = keys[:0]
	ix.addPostings(ps, n)
	ix.pending = ps[:0]
	ix.docs = append(ix.docs, meta)
	ix.byID.add(ix.docs, n)
	for _, al := range dt.aliases {
		ix.aliases.add(al)
	}
}

// noTerm stands for a term not found yet (no term has its number: term
// numbers count from 0 and are far fewer).
const noTerm = ^uint32(0)

// newTerm adds a term with no postings yet. Its sealed part is empty,
// so it starts where the arena (its last chunk) ends.
func (ix *Index) newTerm(p postings) uint32 {
	p.off = ix.endOff()
	ix.terms = append(ix.terms, p)
	return uint32(len(ix.terms) - 1)
}

// surface is a term's surface form ("" for a pair).
func (ix *Index) surface(p *postings) string {
	if p.word == 0 {
		return ""
	}
	return ix.words[p.word-1].surface
}

// lookup returns the postings of a stem, or of two stems written "a b",
// or nil.
func (ix *Index) lookup(term string) *postings {
	a, b, pair := strings.Cut(term, " ")
	ida, ok := ix.ids[a]
	if !ok {
		return nil
	}
	if !pair {
		return &ix.terms[ida]
	}
	idb, ok := ix.ids[b]
	if !ok {
		return nil
	}
	if id, ok := ix.pairs.get(ix.terms[ida].word-1, ix.terms[idb].word-1); ok {
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
// boosts, before multiplying by the term's IDF; norm is the document's
// length norm (see lengthNorms).
func bm25(tf uint16, flags uint8, norm float64) float64 {
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
	return tfw * (bm25K1 + 1) / (tfw + norm)
}

// df is the number of documents holding term (0 when unknown).
func (ix *Index) df(term string) int {
	if p := ix.lookup(term); p != nil {
		return p.df()
	}
	return 0
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
