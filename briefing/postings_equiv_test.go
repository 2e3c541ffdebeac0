package briefing_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// The compact postings answer exactly as the plain ones. An index whose
// tails are never sealed keeps every posting as the index did before
// compaction (one []posting a term); it is compared with one that seals
// often during ingest (sealed parts and tails mixed), one sealed all at
// once, and one loaded from a snapshot: selections with and without a
// limit, depth cuts, judgments (feedback), counts and briefings, before
// and after deletions and with articles added after the seals.
func TestCompactPostingsAnswerLikePlainLists(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	arts := snapshotCorpus(t, 0, 3000)
	plain := briefing.NewEngine(store, briefing.Config{RankDepth: briefing.MinRankDepth})
	briefing.SetSealTail(plain, -1)
	ingestAll(t, plain, arts[:2500])

	often := briefing.NewEngine(store, briefing.Config{RankDepth: briefing.MinRankDepth})
	briefing.SetSealTail(often, 200_000) // Sync reads 2000 articles at a time: the first seals, the rest stays
	once := briefing.NewEngine(store, briefing.Config{RankDepth: briefing.MinRankDepth})
	briefing.SetSealTail(once, -1)
	for _, e := range []*briefing.Engine{often, once} {
		if err := e.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	briefing.SealIndex(once)
	// Sealed often, in chunks of about 16 KiB: hundreds of them, split as
	// they grow.
	chunky := briefing.NewEngine(store, briefing.Config{RankDepth: briefing.MinRankDepth})
	briefing.SetSealTail(chunky, 20_000)
	briefing.SetChunkSize(chunky, 16384)
	if err := chunky.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if tail, all := briefing.IndexTails(plain); tail != all || all == 0 {
		t.Fatalf("plain index: %d of %d postings in tails, want all", tail, all)
	}
	if tail, _ := briefing.IndexTails(once); tail != 0 {
		t.Fatalf("sealed index: %d postings left in tails", tail)
	}
	if tail, all := briefing.IndexTails(often); tail == 0 || tail == all {
		t.Fatalf("often-sealed index: %d of %d postings in tails, want a mix", tail, all)
	}
	sameEverywhere(t, plain, often, once, chunky)

	// Later articles land in the tails of sealed lists.
	ingestAll(t, plain, arts[2500:])
	for _, e := range []*briefing.Engine{often, once, chunky} {
		if err := e.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var snap, chunkySnap bytes.Buffer
	if _, err := often.SaveIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	if _, err := chunky.SaveIndex(ctx, &chunkySnap); err != nil {
		t.Fatal(err)
	}
	if chunkySnap.Len() != snap.Len() { // the bytes differ: aliases are written in map order
		t.Fatalf("the chunked index's snapshot is %d bytes, the other's %d", chunkySnap.Len(), snap.Len())
	}
	fromChunky := briefing.NewEngine(store, briefing.Config{RankDepth: briefing.MinRankDepth})
	if _, err := fromChunky.LoadIndex(ctx, &chunkySnap); err != nil {
		t.Fatal(err)
	}
	loaded := briefing.NewEngine(store, briefing.Config{RankDepth: briefing.MinRankDepth})
	if _, err := loaded.LoadIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	sameEverywhere(t, plain, often, once, loaded, chunky, fromChunky)

	// Deletions rebuild the lists compactly; the plain index keeps its
	// tails through them only if it compacts to tails too, so it is
	// compared after the same DropDeleted.
	pruneSome(store, 3000, 400)
	for _, e := range []*briefing.Engine{plain, often, once, loaded, chunky} {
		if _, err := e.DropDeleted(ctx); err != nil {
			t.Fatal(err)
		}
	}
	sameEverywhere(t, plain, often, once, loaded, chunky)
	// And sealed again after the deletions (the compacted arena is flat
	// until then), with more articles.
	briefing.SealIndex(chunky)
	sameEverywhere(t, plain, chunky)
}

// sameEverywhere fails unless every engine answers as want does.
func sameEverywhere(t *testing.T, want *briefing.Engine, others ...*briefing.Engine) {
	t.Helper()
	ctx := context.Background()
	topics := append(append([]string(nil), snapshotTopics...), "harbour -council", "mayor OR tunnel OR budget")
	for _, topic := range topics {
		base, err := want.Match(ctx, topic, briefing.MatchOptions{})
		if err != nil || len(base) == 0 {
			t.Fatalf("%q: %d matches, %v", topic, len(base), err)
		}
		var judged []briefing.Judgment
		for i, m := range base[:min(len(base), 6)] {
			judged = append(judged, briefing.Judgment{ArticleID: m.ArticleID, Up: i%3 != 2})
		}
		opts := []briefing.MatchOptions{{}, {Limit: 10}, {Limit: 10, Depth: -1}, {Limit: 25, Judgments: judged}, {Judgments: judged}}
		for _, e := range others {
			for _, o := range opts {
				w, err1 := want.Match(ctx, topic, o)
				g, err2 := e.Match(ctx, topic, o)
				if err1 != nil || err2 != nil || !reflect.DeepEqual(w, g) {
					t.Fatalf("%q %+v: %d matches, compact %d (%v / %v)", topic, o, len(w), len(g), err1, err2)
				}
			}
			wn, _ := want.CountMatches(ctx, topic)
			gn, _ := e.CountMatches(ctx, topic)
			if wn != gn {
				t.Fatalf("%q: count %d, compact %d", topic, wn, gn)
			}
			wb, err1 := want.Brief(ctx, topic, briefing.BriefOptions{})
			gb, err2 := e.Brief(ctx, topic, briefing.BriefOptions{})
			wb.GeneratedAt = gb.GeneratedAt
			if err1 != nil || err2 != nil || !reflect.DeepEqual(wb, gb) {
				t.Fatalf("%q: briefings differ (%v / %v)", topic, err1, err2)
			}
		}
	}
}
