package briefing

import "sync"

// Query memory: the hit lists one selection builds (a broad topic's are
// as long as a large share of the corpus) come from buffers kept between
// queries instead of fresh allocations. Allocating them anew made every
// query feed the garbage collector megabytes, and each collection marks
// the whole index: latency spikes for whichever query met it.
//
// Invariant: nothing taken from a queryMem outlives the query. Selections
// are turned into Match values (explain) before the memory is put back,
// and nothing taken is stored anywhere longer-lived. Within a query, a
// list given back (giveBack: its unused room; releaseLists and
// releaseDocHits: everything taken since a mark; shedLists: every hit and
// working list) is not used afterwards. A match's evidence (whyTable) is
// read only through the query's own memory.
//
// The memories are kept in a small free list (keep), not a sync.Pool: a
// sync.Pool is emptied by every second collection, and under a memory
// limit (serve sets one at a large archive) collections come every hundred
// megabytes or so, so most queries would allocate their buffers again
// (megabytes each at 1M articles), which brought the next collection
// sooner still. What a kept memory may hold is bounded (keptBytes): an
// unranked answer over a large archive (match without a limit, tens of
// megabytes) allocates for itself and gives it up, so the free list never
// pins more than keepMax × keptBytes per kind of buffer.

// queryMem is one query's working memory.
type queryMem struct {
	docs    bump[uint32]
	hits    bump[hit]
	docHits bump[docHit]
	why     whyTable // the matches' clause evidence (docHit.why)
	floats  bump[float64]
	// spare is a growable list for a count known only at the end; its
	// contents are copied out before the query ends.
	spare []docHit
	// budget stops a request that takes too long (budget.go).
	budget queryBudget
	// shed: its lists were let go of (shedLists), so it is not kept: kept
	// without them, the next ranked queries would allocate them afresh
	shed bool
}

// queryMems keeps them between queries; a nil *queryMem allocates as
// usual.
type queryMems struct{ free keep[*queryMem] }

func (p *queryMems) get() *queryMem {
	if m, ok := p.free.get(); ok {
		return m
	}
	return &queryMem{}
}

// put returns m for reuse, dropping what it refers to; a memory grown
// past keptBytes is not kept at all. (Keeping the largest one, an
// unranked answer's, pinned 150 MB at 1M articles: more than the whole
// headroom serve's memory limit leaves, so the collector ran without
// pause.)
func (p *queryMems) put(m *queryMem) {
	if m.shed || m.bytes() > keptBytes {
		return
	}
	m.docs.reset(false)
	m.hits.reset(false)
	m.docHits.reset(false)
	m.why.reset()
	m.floats.reset(false)
	m.spare = m.spare[:0]
	m.budget = queryBudget{}
	p.free.put(m)
}

// Element sizes on 64-bit platforms (the core imports no unsafe;
// TestQueryMemSizes checks them): what bytes counts.
const (
	docHitBytes    = 24
	hitBytes       = 16
	clauseHitBytes = 6
)

// bytes is what m's buffers hold.
func (m *queryMem) bytes() int {
	return 4*m.docs.len() + hitBytes*m.hits.len() + docHitBytes*(m.docHits.len()+cap(m.spare)) +
		clauseHitBytes*m.why.len() + 8*m.floats.len()
}

// keepMax is how many of each kind of query buffer are kept between
// queries: more than the queries a few cores run at once. Beyond it,
// buffers are allocated and dropped as they would be without the list.
const keepMax = 4

// keptBytes bounds one kept memory: a ranked answer's lists at 1M
// articles (its newest candidates, up to the depth, each clause's hits
// from the depth's first document on, and their learned additions) fit in
// it at the default depth; an unranked answer's do not (tens of MB).
const keptBytes = 32 << 20

// keep is a small free list that, unlike sync.Pool, survives collections
// (see above). Safe for concurrent use.
type keep[T any] struct {
	mu   sync.Mutex
	free []T
}

// get takes a kept value, ok false when there is none.
func (k *keep[T]) get() (v T, ok bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if n := len(k.free); n > 0 {
		var zero T
		v, k.free[n-1] = k.free[n-1], zero // the list no longer keeps it alive
		k.free = k.free[:n-1]
		return v, true
	}
	return v, false
}

// put keeps v unless keepMax are kept already (then v is dropped).
func (k *keep[T]) put(v T) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.free) < keepMax {
		k.free = append(k.free, v)
	}
}

