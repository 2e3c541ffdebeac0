package briefing_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// snapshotTopics exercise every part of the index a snapshot carries:
// single stems, phrases (adjacent pairs), OR, exclusions, an acronym
// learned from a definition, its long form, and learned vocabulary
// (broad topics with enough clear matches to learn from).
var snapshotTopics = []string{"harbour bridge", "council", "repairs OR inspection", `"pension trust"`, "cables -ferry",
	"mayor", "engineers", "tunnel", "commuters", "budget", "QPTA", "Quarry Pension Trust Agreement"}

// snapshotCorpus is generated wire text plus a few articles defining an
// acronym, so the alias table is part of what is compared.
func snapshotCorpus(t *testing.T, from, to int) []briefing.Article {
	t.Helper()
	g := newCorpusGen(t, 7)
	var out []briefing.Article
	for i := 0; i < to; i++ {
		a := g.article(i)
		if i%97 == 0 {
			a.Text = "Trustees signed the Quarry Pension Trust Agreement (QPTA) on Monday.\n\n" + a.Text
		}
		if i >= from {
			out = append(out, a)
		}
	}
	return out
}

func ingestAll(t *testing.T, eng *briefing.Engine, arts []briefing.Article) {
	t.Helper()
	for i := 0; i < len(arts); i += 250 {
		if _, err := eng.Ingest(context.Background(), arts[i:min(i+250, len(arts))]); err != nil {
			t.Fatal(err)
		}
	}
}

// sameAnswers fails unless both engines select and brief identically.
func sameAnswers(t *testing.T, want, got *briefing.Engine) {
	t.Helper()
	ctx := context.Background()
	for _, topic := range snapshotTopics {
		wm, err1 := want.Match(ctx, topic, briefing.MatchOptions{})
		gm, err2 := got.Match(ctx, topic, briefing.MatchOptions{})
		if err1 != nil || err2 != nil {
			t.Fatalf("%q: %v / %v", topic, err1, err2)
		}
		if len(wm) == 0 {
			t.Fatalf("%q selects nothing: the test corpus no longer covers it", topic)
		}
		if !reflect.DeepEqual(wm, gm) {
			t.Errorf("%q: loaded index selects %d articles, rebuilt %d (or in another order)", topic, len(gm), len(wm))
		}
		wb, _ := want.Brief(ctx, topic, briefing.BriefOptions{})
		gb, _ := got.Brief(ctx, topic, briefing.BriefOptions{})
		wb.GeneratedAt = gb.GeneratedAt
		if !reflect.DeepEqual(wb, gb) {
			t.Errorf("%q: briefings differ", topic)
		}
	}
}

