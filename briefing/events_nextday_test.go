package briefing

import (
	"math"
	"testing"
	"time"
)

// TestNextDayJoinsStoryOnTheHappeningsWords: a report 16 hours after the
// nearer of a story's two reports, whose cosine with them taken together
// is under the risen bar (even under the lowest bar risen with the
// time, 20 hours on), joins them when part of that cosine lies on words
// that are names in neither (the happening told again), not when all it
// shares with them is a name, and not beyond eventNextDay.
func TestNextDayJoinsStoryOnTheHappeningsWords(t *testing.T) {
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	// vec builds a unit vector of equal weights over terms; names are the
	// terms that are names in this report.
	vec := func(published time.Time, terms []uint32, names ...uint32) eventSig {
		isName := map[uint32]bool{}
		for _, n := range names {
			isName[n] = true
		}
		w := 1 / math.Sqrt(float64(len(terms)))
		s := eventSig{published: published}
		for _, term := range terms {
			s.vec = append(s.vec, termWeight{term: term, name: isName[term], w: w})
		}
		return s
	}
	// own returns n terms from first on, the report's own words.
	own := func(first uint32, n int) []uint32 {
		var ts []uint32
		for k := range n {
			ts = append(ts, first+uint32(k))
		}
		return ts
	}
	a := vec(at, []uint32{1, 2, 3, 4}, 1)
	b := vec(at.Add(2*time.Hour), []uint32{1, 2, 5, 6}, 1)
	later := func(gap time.Duration, names ...uint32) eventSig {
		return vec(at.Add(2*time.Hour+gap), append([]uint32{1, 2}, own(100, 12)...), names...)
	}
	arts := []Article{{Source: "one"}, {Source: "two"}, {Source: "three"}}
	for _, c := range []struct {
		name string
		sig  eventSig
		want bool
	}{
		{"the happening's word shared, 16 h later", later(16*time.Hour, 1), true},
		// 20 h on, the lowest bar has risen (0.15 + 0.50 × 8/24 = 0.317) above
		// the story's cosine (0.308) and the flat bar: it still joins
		{"the happening's word shared, 20 h later", later(20*time.Hour, 1), true},
		{"only names shared, 16 h later", later(16*time.Hour, 1, 2), false},
		{"the happening's word shared, 23 h later", later(23*time.Hour, 1), false},
	} {
		sigs := []eventSig{a, b, c.sig}
		cosOf := func(j, k int) float64 { return sigs[j].cosine(sigs[k]) }
		if got := joinsWhole(arts, sigs, cosOf, []int{0, 1}, 2); got != c.want {
			t.Errorf("%s: joins %v, want %v (cosines %.3f / %.3f)", c.name, got, c.want, cosOf(2, 0), cosOf(2, 1))
		}
	}
}
