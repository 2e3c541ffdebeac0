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
// and nothing taken is stored anywhere longer-lived.

// queryMem is one query's working memory.
type queryMem struct {
	docs    bump[uint32]
	hits    bump[hit]
	docHits bump[docHit]
	clauses bump[clauseHit]
	// spare is a growable list for a count known only at the end; its
	// contents are copied out before the query ends.
	spare []docHit
	// budget stops a request that takes too long (budget.go).
	budget queryBudget
}

// queryMems pools them; a nil *queryMem allocates as usual.
type queryMems struct{ pool sync.Pool }

func (p *queryMems) get() *queryMem {
	if m, ok := p.pool.Get().(*queryMem); ok {
		return m
	}
	return &queryMem{}
}

// put returns m for reuse, dropping what it refers to.
func (p *queryMems) put(m *queryMem) {
	m.docs.reset(false)
	m.hits.reset(false)
	m.docHits.reset(true)
	m.clauses.reset(true)
	clear(m.spare[:cap(m.spare)])
	m.spare = m.spare[:0]
	m.budget = queryBudget{}
	p.pool.Put(m)
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

func (m *queryMem) clauseSlice(n int) []clauseHit {
	if m == nil {
		return make([]clauseHit, 0, n)
	}
	return m.clauses.take(n)
}

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
	size := max(n, minChunk)
	if len(b.chunks) > 0 {
		size = max(size, 2*len(b.chunks[len(b.chunks)-1]))
	}
	b.chunks = append(b.chunks, make([]T, size))
	b.used = n
	return b.chunks[len(b.chunks)-1][0:0:n]
}

// reset gives everything back; wipe clears what was used (for element
// types that hold pointers, so the pool keeps nothing else alive). Memory
// that took several chunks becomes one, so a steady load stops allocating.
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