func TestIndexSnapshotAnswersLikeARebuild(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	writer := briefing.NewEngine(store, briefing.Config{})
	ingestAll(t, writer, snapshotCorpus(t, 0, 1500))
	var snap bytes.Buffer
	n, err := writer.SaveIndex(ctx, &snap)
	if err != nil || n != 1500 {
		t.Fatalf("SaveIndex = %d, %v", n, err)
	}

	loaded := briefing.NewEngine(store, briefing.Config{})
	if n, err := loaded.LoadIndex(ctx, bytes.NewReader(snap.Bytes())); err != nil || n != 1500 {
		t.Fatalf("LoadIndex = %d, %v", n, err)
	}
	rebuilt := briefing.NewEngine(store, briefing.Config{})
	if err := rebuilt.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, rebuilt, loaded)

	// Articles stored after the snapshot are added by the next Sync.
	ingestAll(t, writer, snapshotCorpus(t, 1500, 1800))
	if err := loaded.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if err := rebuilt.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, rebuilt, loaded)

	// A snapshot of a snapshot-loaded index is byte for byte the same
	// as one of the rebuilt index.
	var a, b bytes.Buffer
	if _, err := loaded.SaveIndex(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if _, err := rebuilt.SaveIndex(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if a.Len() == 0 || a.Len() != b.Len() {
		t.Errorf("snapshot sizes %d and %d", a.Len(), b.Len())
	}
}

func TestIndexSnapshotRefusedWhenItDoesNotMatch(t *testing.T) {
	ctx := context.Background()
	arts := snapshotCorpus(t, 0, 600)
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	ingestAll(t, eng, arts)
	var buf bytes.Buffer
	if _, err := eng.SaveIndex(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	snap := buf.Bytes()

	// Another database with as many articles, but different ones.
	other := briefingtest.NewMemStore()
	changed := append([]briefing.Article(nil), arts...)
	for i := range changed {
		changed[i].Source = "another-wire"
	}
	ingestAll(t, briefing.NewEngine(other, briefing.Config{}), changed)
	// A database that holds fewer of them.
	fewer := briefingtest.NewMemStore()
	ingestAll(t, briefing.NewEngine(fewer, briefing.Config{}), arts[:599])

	flipped := append([]byte(nil), snap...)
	flipped[len(flipped)/2] ^= 0x40

	cases := []struct {
		name  string
		store *briefingtest.MemStore
		data  []byte
		want  string
	}{
		{"different articles", other, snap, "differs"},
		{"articles missing", fewer, snap, "the database holds 599"},
		{"truncated", store, snap[:len(snap)*2/3], "truncated"},
		{"no checksum", store, snap[:len(snap)-2], "truncated"},
		{"a flipped bit", store, flipped, ""},
		{"trailing bytes", store, append(append([]byte(nil), snap...), 0), "trailing"},
		{"not a snapshot", store, []byte("SQLite format 3\x00 and then some"), "not an index snapshot"},
		{"empty", store, nil, "not an index snapshot"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := briefing.NewEngine(tc.store, briefing.Config{})
			_, err := e.LoadIndex(ctx, bytes.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("LoadIndex error = %v, want one containing %q", err, tc.want)
			}
			// Refused means untouched: the engine builds from its store.
			got, err := e.Match(ctx, "council", briefing.MatchOptions{})
			if err != nil {
				t.Fatal(err)
			}
			fresh := briefing.NewEngine(tc.store, briefing.Config{})
			want, _ := fresh.Match(ctx, "council", briefing.MatchOptions{})
			if len(want) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("after a refused snapshot: %d matches, a fresh engine %d", len(got), len(want))
			}
		})
	}

	if _, err := eng.LoadIndex(ctx, bytes.NewReader(snap)); err == nil {
		t.Error("LoadIndex into an engine already in use succeeded")
	}
}

// TestLoadIndexRefusesDamage damages a snapshot in a thousand seeded
// random ways (bytes changed, inserted, deleted, cut off): every one must
// be refused with an error, none may panic or hang.
func TestLoadIndexRefusesDamage(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	var arts []briefing.Article
	for i := range 12 {
		arts = append(arts, briefing.Article{Source: "s", GUID: fmt.Sprint(i), Title: fmt.Sprintf("Harbour bridge report %d", i),
			Text: "Engineers inspected the North Bank cables (NBC) on Monday.\n\nThe council approved repairs."})
	}
	if _, err := eng.Ingest(ctx, arts); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := eng.SaveIndex(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	snap := buf.Bytes()
	r := rand.New(rand.NewSource(1))
	for i := range 1000 {
		d := append([]byte(nil), snap...)
		for range 1 + r.Intn(3) {
			at := r.Intn(len(d))
			switch r.Intn(4) {
			case 0:
				d[at] ^= byte(1 + r.Intn(255))
			case 1:
				d = append(d[:at], append([]byte{byte(r.Intn(256)), 0xff, 0xff, 0xff, 0x0f}, d[at:]...)...)
			case 2:
				d = append(d[:at], d[min(at+1+r.Intn(8), len(d)):]...)
			default:
				d = d[:at]
			}
		}
		if bytes.Equal(d, snap) {
			continue
		}
		e := briefing.NewEngine(store, briefing.Config{})
		if _, err := e.LoadIndex(ctx, bytes.NewReader(d)); err == nil {
			t.Fatalf("damaged snapshot %d (%d bytes) was accepted", i, len(d))
		}
	}
}
