package briefing

import (
	"runtime"
	"testing"
	"unsafe"
)

func TestBumpHandsOutDisjointSlices(t *testing.T) {
	var b bump[int]
	var got [][]int
	for i, n := range []int{3, 0, 5000, 7, minChunk, 1} {
		s := b.take(n)
		if len(s) != 0 || cap(s) != n {
			t.Fatalf("take(%d): len %d cap %d", n, len(s), cap(s))
		}
		for j := range n {
			s = append(s, i*100000+j)
		}
		got = append(got, s)
	}
	// appending past the room asked for must not run into a neighbour
	got[0] = append(got[0], -1)
	for i, s := range got {
		for j, v := range s {
			if i == 0 && j == 3 {
				continue
			}
			if v != i*100000+j {
				t.Fatalf("slice %d[%d] = %d: overwritten", i, j, v)
			}
		}
	}
	b.reset(true)
	if len(b.chunks) != 1 {
		t.Fatalf("after reset: %d chunks, want them merged into one", len(b.chunks))
	}
	s := b.take(10)[:10]
	for i, v := range s {
		if v != 0 {
			t.Fatalf("after a wiping reset, element %d = %d", i, v)
		}
	}
}

// giveBack returns only the last slice's unused room: the next take
// starts where that slice ends, the slice is capped (appending to it must
// not run into the next take), and an earlier slice is left alone.
func TestBumpGiveBackReusesTheUnusedRoom(t *testing.T) {
	var b bump[int]
	first := append(b.take(10), 1, 2, 3)
	last := append(b.take(10), 4, 5)
	if got := b.giveBack(first); cap(got) != 10 || b.used != 20 {
		t.Fatalf("giving back an earlier slice: cap %d, used %d; want it left alone (10, 20)", cap(got), b.used)
	}
	last = b.giveBack(last)
	if cap(last) != 2 || b.used != 12 {
		t.Fatalf("after giving back the last slice: cap %d, used %d; want 2, 12", cap(last), b.used)
	}
	next := append(b.take(4), 6, 7, 8, 9)
	if &next[0] != &b.chunks[0][12] {
		t.Fatal("the next take does not start where the given-back slice ends")
	}
	last = append(last, -1) // past its capped room: reallocates
	if want := []int{6, 7, 8, 9}; next[0] != want[0] || next[3] != want[3] {
		t.Fatalf("next = %v after appending to the given-back slice: overwritten", next)
	}
	if last[0] != 4 || last[2] != -1 || first[2] != 3 {
		t.Fatalf("last %v, first %v: contents lost", last, first)
	}
	grown := append(b.take(2), 1, 2, 3) // outgrew its room: not the bump's any more
	used := b.used
	if got := b.giveBack(grown); len(got) != 3 || b.used != used {
		t.Fatalf("giving back a slice that outgrew its room changed used %d → %d", used, b.used)
	}
}

// release gives back what was taken since the mark and nothing before
// it: within a chunk the next take starts at the mark; chunks added since
// are dropped but the last, which the next takes fill from its start.
func TestBumpReleaseKeepsWhatCameBeforeTheMark(t *testing.T) {
	var b bump[int]
	before := append(b.take(5), 1, 2, 3, 4, 5)
	m := b.mark()
	b.take(100)
	b.release(m)
	if b.used != 5 || len(b.chunks) != 1 {
		t.Fatalf("released within the chunk: used %d, %d chunks; want 5, 1", b.used, len(b.chunks))
	}
	b.take(3 * minChunk) // a new chunk
	b.take(5 * minChunk) // and another, the largest
	if len(b.chunks) != 3 {
		t.Fatalf("%d chunks, want 3", len(b.chunks))
	}
	b.release(m)
	if len(b.chunks) != 2 || len(b.chunks[1]) != 5*minChunk || b.used != 0 {
		t.Fatalf("released across chunks: %d chunks, last %d long, used %d; want 2, %d, 0",
			len(b.chunks), len(b.chunks[len(b.chunks)-1]), b.used, 5*minChunk)
	}
	after := append(b.take(2), 8, 9)
	if &after[0] != &b.chunks[1][0] {
		t.Fatal("the next take does not reuse the kept chunk from its start")
	}
	for i, v := range before {
		if v != i+1 {
			t.Fatalf("before the mark, element %d = %d: overwritten", i, v)
		}
	}
}

