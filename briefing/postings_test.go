package briefing

import (
	"math/rand"
	"runtime"
	"syscall"
	"testing"
)

// randomList is an ascending list of n postings with gaps from small to
// large (so varints of every width occur) and every tf and flag value.
func randomList(r *rand.Rand, n int) []posting {
	out := make([]posting, n)
	doc := uint32(r.Intn(3))
	for i := range out {
		out[i] = posting{doc: doc, tf: uint16(1 + r.Intn(4)), flags: uint8(r.Intn(16))}
		switch r.Intn(20) {
		case 0:
			out[i].tf = uint16(r.Intn(65536))
		case 1:
			doc += uint32(r.Intn(1 << 22))
		}
		doc += 1 + uint32(r.Intn(40))
	}
	return out
}

// listIndex builds an index holding only lists, each split at a random
// point into a sealed part and a tail.
func listIndex(r *rand.Rand, lists [][]posting) *Index {
	return splitIndex(lists, func(l []posting) int {
		if r.Intn(3) == 0 {
			return len(l)
		}
		return r.Intn(len(l) + 1)
	})
}

// splitIndex builds an index holding only lists, each with split(list)
// postings sealed and the rest in its tail.
func splitIndex(lists [][]posting, split func([]posting) int) *Index {
	ix := NewIndex(nil)
	for t, l := range lists {
		split := split(l)
		ix.terms = append(ix.terms, postings{off: uint32(len(ix.arena)), n: uint32(len(l))})
		w := beginList(ix.arena, split)
		for _, x := range l[:split] {
			w.add(x)
		}
		ix.arena = w.buf
		if split < len(l) {
			ix.tails = append(ix.tails, append([]posting(nil), l[split:]...))
			ix.terms[t].tail = uint32(len(ix.tails))
			ix.tailN += len(l) - split
		}
	}
	return ix
}

// The cursor reads back exactly what was written, and seek, has and
// countFrom agree with a search of the plain list, across block
// boundaries, skip tables and the seam between sealed part and tail.
func TestCursorMatchesPlainLists(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var lists [][]posting
	for _, n := range []int{1, 2, 127, 128, 129, 255, 256, 257, 1000, 5000} {
		for range 3 {
			lists = append(lists, randomList(r, n))
		}
	}
	ix := listIndex(r, lists)
	check := func(ix *Index, what string) {
		t.Helper()
		for i, l := range lists {
			p := &ix.terms[i]
			c := ix.cursor(p)
			for k, want := range l {
				if !c.next() || c.cur != want {
					t.Fatalf("%s: list %d (%d postings) posting %d: %+v, want %+v", what, i, len(l), k, c.cur, want)
				}
			}
			if c.next() {
				t.Fatalf("%s: list %d reads past its end", what, i)
			}
			checkSeeks(t, ix, p, l, r)
		}
	}
	check(ix, "split")
	ix.seal()
	if ix.tailN != 0 || len(ix.tails) != 0 {
		t.Fatalf("after seal: %d postings in %d tails", ix.tailN, len(ix.tails))
	}
	check(ix, "sealed")
}

// Sealing appends a tail to the sealed bytes as they are: wherever the
// seam falls (inside a block, on a block boundary, before a skip table
// exists), the list reads back whole.
func TestSealAppendsAtEverySeam(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for _, n := range []int{1, 2, 127, 128, 129, 256, 300} {
		for _, split := range []int{0, 1, 127, 128, 129, 255, 256, n - 1, n} {
			if split < 0 || split > n {
				continue
			}
			l := randomList(r, n)
			ix := splitIndex([][]posting{l}, func([]posting) int { return split })
			ix.seal()
			if ix.tailN != 0 || ix.terms[0].tail != 0 {
				t.Fatalf("%d postings sealed at %d: %d left in the tail after a seal", n, split, ix.tailN)
			}
			c := ix.cursor(&ix.terms[0])
			for k, want := range l {
				if !c.next() || c.cur != want {
					t.Fatalf("%d postings sealed at %d: posting %d is %+v, want %+v", n, split, k, c.cur, want)
				}
			}
			checkSeeks(t, ix, &ix.terms[0], l, r)
		}
	}
}