// spareDocHits lends the growable list, empty; give it back with keepSpare.
func (m *queryMem) spareDocHits() []docHit {
	if m == nil {
		return nil
	}
	return m.spare[:0]
}

// keepSpare takes the list back, with whatever room it grew to.
func (m *queryMem) keepSpare(s []docHit) {
	if m != nil {
		m.spare = s[:0]
	}
}

func (m *queryMem) uint32s(n int) []uint32 {
	if m == nil {
		return make([]uint32, 0, n)
	}
	return m.docs.take(n)
}

func (m *queryMem) hitSlice(n int) []hit {
	if m == nil {
		return make([]hit, 0, n)
	}
	return m.hits.take(n)
}

func (m *queryMem) docHitSlice(n int) []docHit {
	if m == nil {
		return make([]docHit, 0, n)
	}
	return m.docHits.take(n)
}

func (m *queryMem) floatSlice(n int) []float64 {
	if m == nil {
		return make([]float64, 0, n)
	}
	return m.floats.take(n)
}

// listsMark is where a query's hit lists stood (markLists).
type listsMark struct{ docs, hits bumpMark }

// markLists notes where the hit lists stand, for releaseLists.
func (m *queryMem) markLists() listsMark {
	if m == nil {
		return listsMark{}
	}
	return listsMark{m.docs.mark(), m.hits.mark()}
}

// releaseLists gives back the hit lists (documents and hits) taken since
// k: a step that has folded its clauses' lists into its answer lets the
// next step reuse their room, so a query holds its largest step's lists
// rather than all of them (an unranked answer at 1M articles: tens of
// megabytes). Nothing taken since k may be used afterwards.
func (m *queryMem) releaseLists(k listsMark) {
	if m != nil {
		m.docs.release(k.docs)
		m.hits.release(k.hits)
	}
}

// giveBackHits returns the unused room of l's lists (bump.giveBack).
func (m *queryMem) giveBackHits(l hitList) hitList {
	if m == nil {
		return l
	}
	return hitList{docs: m.docs.giveBack(l.docs), hits: m.hits.giveBack(l.hits)}
}

// giveBackDocHits returns the unused room of s (bump.giveBack).
func (m *queryMem) giveBackDocHits(s []docHit) []docHit {
	if m == nil {
		return s
	}
	return m.docHits.giveBack(s)
}

// markDocHits notes where the match lists stand, for releaseDocHits.
func (m *queryMem) markDocHits() bumpMark {
	if m == nil {
		return bumpMark{}
	}
	return m.docHits.mark()
}

// releaseDocHits gives back the match lists taken since k (bump.release):
// the learning base once the topic has learned from it, so that the
// selection's list reuses its room and an unranked answer holds two lists
// of every match rather than three. Nothing taken since k may be used
// afterwards.
func (m *queryMem) releaseDocHits(k bumpMark) {
	if m != nil {
		m.docHits.release(k)
	}
}

// shedLists lets go of the hit lists and working lists of a memory that will
// not be kept (larger than keptBytes: an unranked answer over a large
// archive) once its selection is made: the answer's Matches are built
// next, and the dead lists (megabytes at 1M articles) need not stay
// reachable meanwhile. The matches and their evidence stay.
func (m *queryMem) shedLists() {
	if m == nil || m.bytes() <= keptBytes {
		return
	}
	m.docs, m.hits, m.floats = bump[uint32]{}, bump[hit]{}, bump[float64]{}
	m.shed = true
}

// whyTable holds a query's clause evidence in chunks of a fixed size, so
// that a match refers to its evidence by a 4-byte number rather than a
// slice (24 bytes and a pointer the collector must follow); the clause
// surfaces are numbered once per query. Each match's evidence is
// contiguous within one chunk.
type whyTable struct {
	surfaces []string
	chunks   [][]clauseHit
	cur      int // chunks[cur] is being filled, up to used
	used     int
}

// whyChunkBits sizes a chunk (384 KiB); a match's evidence (at most a
// topic's clauses, see MaxTopicClauses, and their alias alternatives)
// is far smaller.
const (
	whyChunkBits = 16
	whyChunk     = 1 << whyChunkBits
)

// surface numbers s within the query.
func (t *whyTable) surface(s string) uint16 {
	for i, x := range t.surfaces {
		if x == s {
			return uint16(i)
		}
	}
	t.surfaces = append(t.surfaces, s)
	return uint16(len(t.surfaces) - 1)
}