// A kept memory is bounded: one grown past keptBytes (an unranked answer
// over a large archive) is dropped instead of being kept for every later
// query; a small one is kept with its chunks merged.
func TestQueryMemsDropWhatIsTooLargeToKeep(t *testing.T) {
	var p queryMems
	m := p.get()
	m.uint32s(1000)
	m.uint32s(minChunk)
	m.docHitSlice(100)
	p.put(m)
	if got, ok := p.free.get(); !ok || got != m || len(m.docs.chunks) != 1 {
		t.Fatalf("a small memory was not kept with its chunks merged (kept: %v)", ok)
	}
	big := p.get()
	big.uint32s(keptBytes / 8)
	big.docHitSlice(keptBytes / 64)
	big.hitSlice(keptBytes / 32)
	if big.bytes() <= keptBytes {
		t.Fatalf("%d bytes is not past keptBytes", big.bytes())
	}
	p.put(big)
	if _, ok := p.free.get(); ok {
		t.Fatalf("a memory of %d bytes was kept, over keptBytes = %d", big.bytes(), keptBytes)
	}
}

// The free list keeps at most keepMax values, hands back what was put,
// and survives collections (unlike sync.Pool).
func TestKeepIsBoundedAndSurvivesCollections(t *testing.T) {
	var k keep[*int]
	vals := make([]*int, keepMax+3)
	for i := range vals {
		vals[i] = new(int)
		*vals[i] = i
		k.put(vals[i])
	}
	runtime.GC()
	runtime.GC()
	got := map[int]bool{}
	for {
		v, ok := k.get()
		if !ok {
			break
		}
		got[*v] = true
	}
	if len(got) != keepMax {
		t.Fatalf("got %d values back after two collections, want keepMax = %d", len(got), keepMax)
	}
	for i := range keepMax {
		if !got[i] {
			t.Fatalf("value %d put first was not kept (got %v)", i, got)
		}
	}
}

// The sizes queryMem.bytes counts are the elements' own on this platform
// (64-bit; on 32-bit they overstate, so less is kept).
func TestQueryMemSizes(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"docHit", unsafe.Sizeof(docHit{}), docHitBytes},
		{"hit", unsafe.Sizeof(hit{}), hitBytes},
		{"clauseHit", unsafe.Sizeof(clauseHit{}), clauseHitBytes},
	} {
		if c.got != c.want {
			t.Errorf("%s is %d bytes, queryMem.bytes counts %d", c.name, c.got, c.want)
		}
	}
}

// A match's evidence is found again by its number, across chunk
// boundaries: a run never straddles two chunks, and no run overwrites
// another.
func TestWhyTableKeepsEachRunWhole(t *testing.T) {
	var w whyTable
	type run struct {
		at uint32
		n  uint16
	}
	var runs []run
	for i := 0; len(w.chunks) < 3; i++ {
		n := uint16(1 + i%7)
		at := w.take(int(n))
		for k := range n {
			w.at(at, n)[k] = clauseHit{surface: uint16(i), tf: k, flags: uint8(i)}
		}
		runs = append(runs, run{at, n})
	}
	for i, r := range runs {
		cs := w.at(r.at, r.n)
		if len(cs) != int(r.n) || cap(cs) != int(r.n) {
			t.Fatalf("run %d: len %d cap %d, want %d", i, len(cs), cap(cs), r.n)
		}
		for k, c := range cs {
			if c != (clauseHit{surface: uint16(i), tf: uint16(k), flags: uint8(i)}) {
				t.Fatalf("run %d clause %d = %+v: overwritten", i, k, c)
			}
		}
	}
	if a, b := w.surface("oil"), w.surface("crude oil"); a == b || w.surface("oil") != a || w.surfaces[b] != "crude oil" {
		t.Fatalf("surfaces numbered %d, %d: want distinct, stable numbers", a, b)
	}
	chunks := len(w.chunks)
	w.reset()
	if w.take(5) != 0 || len(w.chunks) != chunks || len(w.surfaces) != 0 {
		t.Fatalf("after reset: first take not at 0, or chunks %d (had %d), surfaces %v", len(w.chunks), chunks, w.surfaces)
	}
}

// A memory whose lists were shed (an unranked answer's) is not kept: kept
// without its hit lists, every ranked query that took it would allocate
// them again.
func TestShedMemoryIsNotKept(t *testing.T) {
	var p queryMems
	m := p.get()
	m.hits.take(keptBytes/hitBytes + 1) // the hit lists alone over the bound
	m.docHits.take(10)
	m.shedLists()
	if m.hits.len() != 0 || m.docHits.len() == 0 {
		t.Fatalf("after shedding: %d hits, %d matches held; want the hit lists gone, the matches kept", m.hits.len(), m.docHits.len())
	}
	p.put(m)
	if _, ok := p.free.get(); ok {
		t.Fatal("a memory that shed its lists was kept")
	}
	small := p.get()
	small.hits.take(100)
	small.shedLists() // within the bound: nothing to shed, kept as usual
	if small.hits.len() == 0 {
		t.Fatal("a memory within the bound shed its lists")
	}
	p.put(small)
	if _, ok := p.free.get(); !ok {
		t.Fatal("a memory within the bound was not kept")
	}
}