// checkSeeks walks p with ascending seeks to random documents and
// compares each answer with the plain list l.
func checkSeeks(t *testing.T, ix *Index, p *postings, l []posting, r *rand.Rand) {
	t.Helper()
	last := l[len(l)-1].doc
	lower := func(d uint32) int {
		k := 0
		for k < len(l) && l[k].doc < d {
			k++
		}
		return k
	}
	c := ix.cursor(p)
	d := uint32(0)
	for range 40 {
		d += uint32(r.Int63n(int64(last)/20 + 2))
		k := lower(d)
		ok := c.seek(d)
		if ok != (k < len(l)) || (ok && c.cur != l[k]) {
			t.Fatalf("seek(%d) = %v %+v, want posting %d of %d", d, ok, c.cur, k, len(l))
		}
		if got := ix.countFrom(p, d); got != len(l)-k {
			t.Fatalf("countFrom(%d) = %d, want %d", d, got, len(l)-k)
		}
	}
	for _, x := range []posting{l[0], l[len(l)/2], l[len(l)-1]} {
		for _, d := range []uint32{x.doc - 1, x.doc, x.doc + 1} {
			k := lower(d)
			if want := k < len(l) && l[k].doc == d; ix.has(p, d) != want {
				t.Fatalf("has(%d) = %v", d, !want)
			}
		}
	}
}

// BenchmarkCursor: reading a long list from a slice (as before
// compaction) and through a cursor.
func BenchmarkCursor(b *testing.B) {
	r := rand.New(rand.NewSource(3))
	l := randomList(r, 50_000)
	for i := range l {
		l[i].doc = uint32(i * 3)
	}
	ix := listIndex(r, [][]posting{l})
	ix.seal()
	p := &ix.terms[0]
	var sink float64
	b.Run("slice", func(b *testing.B) {
		defer threadCPU(b)()
		for range b.N {
			for _, x := range l {
				sink += float64(x.tf)
			}
		}
	})
	b.Run("next", func(b *testing.B) {
		defer threadCPU(b)()
		for range b.N {
			c := ix.cursor(p)
			for c.next() {
				sink += float64(c.cur.tf)
			}
		}
	})
	// Asking for every other document in turn, as namedShare and
	// literal matches do.
	b.Run("slice-walk", func(b *testing.B) {
		defer threadCPU(b)()
		for range b.N {
			j := 0
			for d := uint32(0); d < 150_000; d += 2 {
				for j < len(l) && l[j].doc < d {
					j++
				}
				if j < len(l) && l[j].doc == d {
					sink++
				}
			}
		}
	})
	b.Run("seek-walk", func(b *testing.B) {
		defer threadCPU(b)()
		for range b.N {
			c := ix.cursor(p)
			for d := uint32(0); d < 150_000; d += 2 {
				if c.seek(d) && c.cur.doc == d {
					sink++
				}
			}
		}
	})
	_ = sink
}

// threadCPU reports the CPU time of the benchmark's thread per op when
// the returned function runs (wall time means little on a shared host).
func threadCPU(b *testing.B) func() {
	runtime.LockOSThread()
	c0 := rusageThread()
	b.ResetTimer()
	return func() {
		b.ReportMetric(float64(rusageThread()-c0)/float64(b.N), "cpu-ns/op")
		runtime.UnlockOSThread()
	}
}

func rusageThread() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(1, &ru) // RUSAGE_THREAD
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// Tails begun in one batch are cut from one slab side by side: postings
// added to them in any interleaving (a term's first posting, then others
// growing it past its cut) read back as added, and no tail writes into
// its neighbour's.
func TestInterleavedTailsStayApart(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	const terms = 3 * tailSlabLen // more new tails than one slab holds
	ix := NewIndex(nil)
	ix.terms = make([]postings, terms)
	want := make([][]posting, terms)
	for doc := uint32(0); doc < 40; doc++ {
		var ps []pendingPosting
		for term := range uint32(terms) {
			// Term k gets a posting in about one document in k%7+1, so
			// some tails stay at one posting and others grow often.
			if r.Intn(int(term%7)+1) != 0 {
				continue
			}
			p := posting{doc: doc, tf: uint16(1 + r.Intn(9)), flags: uint8(r.Intn(16))}
			ps = append(ps, pendingPosting{term: term, tf: p.tf, flags: p.flags})
			want[term] = append(want[term], p)
		}
		ix.addPostings(ps, doc)
	}
	for term, l := range want {
		got := ix.tailOf(&ix.terms[term])
		if len(got) != len(l) {
			t.Fatalf("term %d: %d postings in its tail, want %d", term, len(got), len(l))
		}
		for k := range l {
			if got[k] != l[k] {
				t.Fatalf("term %d posting %d: %+v, want %+v", term, k, got[k], l[k])
			}
		}
	}
}
