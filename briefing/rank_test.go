package briefing

import (
	"math/rand"
	"slices"
	"testing"
)

// rankFixture is an index of n documents, dated on few days, and hits on
// a shuffled subset of them with scores from a small set, so that equal
// scores and equal dates are common and the document number often
// decides.
func rankFixture(r *rand.Rand, n int) (*Index, []docHit) {
	ix := &Index{docs: make([]docMeta, n)}
	for d := range ix.docs {
		ix.docs[d] = docMeta{id: int64(d)*3 + 1, published: int64(r.Intn(4)) * 86400}
	}
	var hits []docHit
	for _, d := range r.Perm(n) {
		if r.Intn(3) > 0 {
			hits = append(hits, docHit{doc: uint32(d), score: float64(r.Intn(6)) / 4, learned: r.Intn(2) == 0})
		}
	}
	return ix, hits
}

// sortedRef ranks a copy of hits by sorting it whole.
func sortedRef(ix *Index, hits []docHit) []docHit {
	out := slices.Clone(hits)
	ix.sortHits(out)
	return out
}

func docsOf(hits []docHit) []uint32 {
	out := make([]uint32, len(hits))
	for i, h := range hits {
		out[i] = h.doc
	}
	return out
}

func TestTopIsSortedPrefix(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, n := range []int{0, 1, 2, 5, 17, 40, 300, 3000} {
		for _, k := range []int{0, 1, 2, 3, 16, 17, 28, 100, 2000, 5000} {
			ix, hits := rankFixture(r, n)
			want := sortedRef(ix, hits)
			if k > 0 {
				want = want[:min(k, len(want))]
			}
			got := ix.top(slices.Clone(hits), k)
			if !slices.Equal(docsOf(got), docsOf(want)) {
				t.Errorf("n=%d k=%d: top differs from the sorted prefix", n, k)
			}
		}
	}
}

// TestCapExpansionKeepsStrongest compares the cap with its plain reading:
// sort the learned matches and keep the first ones.
func TestCapExpansionKeepsStrongest(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for _, n := range []int{10, 100, 1000, 5000} {
		for _, clearN := range []int{0, 1, 3, n / 20, n / 5} {
			ix, hits := rankFixture(r, n)
			clearN = min(clearN, len(hits))
			limit := 2 * max(clearN, 1)
			learned := sortedRef(ix, hits[clearN:])
			want := append(slices.Clone(hits[:clearN]), learned[:min(limit, len(learned))]...)
			got := ix.capExpansion(slices.Clone(hits), clearN, limit)
			if !slices.Equal(docsOf(sortedRef(ix, got)), docsOf(sortedRef(ix, want))) {
				t.Errorf("n=%d clear=%d: kept a different set of learned matches", n, clearN)
			}
		}
	}
}

func TestNewestKeepsLatestStored(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, n := range []int{10, 500, 3000} {
		for _, keep := range []int{1, 7, 300, 5000} {
			ix, hits := rankFixture(r, n)
			byID := slices.Clone(hits)
			slices.SortFunc(byID, func(a, b docHit) int { return int(ix.docs[b.doc].id - ix.docs[a.doc].id) })
			want := sortedRef(ix, byID[:min(keep, len(byID))])
			got := sortedRef(ix, ix.newest(slices.Clone(hits), keep))
			if !slices.Equal(docsOf(got), docsOf(want)) {
				t.Errorf("n=%d keep=%d: kept other than the newest", n, keep)
			}
		}
	}
}
