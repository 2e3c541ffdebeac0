package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

func TestRecentArticleIDsBySource(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		var arts []briefing.Article
		for i := range 9 {
			arts = append(arts, article([]string{"a", "b", "c"}[i%3], fmt.Sprint(i), fmt.Sprintf("story %d", i)))
		}
		added, err := s.SaveArticles(ctx, arts)
		if err != nil || len(added) != 9 {
			t.Fatal(err)
		}
		id := func(i int) int64 { return added[i].ID }
		// Through article 7: a has 0,3,6; b has 1,4,7; c has 2,5.
		got, err := s.RecentArticleIDsBySource(ctx, id(7), 2)
		want := []int64{id(2), id(3), id(4), id(5), id(6), id(7)}
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("got %v, %v; want %v", got, err, want)
		}
	})
}

// TestIndexSnapshotSharedOnPostgres: published bytes come back whole
// across chunks, a new publication replaces the old one, and SQLite
// refuses (it keeps the local index file).
func TestIndexSnapshotSharedOnPostgres(t *testing.T) {
	ctx := context.Background()
	sq := storagetest.Open(t, storagetest.SQLiteURL(t))
	if sq.SharesIndexSnapshots() {
		t.Fatal("SQLite claims to share index snapshots")
	}
	if _, err := sq.CurrentIndexSnapshot(ctx); err == nil {
		t.Fatal("SQLite answered for a shared snapshot")
	}

	s := storagetest.Open(t, storagetest.PostgresURL(t))
	if _, err := s.CurrentIndexSnapshot(ctx); !errors.Is(err, storage.ErrNoIndexSnapshot) {
		t.Fatalf("empty database: %v", err)
	}
	read := func() ([]byte, storage.IndexSnapshot) {
		t.Helper()
		var got []byte
		var meta storage.IndexSnapshot
		err := s.ReadIndexSnapshot(ctx, func(m storage.IndexSnapshot, r io.Reader) error {
			meta = m
			var err error
			got, err = io.ReadAll(r)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return got, meta
	}
	for i, size := range []int{storage.IndexSnapshotChunk*2 + 12345, 777} {
		data := bytes.Repeat([]byte{byte(i + 1), 2, 3, 5, 7, 11, 13}, size/7+1)[:size]
		meta, err := s.PublishIndexSnapshot(ctx, func(w io.Writer) (int, int64, error) {
			_, err := w.Write(data)
			return 10 + i, int64(20 + i), err
		})
		if err != nil || meta.Bytes != int64(size) || meta.Articles != 10+i || meta.Through != int64(20+i) {
			t.Fatalf("publish %d bytes: %+v, %v", size, meta, err)
		}
		got, m := read()
		if !bytes.Equal(got, data) || !sameSnapshot(m, meta) {
			t.Fatalf("read back %d bytes of %d; %+v vs %+v", len(got), size, m, meta)
		}
	}
	// A reader that gives up part-way (a foreign or stale snapshot) ends
	// the read; the store's connections go on working, and so do reads.
	publish := func(size int) {
		t.Helper()
		if _, err := s.PublishIndexSnapshot(ctx, func(w io.Writer) (int, int64, error) {
			_, err := w.Write(bytes.Repeat([]byte{9}, size))
			return 1, 1, err
		}); err != nil {
			t.Fatal(err)
		}
	}
	publish(storage.IndexSnapshotChunk*3 + 1)
	for range 3 {
		stop := errors.New("not this one")
		err := s.ReadIndexSnapshot(ctx, func(_ storage.IndexSnapshot, r io.Reader) error {
			if _, err := io.ReadFull(r, make([]byte, 100)); err != nil {
				return err
			}
			return stop
		})
		if !errors.Is(err, stop) {
			t.Fatalf("a reader that gave up: %v", err)
		}
		if _, err := s.CountArticles(ctx); err != nil {
			t.Fatalf("after a reader gave up: %v", err)
		}
	}
	if got, m := read(); len(got) != storage.IndexSnapshotChunk*3+1 || m.Bytes != int64(len(got)) {
		t.Fatalf("after readers gave up, read %d bytes (%+v)", len(got), m)
	}

	// A failed publication leaves the current snapshot as it was.
	_, before := read()
	if _, err := s.PublishIndexSnapshot(ctx, func(w io.Writer) (int, int64, error) {
		w.Write(make([]byte, storage.IndexSnapshotChunk+1))
		return 0, 0, errors.New("engine failed mid-way")
	}); err == nil {
		t.Fatal("a failed write was published")
	}
	if _, after := read(); !sameSnapshot(after, before) {
		t.Fatalf("a failed publication changed the snapshot: %+v", after)
	}
}

func sameSnapshot(a, b storage.IndexSnapshot) bool {
	same := a.PublishedAt.Equal(b.PublishedAt)
	a.PublishedAt = b.PublishedAt
	return same && a == b
}
