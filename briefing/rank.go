package briefing

import (
	"slices"
	"time"
)

// Ranking: matches are shown best first, newest first on equal scores, and
// by document number after that, so the order is total and every way of
// finding the best k of them finds the same ones in the same order. A
// broad topic matches tens of thousands of articles while a page shows a
// handful, so the best are selected rather than everything sorted.

// cmpRank orders a before b when a ranks higher.
func (ix *Index) cmpRank(a, b docHit) int {
	if a.score != b.score {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	if pa, pb := ix.docs[a.doc].published, ix.docs[b.doc].published; pa != pb {
		if pa > pb {
			return -1
		}
		return 1
	}
	if a.doc != b.doc {
		if a.doc > b.doc {
			return -1
		}
		return 1
	}
	return 0
}

// sortHits puts hits in rank order.
func (ix *Index) sortHits(hits []docHit) {
	slices.SortFunc(hits, ix.cmpRank)
}

// top moves the k best hits to the front in rank order and returns them;
// the rest stay behind them in no particular order. k <= 0 means all.
func (ix *Index) top(hits []docHit, k int) []docHit {
	if k <= 0 || k >= len(hits) {
		ix.sortHits(hits)
		return hits
	}
	ix.selectBest(hits, k)
	ix.sortHits(hits[:k])
	return hits[:k]
}

// selectBest moves the k best hits to hits[:k], in no particular order
// (quickselect: linear, where sorting is n log n).
func (ix *Index) selectBest(hits []docHit, k int) {
	for k > 0 && k < len(hits) {
		if len(hits) <= 16 {
			ix.sortHits(hits)
			return
		}
		p := ix.partition(hits)
		switch {
		case k == p || k == p+1:
			return
		case k < p:
			hits = hits[:p]
		default:
			hits, k = hits[p+1:], k-p-1
		}
	}
}

// partition splits hits around a pivot (the median of the first, middle
// and last hits) and returns its position: every hit before it ranks
// higher, every hit after it lower.
func (ix *Index) partition(h []docHit) int {
	mid, last := len(h)/2, len(h)-1
	if ix.cmpRank(h[mid], h[0]) < 0 {
		h[mid], h[0] = h[0], h[mid]
	}
	if ix.cmpRank(h[last], h[0]) < 0 {
		h[last], h[0] = h[0], h[last]
	}
	if ix.cmpRank(h[mid], h[last]) < 0 {
		h[mid], h[last] = h[last], h[mid]
	}
	// now h[0] ≤ h[last] ≤ h[mid] in rank order: h[last] is the pivot
	p := 0
	for i := range last {
		if ix.cmpRank(h[i], h[last]) < 0 {
			h[i], h[p] = h[p], h[i]
			p++
		}
	}
	h[p], h[last] = h[last], h[p]
	return p
}

// publishedSince keeps the hits published at or after since (all of them
// when since is zero); an undated article is never recent enough.
func (ix *Index) publishedSince(hits []docHit, since time.Time) []docHit {
	if since.IsZero() {
		return hits
	}
	kept := hits[:0]
	for _, h := range hits {
		if p := ix.docs[h.doc].published; p != 0 && !time.Unix(p, 0).Before(since) {
			kept = append(kept, h)
		}
	}
	return kept
}

// newest keeps the n most recently stored hits (article IDs grow with
// storage order).
func (ix *Index) newest(hits []docHit, n int) []docHit {
	if len(hits) <= n {
		return hits
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = ix.docs[h.doc].id
	}
	slices.Sort(ids)
	cut := ids[len(ids)-n]
	kept := hits[:0]
	for _, h := range hits {
		if ix.docs[h.doc].id >= cut {
			kept = append(kept, h)
		}
	}
	return kept
}

// explain turns ranked hits into matches, saying why each matched; rel is
// the topic's learned vocabulary, for the learned matches; mem is the
// query's memory, which holds the hits' evidence.
func (ix *Index) explain(hits []docHit, rel []relatedTerm, mem *queryMem) []Match {
	if len(hits) == 0 {
		return nil
	}
	out := make([]Match, len(hits))
	why := newWhyWords(&mem.why)
	for i, h := range hits {
		meta := &ix.docs[h.doc]
		var pub time.Time
		if meta.published != 0 {
			pub = time.Unix(meta.published, 0).UTC()
		}
		var related []string
		if h.learned {
			related = ix.relatedIn(h.doc, rel, 3)
		}
		out[i] = Match{ArticleID: meta.id, Score: h.score, Published: pub, Why: why.of(h, related)}
	}
	return out
}
