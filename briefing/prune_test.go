package briefing_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// pruneSome deletes from store the first articles (IDs up to first) and
// every third article after, keeping at least one of the acronym's
// definitions (so the learned aliases match a rebuild's).
func pruneSome(store *briefingtest.MemStore, n, first int) (deleted []int64) {
	for id := int64(1); id <= int64(n); id++ {
		if id <= int64(first) || id%3 == 0 {
			deleted = append(deleted, id)
		}
	}
	store.DeleteArticles(deleted)
	return deleted
}

func TestDropDeletedAnswersLikeARebuild(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	ingestAll(t, eng, snapshotCorpus(t, 0, 1500))
	deleted := pruneSome(store, 1500, 500)

	n, err := eng.DropDeleted(ctx)
	if err != nil || n != len(deleted) {
		t.Fatalf("DropDeleted = %d, %v; want %d", n, err, len(deleted))
	}
	if got, want := eng.Indexed(), 1500-len(deleted); got != want {
		t.Fatalf("indexed %d, want %d", got, want)
	}
	rebuilt := briefing.NewEngine(store, briefing.Config{})
	if err := rebuilt.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, rebuilt, eng)
	assertNoneOf(t, eng, deleted)

	// Nothing more to drop: a second pass changes nothing.
	if n, err := eng.DropDeleted(ctx); err != nil || n != 0 {
		t.Fatalf("second DropDeleted = %d, %v", n, err)
	}
	// The compacted index keeps growing like any other.
	ingestAll(t, eng, snapshotCorpus(t, 1500, 1800))
	if err := rebuilt.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, rebuilt, eng)
}

// assertNoneOf fails if any answer names a deleted article.
func assertNoneOf(t *testing.T, eng *briefing.Engine, deleted []int64) {
	t.Helper()
	gone := map[int64]bool{}
	for _, id := range deleted {
		gone[id] = true
	}
	for _, topic := range snapshotTopics {
		ms, err := eng.Match(context.Background(), topic, briefing.MatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if gone[m.ArticleID] {
				t.Fatalf("%q still selects deleted article %d", topic, m.ArticleID)
			}
		}
	}
}

// An index file saved before articles were deleted is refused afterwards
// (a restart rebuilds rather than bring them back); one saved after the
// index dropped them loads and answers like a rebuild.
func TestIndexSnapshotAfterDeletion(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	ingestAll(t, eng, snapshotCorpus(t, 0, 1200))
	var before bytes.Buffer
	if _, err := eng.SaveIndex(ctx, &before); err != nil {
		t.Fatal(err)
	}
	deleted := pruneSome(store, 1200, 100)
	if _, err := briefing.NewEngine(store, briefing.Config{}).LoadIndex(ctx, bytes.NewReader(before.Bytes())); err == nil {
		t.Fatal("an index file holding deleted articles was loaded")
	}
	if _, err := eng.DropDeleted(ctx); err != nil {
		t.Fatal(err)
	}
	var after bytes.Buffer
	if _, err := eng.SaveIndex(ctx, &after); err != nil {
		t.Fatal(err)
	}
	loaded := briefing.NewEngine(store, briefing.Config{})
	if n, err := loaded.LoadIndex(ctx, bytes.NewReader(after.Bytes())); err != nil || n != 1200-len(deleted) {
		t.Fatalf("LoadIndex = %d, %v", n, err)
	}
	rebuilt := briefing.NewEngine(store, briefing.Config{})
	if err := rebuilt.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, rebuilt, loaded)
	assertNoneOf(t, loaded, deleted)
}

// Queries run while the index drops articles (run with -race): each
// answers from the index before or after the swap, never a broken one,
// and after DropDeleted returns none selects a deleted article.
func TestDropDeletedWithConcurrentQueries(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{SyncEvery: 1})
	ingestAll(t, eng, snapshotCorpus(t, 0, 1200))
	deleted := pruneSome(store, 1200, 100)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 3 {
		wg.Go(func() {
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				topic := snapshotTopics[i%len(snapshotTopics)]
				if _, err := eng.Brief(ctx, topic, briefing.BriefOptions{}); err != nil {
					t.Error(err)
					return
				}
				if _, err := eng.Match(ctx, topic, briefing.MatchOptions{Limit: 10}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	n, err := eng.DropDeleted(ctx)
	close(stop)
	wg.Wait()
	if err != nil || n != len(deleted) {
		t.Fatalf("DropDeleted = %d, %v; want %d", n, err, len(deleted))
	}
	assertNoneOf(t, eng, deleted)
}

// holdingStore blocks the first ArticleIDs call after hold is armed until
// released, so a test can look at the engine in the middle of a pass.
type holdingStore struct {
	*briefingtest.MemStore
	mu      sync.Mutex
	entered chan struct{}
	release chan struct{}
}

func (s *holdingStore) ArticleIDs(ctx context.Context, after, through int64) ([]int64, error) {
	s.mu.Lock()
	entered, release := s.entered, s.release
	s.entered = nil
	s.mu.Unlock()
	if entered != nil {
		close(entered)
		<-release
	}
	return s.MemStore.ArticleIDs(ctx, after, through)
}

// A query that is due to sync does not wait for a pass in progress: it
// answers from the index as it stands (the deleted articles are left out
// of briefings as they cannot be loaded), and the pass then completes.
func TestQueriesDoNotWaitForDropDeleted(t *testing.T) {
	ctx := context.Background()
	store := &holdingStore{MemStore: briefingtest.NewMemStore()}
	eng := briefing.NewEngine(store, briefing.Config{SyncEvery: 1}) // every query is due to sync
	ingestAll(t, eng, snapshotCorpus(t, 0, 600))
	deleted := pruneSome(store.MemStore, 600, 100)
	store.mu.Lock()
	store.entered, store.release = make(chan struct{}), make(chan struct{})
	entered, release := store.entered, store.release
	store.mu.Unlock()
	pass := make(chan error, 1)
	go func() {
		_, err := eng.DropDeleted(ctx)
		pass <- err
	}()
	<-entered // the pass holds the sync lock now
	answered := make(chan error, 1)
	go func() {
		_, err := eng.Brief(ctx, "council", briefing.BriefOptions{})
		answered <- err
	}()
	select {
	case err := <-answered:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a query waited for the pass")
	}
	close(release)
	if err := <-pass; err != nil {
		t.Fatal(err)
	}
	assertNoneOf(t, eng, deleted)
}
