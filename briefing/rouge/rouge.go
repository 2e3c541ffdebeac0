// Package rouge scores a summary against one reference summary with ROUGE-1,
// ROUGE-2 and summary-level ROUGE-L, reproducing the numbers of the
// ROUGE-1.5.5 perl script run as `-n 2 -a -f A -p 0.5` on one-sentence-per-line
// files, without stemming (no -m) and without stopword removal (no -s).
//
// Conventions, all taken from ROUGE-1.5.5:
//
//   - Tokens are the runs of [a-z0-9] after lower-casing ASCII letters. Every
//     other byte separates tokens, including each byte of a non-ASCII letter
//     ("café" gives "caf").
//   - A summary is a slice of sentences. A sentence holding line breaks counts
//     as several sentences, as the script would read it from its input file.
//   - ROUGE-N (N = 1, 2) counts the clipped n-gram overlap (the multiset
//     intersection) of the two summaries, each tokenised as one text, so
//     bigrams run across sentence breaks.
//   - ROUGE-L is the summary-level union LCS. For each reference sentence, the
//     LCS with every candidate sentence is recovered the textbook way (from the
//     end: a match goes diagonally, otherwise step to the larger neighbour,
//     dropping the reference word on a tie) and the reference positions on any
//     of these LCSs form the union. A union position is a hit only while its
//     word still has unused occurrences in both summaries; each hit uses one
//     occurrence on each side, so no word is counted twice.
//   - Recall = hits / reference count and Precision = hits / candidate count,
//     where the counts are n-grams for ROUGE-N and words for ROUGE-L; F1 =
//     2PR/(P+R). Each is 0 when its denominator is 0.
//
// The script prints every number rounded to 5 decimals and computes F1 from
// the already rounded recall and precision; this package returns unrounded
// values, which agree with the script's output within 2e-5.
package rouge

import (
	"slices"
	"sync"
)

// Score is one ROUGE measure: recall, precision and their harmonic mean, each
// in [0, 1].
type Score struct{ Recall, Precision, F1 float64 }

// Scores holds ROUGE-1, ROUGE-2 and summary-level ROUGE-L.
type Scores struct{ R1, R2, RL Score }

// Compute scores candidate against reference. Both are summaries given as
// sentences; see the package documentation for the conventions. It is safe
// for concurrent use.
func Compute(candidate, reference []string) Scores {
	s := scratchPool.Get().(*scratch)
	defer s.release()
	cand := s.tokenize(&s.cand, candidate)
	ref := s.tokenize(&s.ref, reference)
	return Scores{
		R1: s.rouge1(cand, ref),
		R2: s.rouge2(cand, ref),
		RL: s.rougeL(cand, ref),
	}
}

// newScore turns hit and count totals into a Score.
func newScore(hits, refCount, candCount int) Score {
	var sc Score
	if refCount > 0 {
		sc.Recall = float64(hits) / float64(refCount)
	}
	if candCount > 0 {
		sc.Precision = float64(hits) / float64(candCount)
	}
	if sc.Recall+sc.Precision > 0 {
		sc.F1 = 2 * sc.Precision * sc.Recall / (sc.Precision + sc.Recall)
	}
	return sc
}

// scratch is the working memory of one Compute call, pooled so that scoring
// many pairs reuses its buffers instead of reallocating them.
type scratch struct {
	vocab     map[string]int32 // token -> dense id, per call
	lower     []byte           // lower-casing buffer for tokens with capitals
	cand, ref summary
	refCnt    []int32 // unigram counts by token id
	candCnt   []int32
	grams     []uint64 // bigram keys, both summaries back to back
	lcs       []int32  // LCS length table of one sentence pair
	mask      []bool   // union-LCS positions of one reference sentence
}

// summary is a tokenised summary: token ids of all sentences back to back,
// and where each sentence ends.
type summary struct {
	ids  []int32
	ends []int // ids[ends[k-1]:ends[k]] is sentence k (ends[-1] = 0)
}

// sentence returns the token ids of sentence k.
func (t *summary) sentence(k int) []int32 {
	start := 0
	if k > 0 {
		start = t.ends[k-1]
	}
	return t.ids[start:t.ends[k]]
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{vocab: make(map[string]int32)}
}}

// release clears per-call state (the vocabulary keeps substrings of the
// caller's input alive) and returns s to the pool.
func (s *scratch) release() {
	clear(s.vocab)
	scratchPool.Put(s)
}

// rouge1 is the clipped unigram overlap. It leaves the unigram counts of both
// summaries in s.refCnt and s.candCnt for rougeL's bookkeeping.
func (s *scratch) rouge1(cand, ref *summary) Score {
	n := len(s.vocab)
	s.refCnt = countIDs(s.refCnt, ref.ids, n)
	s.candCnt = countIDs(s.candCnt, cand.ids, n)
	hits := 0
	for id := range n {
		hits += int(min(s.refCnt[id], s.candCnt[id]))
	}
	return newScore(hits, len(ref.ids), len(cand.ids))
}

// countIDs returns buf resized to n and filled with the occurrences of each
// id in ids.
func countIDs(buf []int32, ids []int32, n int) []int32 {
	buf = slices.Grow(buf[:0], n)[:n]
	clear(buf)
	for _, id := range ids {
		buf[id]++
	}
	return buf
}

// rouge2 is the clipped bigram overlap, counted by merging the two sorted
// bigram lists.
func (s *scratch) rouge2(cand, ref *summary) Score {
	s.grams = appendBigrams(s.grams[:0], ref.ids)
	nRef := len(s.grams)
	s.grams = appendBigrams(s.grams, cand.ids)
	rg, cg := s.grams[:nRef], s.grams[nRef:]
	slices.Sort(rg)
	slices.Sort(cg)
	hits := 0
	for i, j := 0, 0; i < len(rg) && j < len(cg); {
		switch {
		case rg[i] < cg[j]:
			i++
		case rg[i] > cg[j]:
			j++
		default: // each equal pair is one clipped hit
			hits++
			i++
			j++
		}
	}
	return newScore(hits, len(rg), len(cg))
}

// appendBigrams appends the bigrams of ids, each packed into one uint64.
func appendBigrams(dst []uint64, ids []int32) []uint64 {
	for i := 1; i < len(ids); i++ {
		dst = append(dst, uint64(ids[i-1])<<32|uint64(ids[i]))
	}
	return dst
}
