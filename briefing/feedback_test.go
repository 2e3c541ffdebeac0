package briefing

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestStoryIndexFindsWhatComparingAllFinds: filing sketches under their
// first hashes must find a copy exactly when comparing with every sketch
// does.
func TestStoryIndexFindsWhatComparingAllFinds(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ix := &Index{wordTerm: make([]uint32, 5000)}
	for w := range ix.wordTerm {
		ix.wordTerm[w] = uint32(w) // word numbers are term numbers here
	}
	var lists [][]uint32
	for d := range 3000 {
		// stories of 1 to 120 stems; a third are edits of an earlier one
		var stems []uint32
		if d > 0 && d%3 == 0 {
			base := lists[r.IntN(len(lists))]
			for _, s := range base {
				if r.Float64() < 0.7 {
					stems = append(stems, s)
				}
			}
			for range r.IntN(40) {
				stems = append(stems, uint32(r.IntN(5000)))
			}
		} else {
			for range 1 + r.IntN(120) {
				stems = append(stems, uint32(r.IntN(5000)))
			}
		}
		slices.Sort(stems)
		lists = append(lists, slices.Compact(stems))
		ix.fwd.add(lists[d])
		ix.docs = append(ix.docs, docMeta{})
	}
	x := storyIndex{by: map[uint64][]int32{}}
	var all []stemSketch
	copies := 0
	for d := range ix.docs {
		s := ix.sketch(uint32(d))
		want := slices.ContainsFunc(all, s.sameStory)
		if got := x.has(s); got != want {
			t.Fatalf("document %d: index says copy %v, comparing all says %v", d, got, want)
		}
		if want {
			copies++
			continue
		}
		x.add(s)
		all = append(all, s)
	}
	t.Logf("%d copies", copies)
	if copies < 300 || copies > 2700 {
		t.Errorf("%d copies among 3000: the test exercises little", copies)
	}
}
