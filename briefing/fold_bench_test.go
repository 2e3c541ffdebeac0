package briefing

import (
	"math/rand"
	"testing"
)

// BenchmarkFoldEventSets: foldStories over each hand-labelled event set
// (about 100 reports, most events told by 2–3 outlets, in a shuffled
// order as a briefing's ranked candidates come), prints taken from the
// cache as a briefing's are after its first run: the cost of grouping
// alone, compared old vs new when the event rule changes (copy this file
// into the old tree).
func BenchmarkFoldEventSets(b *testing.B) {
	type set struct {
		ix   *Index
		cand []Match
		byID map[int64]Article
	}
	var sets []set
	for _, name := range []string{"events.txt", "heldout.txt", "blind3.txt"} {
		reps := readEvents(b, name)
		ix, arts := eventIndex(reps)
		r := rand.New(rand.NewSource(1))
		cand := make([]Match, len(arts))
		byID := map[int64]Article{}
		for k, i := range r.Perm(len(arts)) {
			cand[k] = Match{ArticleID: arts[i].ID, Published: arts[i].Published}
			byID[arts[i].ID] = arts[i]
		}
		sets = append(sets, set{ix, cand, byID})
	}
	caches := make([]sigCache, len(sets))
	b.ResetTimer()
	for i := range b.N {
		s := sets[i%len(sets)]
		foldStories(s.ix, &caches[i%len(sets)], s.cand, s.byID)
	}
}
