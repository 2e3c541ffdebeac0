package briefing_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// The index's layout (forward lists, term dictionary, snapshot format) may
// change; its answers may not. identityGolden holds digests of the answers
// the index gave before its layout was compacted (written with -update by
// that code), over generated articles taken through every path that
// builds or rebuilds the index: ingest, articles committed late, removal
// of deleted articles and growth after it, and a snapshot round trip.

var updateIdentity = flag.Bool("update-identity", false, "rewrite testdata/index_identity.golden")

const identityGolden = "testdata/index_identity.golden"

// identityTopics: stems, phrases, OR, exclusions, an acronym and its long
// form, broad topics that learn vocabulary from their matches
// (feedback), and misspellings that match nothing ("did you mean").
var identityTopics = append(append([]string(nil), snapshotTopics...),
	"inspection", "bridge council", "north bank", "harbuor", "enginers", "comuters budget", "tunnell")

// lateStore hides some stored articles from syncing, as a transaction
// committed after higher IDs were synced does, until reveal.
type lateStore struct {
	*briefingtest.MemStore
	mu     sync.Mutex
	hidden map[int64]bool
}

func (s *lateStore) isHidden(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hidden[id]
}

func (s *lateStore) reveal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hidden = nil
}

func (s *lateStore) visible(as []briefing.Article) []briefing.Article {
	var out []briefing.Article
	for _, a := range as {
		if !s.isHidden(a.ID) {
			out = append(out, a)
		}
	}
	return out
}

func (s *lateStore) Articles(ctx context.Context, ids []int64) ([]briefing.Article, error) {
	as, err := s.MemStore.Articles(ctx, ids)
	return s.visible(as), err
}

func (s *lateStore) ScanArticles(ctx context.Context, after int64, batch int, fn func([]briefing.Article) error) error {
	return s.MemStore.ScanArticles(ctx, after, batch, func(as []briefing.Article) error {
		if v := s.visible(as); len(v) > 0 {
			return fn(v)
		}
		return nil
	})
}

func (s *lateStore) CountArticlesThrough(ctx context.Context, id int64) (int64, error) {
	ids, err := s.ArticleIDs(ctx, 0, id)
	return int64(len(ids)), err
}

func (s *lateStore) ArticleIDs(ctx context.Context, after, through int64) ([]int64, error) {
	ids, err := s.MemStore.ArticleIDs(ctx, after, through)
	var out []int64
	for _, id := range ids {
		if !s.isHidden(id) {
			out = append(out, id)
		}
	}
	return out, err
}

// identityDigests runs every identity topic through eng and returns one
// line per answer: state, topic, kind, size and a digest of the answer.
func identityDigests(t *testing.T, state string, eng *briefing.Engine) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	add := func(topic, kind string, n int, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s\t%s\t%s\t%d\t%x", state, topic, kind, n, sha256.Sum256(b)))
	}
	for _, topic := range identityTopics {
		all, err := eng.Match(ctx, topic, briefing.MatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		add(topic, "match", len(all), all)
		top, err := eng.Match(ctx, topic, briefing.MatchOptions{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		add(topic, "match10", len(top), top)
		b, err := eng.Brief(ctx, topic, briefing.BriefOptions{})
		if err != nil {
			t.Fatal(err)
		}
		add(topic, "brief", len(b.Items), struct {
			Items       []briefing.Item
			Total       int
			Matches     int
			Suggestions []string
		}{b.Items, b.Total, b.Matches, b.Suggestions})
		if len(all) >= 8 { // judged: two up, two down (judge.go reads forward lists)
			js := []briefing.Judgment{{ArticleID: all[0].ArticleID, Up: true}, {ArticleID: all[2].ArticleID, Up: true},
				{ArticleID: all[len(all)-1].ArticleID}, {ArticleID: all[len(all)/2].ArticleID}}
			jm, err := eng.Match(ctx, topic, briefing.MatchOptions{Judgments: js})
			if err != nil {
				t.Fatal(err)
			}
			add(topic, "judged", len(jm), jm)
		}
	}
	return out
}

// TestIndexAnswersUnchanged compares the answers of an index built through
// every path with those recorded before the index was compacted.
func TestIndexAnswersUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds several indexes of 4,000 articles")
	}
	ctx := context.Background()
	store := &lateStore{MemStore: briefingtest.NewMemStore(), hidden: map[int64]bool{}}
	arts := snapshotCorpus(t, 0, 4500)
	if _, err := store.SaveArticles(ctx, arts[:4000]); err != nil {
		t.Fatal(err)
	}
	for id := int64(900); id < 4000; id += 157 { // committed late
		store.hidden[id] = true
	}
	// A fixed clock: the golden answers must not age.
	cfg := briefing.Config{Now: func() time.Time { return time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC) }}
	eng := briefing.NewEngine(store, cfg)
	if err := eng.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	store.reveal()
	if err := eng.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if eng.Indexed() != 4000 {
		t.Fatalf("indexed %d of 4000", eng.Indexed())
	}
	got := identityDigests(t, "late", eng)

	deleted := pruneSome(store.MemStore, 4000, 700)
	if n, err := eng.DropDeleted(ctx); err != nil || n != len(deleted) {
		t.Fatalf("DropDeleted = %d, %v; want %d", n, err, len(deleted))
	}
	got = append(got, identityDigests(t, "pruned", eng)...)
	ingestAll(t, eng, arts[4000:])
	got = append(got, identityDigests(t, "grown", eng)...)

	var snap bytes.Buffer
	if _, err := eng.SaveIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	loaded := briefing.NewEngine(store, cfg)
	if _, err := loaded.LoadIndex(ctx, bytes.NewReader(snap.Bytes())); err != nil {
		t.Fatal(err)
	}
	got = append(got, identityDigests(t, "loaded", loaded)...)
	ingestAll(t, eng, snapshotCorpus(t, 4500, 4600))
	if err := loaded.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	got = append(got, identityDigests(t, "loaded+sync", loaded)...)

	text := strings.Join(got, "\n") + "\n"
	if *updateIdentity {
		if err := os.WriteFile(filepath.FromSlash(identityGolden), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(filepath.FromSlash(identityGolden))
	if err != nil {
		t.Fatal(err)
	}
	wl := strings.Split(string(want), "\n")
	for i, g := range got {
		if i >= len(wl) || wl[i] != g {
			w := ""
			if i < len(wl) {
				w = wl[i]
			}
			t.Errorf("answer %d differs:\n got %s\nwant %s", i, g, w)
		}
	}
	if len(wl) != len(got)+1 {
		t.Errorf("%d answers, golden has %d", len(got), len(wl)-1)
	}
}