// take reserves room for n contiguous clauseHits and returns the first's
// number.
func (t *whyTable) take(n int) uint32 {
	if len(t.chunks) == 0 {
		t.chunks = append(t.chunks, make([]clauseHit, whyChunk))
	}
	if t.used+n > whyChunk {
		t.cur, t.used = t.cur+1, 0
		if t.cur == len(t.chunks) {
			t.chunks = append(t.chunks, make([]clauseHit, whyChunk))
		}
	}
	i := uint32(t.cur<<whyChunkBits + t.used)
	t.used += n
	return i
}

// at is the evidence numbered i to i+n (within what take reserved).
func (t *whyTable) at(i uint32, n uint16) []clauseHit {
	if n == 0 {
		return nil
	}
	off := i & (whyChunk - 1)
	return t.chunks[i>>whyChunkBits][off : off+uint32(n) : off+uint32(n)]
}

// reset gives everything back, keeping the chunks for the next query.
func (t *whyTable) reset() {
	clear(t.surfaces)
	t.surfaces = t.surfaces[:0]
	t.cur, t.used = 0, 0
}

// len is how many clauseHits t's chunks hold.
func (t *whyTable) len() int { return len(t.chunks) * whyChunk }

// bump hands out slices of large chunks, all given back at once.
type bump[T any] struct {
	chunks [][]T
	used   int // of the last chunk
}

// minChunk keeps small queries from making many small chunks.
const minChunk = 4096

// take returns an empty slice with room for n; appending past n
// reallocates rather than overwriting a neighbour.
func (b *bump[T]) take(n int) []T {
	if len(b.chunks) > 0 {
		last := b.chunks[len(b.chunks)-1]
		if b.used+n <= len(last) {
			s := last[b.used : b.used : b.used+n]
			b.used += n
			return s
		}
	}
	// as large as the last chunk: the chunks merge into one at reset, so
	// a memory that outgrew its chunk doubles (rather than triples) and
	// stays within keptBytes where the lists it needs are
	size := max(n, minChunk)
	if len(b.chunks) > 0 {
		size = max(size, len(b.chunks[len(b.chunks)-1]))
	}
	b.chunks = append(b.chunks, make([]T, size))
	b.used = n
	return b.chunks[len(b.chunks)-1][0:0:n]
}

// giveBack returns the room s, the last slice b handed out, did not use
// (a list reserved at its largest possible length, a conjunction's at its
// rarest key's count), so the next take reuses it: an unranked answer over
// a large archive keeps every list of the query at once, and what its
// reservations left unused made a new chunk early. s comes back capped at
// its length, so appending to it reallocates rather than overwriting what
// the next take holds. A slice that is not the last taken (or that
// outgrew its room) is returned as it is.
func (b *bump[T]) giveBack(s []T) []T {
	n := cap(s)
	if n == len(s) || len(b.chunks) == 0 || b.used < n {
		return s
	}
	last := b.chunks[len(b.chunks)-1]
	if &last[b.used-1] != &s[:n][n-1] {
		return s
	}
	b.used -= n - len(s)
	return s[:len(s):len(s)]
}

// bumpMark is where a bump stood (mark), to go back to (release).
type bumpMark struct{ chunks, used int }

func (b *bump[T]) mark() bumpMark { return bumpMark{len(b.chunks), b.used} }

// release gives back everything taken since m, which must all be dead:
// later takes reuse it. Chunks added since m are dropped but the last
// (the largest), which the next takes fill from its start, so what the
// released lists took is not held twice.
func (b *bump[T]) release(m bumpMark) {
	switch n := len(b.chunks); {
	case n == m.chunks:
		b.used = m.used
	case n > m.chunks:
		last := b.chunks[n-1]
		clear(b.chunks[m.chunks : n-1]) // the list no longer keeps them alive
		b.chunks = append(b.chunks[:m.chunks], last)
		b.used = 0
	}
}

// reset gives everything back; wipe clears what was used (for element
// types that hold pointers, so the free list keeps nothing else alive).
// Memory that took several chunks becomes one, so a steady load stops
// allocating.
func (b *bump[T]) reset(wipe bool) {
	if len(b.chunks) > 1 {
		total := 0
		for _, c := range b.chunks {
			total += len(c)
		}
		b.chunks = [][]T{make([]T, total)}
		b.used = 0
		return
	}
	if wipe && len(b.chunks) == 1 {
		clear(b.chunks[0][:b.used])
	}
	b.used = 0
}

// len is how many elements b's chunks hold.
func (b *bump[T]) len() int {
	n := 0
	for _, c := range b.chunks {
		n += len(c)
	}
	return n
}
