package briefing

import "testing"

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
