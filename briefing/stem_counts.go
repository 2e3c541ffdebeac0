package briefing

// stemCounts counts, per single stem, the documents that hold it: densely,
// by the stem's number in Index.words, with the stems seen listed. Learning
// a topic's vocabulary counts the stems of its hundred best stories; in a
// map, growing and hashing were most of that work.
type stemCounts struct {
	n   []int32  // by postings.word-1
	ids []uint32 // the term numbers counted, in the order first seen
}

// countStems counts the stems of docs. Give the counts back with
// releaseCounts.
func (ix *Index) countStems(docs []uint32) *stemCounts {
	c, _ := ix.counts.get()
	if c == nil {
		c = &stemCounts{}
	}
	if len(c.n) < len(ix.words) {
		c.n = make([]int32, len(ix.words)+len(ix.words)/8)
	}
	count := func(w uint32) bool {
		if c.n[w] == 0 {
			c.ids = append(c.ids, ix.wordTerm[w])
		}
		c.n[w]++
		return true
	}
	for _, d := range docs {
		ix.fwd.words(d, count) // word numbers: the counts' index, no term lookup
	}
	return c
}

// releaseCounts zeroes the counts written and keeps them for reuse.
func (ix *Index) releaseCounts(c *stemCounts) {
	for _, id := range c.ids {
		c.n[ix.terms[id].word-1] = 0
	}
	c.ids = c.ids[:0]
	ix.counts.put(c)
}
