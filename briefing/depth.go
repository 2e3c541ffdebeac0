package briefing

import (
	"sort"
	"strconv"
	"strings"
)

// Depth: how much of a large archive a ranked answer reads. A topic's
// matches in a growing archive grow with it (a broad topic is a fixed
// share of the news), and an exact best-k under the selection rule must
// score every one of them: the topic's words, then the vocabulary learned
// from them, which no bound prunes much because the learned words decide
// the order (BENCHMARKS.md). So a ranked answer — /brief, match with a
// limit, a digest's newest matches — reads only the topic's newest
// candidates: the articles holding the rarest word of some alternative,
// most recently stored first, up to the depth, and learns and ranks among
// them. Its cost then stops growing with the archive, like a news search
// that walks postings newest first and stops early (Busch et al.,
// "Earlybird", ICDE 2012).
//
// Invariants: a topic with no more candidates than the depth is answered
// exactly as with no depth at all (no article is left out, the same
// scores); an unranked answer (every match, or a count) never uses a
// depth; and a narrow topic is never cut by a broad one's depth, because
// the depth counts the topic's own candidates, not the archive.

// DefaultRankDepth is the candidates a ranked answer reads when Config
// does not say.
const DefaultRankDepth = 20_000

// MinRankDepth is the smallest depth people may set: fewer candidates
// would make a broad topic's answer hang on a handful of articles.
const MinRankDepth = 1000

// ParseRankDepth reads a depth as people give it (a setting, a flag, a
// URL parameter): "all" (every candidate: -1) or a number of candidates of
// at least MinRankDepth.
func ParseRankDepth(s string) (int, error) {
	if strings.EqualFold(s, "all") {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < MinRankDepth {
		return 0, Errorf(EInvalid, "depth must be \"all\" or a whole number of at least %d, not %q", MinRankDepth, s)
	}
	return n, nil
}

// depthFloor returns the first document a ranked answer of q reads when it
// reads at most depth candidates, newest first: 0 (everything) when q has
// no more candidates than depth or depth <= 0. A candidate is a posting of
// the rarest key of some form of each alternative's rarest clause, so the
// floor bounds the work whatever q's shape.
func (ix *Index) depthFloor(q Query, depth int) uint32 {
	if depth <= 0 {
		return 0
	}
	var lists []*postings
	for _, alt := range q.Alts {
		var best []*postings
		bestN := -1
		for _, c := range alt {
			var ls []*postings
			n := 0
			for _, form := range append(c.Forms[:len(c.Forms):len(c.Forms)], c.Families...) {
				if p := ix.rarest(formKeys(form)); p != nil {
					ls = append(ls, p)
					n += p.df()
				}
			}
			if bestN < 0 || n < bestN {
				best, bestN = ls, n
			}
		}
		lists = append(lists, best...)
	}
	count := func(from uint32) int {
		n := 0
		for _, p := range lists {
			n += ix.countFrom(p, from)
		}
		return n
	}
	if count(0) <= depth {
		return 0
	}
	// count falls as the floor rises: the highest floor that still leaves
	// depth candidates.
	f := sort.Search(len(ix.docs)+1, func(f int) bool { return count(uint32(f)) < depth })
	return uint32(max(f-1, 0))
}

// formKeys are the index keys of a form: its word, or its adjacent pairs
// for a phrase.
func formKeys(form []string) []string {
	if len(form) <= 1 {
		return form
	}
	keys := make([]string, 0, len(form)-1)
	for i := 1; i < len(form); i++ {
		keys = append(keys, form[i-1]+" "+form[i])
	}
	return keys
}

// rarest returns the shortest posting list of keys, or nil when some key
// is unknown (the form matches nothing).
func (ix *Index) rarest(keys []string) *postings {
	var best *postings
	for _, k := range keys {
		p := ix.lookup(k)
		if p == nil {
			return nil
		}
		if best == nil || p.df() < best.df() {
			best = p
		}
	}
	return best
}
