package briefing

import (
	"cmp"
	"fmt"
	"slices"
)

// docIDs finds a document by its article ID. Articles arrive in ID order
// but for those committed late, so the document numbers sorted by ID
// (4 bytes a document, searched in the documents' own IDs) take every
// article that comes after the highest ID so far in O(1); a late one
// waits in a small map until the map is worth a merge. A Go map of every
// ID cost about 24 bytes a document.
//
// Invariant: every document is in sorted or in late, never both.
type docIDs struct {
	sorted []uint32 // document numbers, ascending by ID
	late   map[int64]uint32
}

// docIDsMergeMin is the fewest late documents worth a merge.
const docIDsMergeMin = 1 << 12

// get returns the document holding article id.
func (x *docIDs) get(docs []docMeta, id int64) (uint32, bool) {
	if d, ok := x.late[id]; ok {
		return d, true
	}
	s := x.sorted
	if len(s) == 0 || id > docs[s[len(s)-1]].id {
		return 0, false
	}
	i, ok := slices.BinarySearchFunc(s, id, func(d uint32, id int64) int { return cmp.Compare(docs[d].id, id) })
	if !ok {
		return 0, false
	}
	return s[i], true
}

// add records document d (already in docs), whose ID is new.
func (x *docIDs) add(docs []docMeta, d uint32) {
	s := x.sorted
	if len(s) == 0 || docs[d].id > docs[s[len(s)-1]].id {
		x.sorted = append(s, d)
		return
	}
	if x.late == nil {
		x.late = map[int64]uint32{}
	}
	x.late[docs[d].id] = d
	if len(x.late) >= max(docIDsMergeMin, len(s)/16) {
		x.merge(docs)
	}
}

// merge moves the late documents into sorted.
func (x *docIDs) merge(docs []docMeta) {
	s := slices.Grow(x.sorted, len(x.late))
	for _, d := range x.late {
		s = append(s, d)
	}
	slices.SortFunc(s, func(a, b uint32) int { return cmp.Compare(docs[a].id, docs[b].id) })
	x.sorted, x.late = s, nil
}

// docIDsOf indexes docs, refusing repeated or invalid IDs (a loaded
// snapshot's).
func docIDsOf(docs []docMeta) (docIDs, error) {
	s := make([]uint32, len(docs))
	for i := range s {
		s[i] = uint32(i)
	}
	// Mostly in order already: pattern-defeating quicksort sees the runs.
	slices.SortFunc(s, func(a, b uint32) int { return cmp.Compare(docs[a].id, docs[b].id) })
	for i, d := range s {
		if docs[d].id <= 0 || (i > 0 && docs[d].id == docs[s[i-1]].id) {
			return docIDs{}, fmt.Errorf("%w: document ID %d repeated or invalid", errSnapshot, docs[d].id)
		}
	}
	return docIDs{sorted: s}, nil
}
