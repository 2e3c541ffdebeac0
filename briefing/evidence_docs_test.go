package briefing

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestEvidenceBlocksAndNeededDocsKeepTheSums: evidence read a block of
// documents at a time, and only for the documents a selection reads,
// holds for those documents the sums a word at a time over every document
// gives (the rule before), bit for bit, over sealed postings and tails,
// from any first document; the documents not needed stay zero.
func TestEvidenceBlocksAndNeededDocsKeepTheSums(t *testing.T) {
	ix := NewIndex(NewStemmer())
	var arts []Article
	for i, tt := range gradedStories(40) {
		arts = append(arts, Article{ID: int64(i + 1), Title: tt[0], Text: tt[1]})
	}
	ix.add(arts[:25], nil)
	ix.seal() // the first articles' postings sealed, the rest in tails
	ix.add(arts[25:], nil)
	// the stories naming "ferry" are learned from; those naming only
	// "fares" hold the words learned, and are not needed unless matched
	q, err := ParseQuery(ix.st, "ferry")
	if err != nil {
		t.Fatal(err)
	}
	p := defaultFeedbackParams()
	var fb []uint32
	for d := range 12 {
		fb = append(fb, uint32(d))
	}
	rel := ix.related(fb, ix.queryTermIDs(q), p)
	if len(rel) < 5 {
		t.Fatalf("learned %d words; the test needs several", len(rel))
	}
	for _, from := range []uint32{0, 7} {
		want := wordAtATime(ix, rel, from)
		for _, block := range []int{0, 1, 3, 64} {
			ix.evBlock = block
			all := ix.evidence(rel, from, nil)
			need := ix.needDocs([]docHit{{doc: 30}, {doc: 31}}, ix.queryTermIDs(q), from)
			some := ix.evidence(rel, from, need)
			needed, unneeded := 0, 0
			for d := range ix.docs {
				w := want[d]
				if math.Float64bits(all.score[d]) != math.Float64bits(w) {
					t.Errorf("from %d, block %d, document %d: every document's evidence %v, want %v", from, block, d, all.score[d], w)
				}
				if uint32(d) >= from && need.has(uint32(d)) {
					needed++
					if math.Float64bits(some.score[d]) != math.Float64bits(w) {
						t.Errorf("from %d, block %d, needed document %d: evidence %v, want %v", from, block, d, some.score[d], w)
					}
					continue
				}
				if w != 0 {
					unneeded++
				}
				if some.score[d] != 0 {
					t.Errorf("from %d, block %d, document %d is not needed but has evidence %v", from, block, d, some.score[d])
				}
			}
			if needed < 3 || unneeded == 0 {
				t.Errorf("from %d: %d documents needed, %d with evidence not needed; the test needs both", from, needed, unneeded)
			}
			ix.release(all)
			ix.release(some)
			ix.releaseMask(need)
		}
	}
}

// wordAtATime is evidence as it was computed before blocks and needed
// documents: one word at a time over every document from from on.
func wordAtATime(ix *Index, rel []relatedTerm, from uint32) []float64 {
	score := make([]float64, len(ix.docs))
	norms := ix.lengthNorms()
	for _, t := range rel {
		c := ix.cursor(&ix.terms[t.id])
		for ok := c.seek(from); ok; ok = c.next() {
			x := c.cur
			score[x.doc] += t.weight * bm25(x.tf, x.flags, norms[x.doc]) / (bm25K1 + 1)
		}
	}
	return score
}

// TestNeededEvidenceOverManyPostings: the needed postings set aside and
// scored after (addNeeded) give the word-at-a-time sums bit for bit when
// many are set aside in one block (more than its buffer holds) and the
// lists run over several sealed blocks into their tails.
func TestNeededEvidenceOverManyPostings(t *testing.T) {
	ix := NewIndex(NewStemmer())
	var arts []Article
	for i := range 1500 {
		text := fmt.Sprintf("Harbour cranes loaded cargo number %d.", i)
		if i%3 != 0 {
			text += " Tugboats waited by the pier."
		}
		if i%5 == 0 {
			text += strings.Repeat(" Cranes lifted containers.", 1+i%4)
		}
		arts = append(arts, Article{ID: int64(i + 1), Title: fmt.Sprintf("Port report %d", i), Text: text})
	}
	ix.add(arts[:1200], nil)
	ix.seal() // several posting blocks a word, then tails
	ix.add(arts[1200:], nil)
	q, err := ParseQuery(ix.st, "cranes cargo tugboats pier containers")
	if err != nil {
		t.Fatal(err)
	}
	var rel []relatedTerm
	for id := range ix.queryTermIDs(q) {
		rel = append(rel, relatedTerm{id: id, weight: 0.3 + float64(len(rel))/7})
	}
	if len(rel) < 4 {
		t.Fatalf("%d words; the test needs several", len(rel))
	}
	var hits []docHit
	for d := range uint32(len(ix.docs)) {
		if d%7 != 2 { // most documents needed, in runs longer than a buffer
			hits = append(hits, docHit{doc: d})
		}
	}
	for _, from := range []uint32{0, 300} {
		want := wordAtATime(ix, rel, from)
		for _, block := range []int{0, 1000} {
			ix.evBlock = block
			need := ix.needDocs(hits, nil, from)
			got := ix.evidence(rel, from, need)
			scored := 0
			for d := range ix.docs {
				w := want[d]
				if uint32(d) >= from && need.has(uint32(d)) {
					if w != 0 {
						scored++
					}
					if math.Float64bits(got.score[d]) != math.Float64bits(w) {
						t.Errorf("from %d, block %d, needed document %d: evidence %v, want %v", from, block, d, got.score[d], w)
					}
				} else if got.score[d] != 0 {
					t.Errorf("from %d, block %d, document %d is not needed but has evidence %v", from, block, d, got.score[d])
				}
			}
			if scored < 600 {
				t.Errorf("from %d: %d needed documents with evidence; the test needs more than a buffer", from, scored)
			}
			ix.release(got)
			ix.releaseMask(need)
		}
	}
}
