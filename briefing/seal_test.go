package briefing

import (
	"fmt"
	"maps"
	"math"
	"math/rand"
	"sync"
	"testing"
)

// sealArticles are n articles over a small vocabulary, IDs from first.
func sealArticles(r *rand.Rand, first, n int) []Article {
	out := make([]Article, n)
	for i := range out {
		var text []byte
		for range 20 + r.Intn(60) {
			text = fmt.Appendf(text, "w%d ", int(math.Sqrt(float64(r.Intn(250_000)))))
		}
		out[i] = Article{ID: int64(first + i), Source: "s", GUID: fmt.Sprint(first + i), Title: fmt.Sprintf("w%d w%d", r.Intn(40), r.Intn(40)), Text: string(text)}
	}
	return out
}

// termDocs maps each term (a stem, or "a b" for a pair) to its postings
// by article ID: what an index holds, whatever its document numbers.
func termDocs(ix *Index) map[string]map[int64]posting {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	name := map[uint32]string{}
	for s, id := range ix.ids {
		name[id] = s
	}
	pd := ix.pairs.merged(len(ix.words))
	for w := 0; w+1 < len(pd.start); w++ {
		for k := pd.start[w]; k < pd.start[w+1]; k++ {
			name[pd.term[k]] = ix.words[w].term + " " + ix.words[pd.second[k]].term
		}
	}
	out := map[string]map[int64]posting{}
	for t := range ix.terms {
		m := map[int64]posting{}
		c := ix.cursor(&ix.terms[t])
		last := -1
		for c.next() {
			if int(c.cur.doc) <= last {
				panic("postings out of order")
			}
			last = int(c.cur.doc)
			x := c.cur
			x.doc = 0
			m[ix.docs[c.cur.doc].id] = x
		}
		if len(m) != ix.terms[t].df() {
			panic("document frequency differs from the postings")
		}
		out[name[uint32(t)]] = m
	}
	return out
}

// Writers adding at once (one's seal running while another inserts) and
// readers walking lists meanwhile: every posting ends up where a plain,
// one-writer index has it.
//
// With small chunks the arena is many chunks, split as they grow; with
// tiny ones there are more than windows, so chunks are joined, and some
// cannot be sealed at all (their tails keep the postings).
func TestConcurrentAddsAndSeals(t *testing.T) {
	for _, c := range []struct{ size, readers int }{{0, 2}, {8000, 2}, {40, 0}} {
		t.Run(fmt.Sprint("chunk", c.size), func(t *testing.T) { testConcurrentAddsAndSeals(t, c.size, c.readers) })
	}
}

// With tiny chunks a seal takes the write lock once per chunk, hundreds
// of times, and each waits for a reader's whole walk: no readers there.
func testConcurrentAddsAndSeals(t *testing.T, chunkSize, nReaders int) {
	r := rand.New(rand.NewSource(5))
	var batches [][]Article
	for b := range 24 {
		batches = append(batches, sealArticles(r, 1+b*40, 40))
	}
	ix := NewIndex(NewStemmer())
	ix.sealTail = 3000
	ix.chunkSize = chunkSize
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for b := w; b < len(batches); b += 3 {
				ix.add(batches[b], nil)
			}
		})
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range nReaders {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				termDocs(ix)
			}
		})
	}
	wg.Wait()
	close(stop)
	readers.Wait()

	plain := NewIndex(NewStemmer())
	plain.sealTail = math.MaxInt
	for _, b := range batches {
		plain.add(b, nil)
	}
	got, want := termDocs(ix), termDocs(plain)
	if len(got) != len(want) {
		t.Fatalf("%d terms, want %d", len(got), len(want))
	}
	for term, w := range want {
		if !maps.Equal(got[term], w) {
			t.Fatalf("term %q: %d postings, want %d (or different ones)", term, len(got[term]), len(w))
		}
	}
	t.Logf("%d chunks, %d bytes", len(ix.chunks), ix.arenaLen())
	if chunkSize > 0 && len(ix.chunks) < 10 {
		t.Fatalf("%d chunks of about %d bytes: the arena (%d bytes) was not cut", len(ix.chunks), chunkSize, ix.arenaLen())
	}
	if ix.arenaLen() == 0 || plain.arenaLen() != 0 {
		t.Fatalf("the sealing index never sealed (%d bytes) or the plain one did (%d)", ix.arenaLen(), plain.arenaLen())
	}
}

// One writer sealing often, so that the tails' headers are cleared and
// reused seal after seal (compactTails): every posting still ends up
// where a plain index has it.
func TestReusedTailsHoldThePostings(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	ix := NewIndex(NewStemmer())
	ix.sealTail = 4000
	plain := NewIndex(NewStemmer())
	plain.sealTail = math.MaxInt
	seals := 0
	for b := range 30 {
		batch := sealArticles(r, 1+b*40, 40)
		before := ix.arenaLen()
		ix.add(batch, nil)
		plain.add(batch, nil)
		if ix.arenaLen() != before {
			seals++
		}
	}
	if seals < 5 {
		t.Fatalf("%d seals: the headers were hardly reused", seals)
	}
	got, want := termDocs(ix), termDocs(plain)
	if len(got) != len(want) {
		t.Fatalf("%d terms, want %d", len(got), len(want))
	}
	for term, w := range want {
		if !maps.Equal(got[term], w) {
			t.Fatalf("term %q: %d postings, want %d (or different ones)", term, len(got[term]), len(w))
		}
	}
}
