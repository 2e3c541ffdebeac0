package briefing

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// The phrase dictionary answers exactly as a map of every pair put into
// it, across seals, and its merged (snapshot) form answers the same.
func TestPairDictAgreesWithAMap(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var p pairDict
	want := map[uint64]uint32{}
	words := 0
	var terms []postings
	for range 3 * pairSealMin {
		words += r.IntN(2) // the vocabulary grows as pairs arrive
		a, b := uint32(r.IntN(words+1)), uint32(r.IntN(words+1))
		if _, ok := want[wordPair(a, b)]; ok {
			continue
		}
		terms = append(terms, postings{})
		want[wordPair(a, b)] = uint32(len(terms) - 1)
		p.put(a, b, uint32(len(terms)-1), words+1)
	}
	words++
	if len(p.second) == 0 || len(p.fresh) == 0 {
		t.Fatalf("%d sealed, %d fresh: the test should exercise both", len(p.second), len(p.fresh))
	}
	merged := p.merged(words)
	if err := merged.check(words, terms); err != nil {
		t.Fatal(err)
	}
	again := merged.merged(words) // sealed already: the same arrays
	if err := again.check(words, terms); err != nil || &again.second[0] != &merged.second[0] {
		t.Fatalf("merging a sealed dictionary: %v, or copied", err)
	}
	grown := merged.merged(words + 3) // words since, without pairs
	if err := grown.check(words+3, terms); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*pairDict{&p, &merged, &grown} {
		if d.len() != len(want) {
			t.Fatalf("len %d, want %d", d.len(), len(want))
		}
		for k, term := range want {
			if got, ok := d.get(uint32(k>>32), uint32(k)); !ok || got != term {
				t.Fatalf("pair %d,%d: %d %v, want %d", k>>32, uint32(k), got, ok, term)
			}
		}
		seen := 0
		d.each(func(e pairEntry) {
			if want[wordPair(e.a, e.b)] != e.term {
				t.Fatalf("each: pair %v not put", e)
			}
			seen++
		})
		if seen != len(want) {
			t.Fatalf("each saw %d of %d", seen, len(want))
		}
	}
	for range 1000 {
		a, b := uint32(r.IntN(words+5)), uint32(r.IntN(words+5))
		if _, ok := want[wordPair(a, b)]; !ok {
			if _, found := p.get(a, b); found {
				t.Fatalf("pair %d,%d found, never put", a, b)
			}
		}
	}
	// A damaged dictionary is refused.
	merged.second[len(merged.second)/2] = uint32(words)
	if err := merged.check(words, terms); !errors.Is(err, errSnapshot) {
		t.Fatalf("damaged dictionary: %v", err)
	}
}

// Forward lists return what was added, across chunks, and survive being
// written out and read back; damaged bytes are refused.
func TestForwardListsRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var f fwdLists
	var want [][]uint32
	const words = 300_000
	for range 20_000 {
		l := make([]uint32, r.IntN(200))
		for i := range l {
			l[i] = uint32(r.IntN(words))
		}
		if r.IntN(500) == 0 {
			l = make([]uint32, fwdChunk/3) // longer than what is left of a chunk
		}
		want = append(want, l)
		f.add(l)
	}
	if len(f.chunks) < 2 {
		t.Fatalf("%d chunks: the test should cross chunks", len(f.chunks))
	}
	var all []byte
	for _, c := range f.chunks {
		all = append(all, c...)
	}
	if len(all) != f.bytes() {
		t.Fatalf("bytes() = %d, chunks hold %d", f.bytes(), len(all))
	}
	at := f.flatAt()
	loaded, stems, err := fwdFromBytes(all, at, words)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, w := range want {
		total += len(w)
	}
	if stems != uint64(total) {
		t.Errorf("fwdFromBytes counted %d stems, the lists hold %d", stems, total)
	}
	for _, g := range []*fwdLists{&f, &loaded} {
		for d, w := range want {
			var got []uint32
			g.words(uint32(d), func(x uint32) bool { got = append(got, x); return true })
			if !slices.Equal(got, w) || g.len(uint32(d)) != len(w) {
				t.Fatalf("document %d: %d words, want %d", d, len(got), len(w))
			}
		}
	}
	for _, bad := range [][]byte{all[:len(all)-1], append(slices.Clone(all), 0)} {
		if _, _, err := fwdFromBytes(bad, at, words); !errors.Is(err, errSnapshot) {
			t.Errorf("damaged lists (%d bytes of %d) accepted: %v", len(bad), len(all), err)
		}
	}
	if _, _, err := fwdFromBytes(all, at, words/2); !errors.Is(err, errSnapshot) {
		t.Errorf("lists naming unknown words accepted: %v", err)
	}
}

// docIDs finds every document as a map would, with articles arriving
// mostly in ID order and some late, across merges; docIDsOf (a loaded
// snapshot's) agrees and refuses a repeated ID.
func TestDocIDsAgreeWithAMap(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var docs []docMeta
	var x docIDs
	want := map[int64]uint32{}
	next := int64(1)
	var held []int64 // IDs skipped now, committed late
	lateAdds := 0
	for range 5 * docIDsMergeMin {
		id := next
		next++
		switch {
		case r.IntN(4) == 0:
			held = append(held, id)
			continue
		case len(held) > 0 && r.IntN(3) == 0:
			id, held = held[0], held[1:]
			next--
			lateAdds++
		}
		if _, dup := x.get(docs, id); dup {
			t.Fatalf("ID %d found before it was added", id)
		}
		docs = append(docs, docMeta{id: id})
		x.add(docs, uint32(len(docs)-1))
		want[id] = uint32(len(docs) - 1)
	}
	if lateAdds <= docIDsMergeMin {
		t.Fatalf("%d late articles: the test should merge", lateAdds)
	}
	loaded, err := docIDsOf(docs)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []*docIDs{&x, &loaded} {
		for id := int64(0); id <= next+1; id++ {
			d, ok := g.get(docs, id)
			if w, wok := want[id]; ok != wok || d != w {
				t.Fatalf("ID %d: document %d %v, want %d %v", id, d, ok, w, wok)
			}
		}
	}
	docs = append(docs, docMeta{id: docs[0].id})
	if _, err := docIDsOf(docs); !errors.Is(err, errSnapshot) {
		t.Fatalf("repeated ID accepted: %v", err)
	}
}
