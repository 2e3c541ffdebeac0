// Package briefingtest holds in-memory fakes of the core's interfaces for
// tests of packages that build on briefing, like net/http/httptest.
package briefingtest

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// MemStore is a map-backed briefing.Store. Safe for concurrent use.
type MemStore struct {
	mu       sync.Mutex
	articles []briefing.Article // by ID-1; deleted ones stay, marked in gone
	gone     map[int64]bool
	keys     map[string]int64 // source and key -> ID
	watches  map[briefing.Channel][]briefing.Watch
}

var _ briefing.Store = (*MemStore)(nil)

// NewMemStore returns an empty store.
func NewMemStore() *MemStore {
	return &MemStore{keys: map[string]int64{}, watches: map[briefing.Channel][]briefing.Watch{}}
}

func (m *MemStore) SaveArticles(_ context.Context, as []briefing.Article) ([]briefing.Article, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var added []briefing.Article
	for _, a := range as {
		k := a.Source + "\x00" + a.Key()
		if m.keys[k] != 0 {
			continue
		}
		a.ID = int64(len(m.articles) + 1)
		m.keys[k] = a.ID
		m.articles = append(m.articles, a)
		added = append(added, a)
	}
	return added, nil
}

// ReviseArticles applies corrections as the contract says: same ID,
// first version's dates, link and marks.
func (m *MemStore) ReviseArticles(_ context.Context, as []briefing.Article, limit int) ([]briefing.Article, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	seen := map[int64]bool{}
	var revised []briefing.Article
	more := 0
	for _, a := range as {
		id := m.keys[a.Source+"\x00"+a.Key()]
		if id == 0 || seen[id] {
			continue
		}
		seen[id] = true
		old := &m.articles[id-1]
		if old.ContentHash() == a.ContentHash() {
			continue
		}
		if len(revised) >= limit {
			more++
			continue
		}
		old.Title, old.Author, old.Tags, old.Text, old.Fragment = a.Title, a.Author, a.Tags, a.Text, a.Fragment
		old.Updated = a.Fetched
		revised = append(revised, *old)
	}
	sort.Slice(revised, func(i, j int) bool { return revised[i].ID < revised[j].ID })
	return revised, more, nil
}

// RevisedSince lists the corrections at or after since, oldest first.
func (m *MemStore) RevisedSince(_ context.Context, since time.Time, limit int) ([]briefing.Revision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []briefing.Revision
	for _, a := range m.articles {
		if !a.Updated.IsZero() && !a.Updated.Before(since) && !m.gone[a.ID] {
			out = append(out, briefing.Revision{ID: a.ID, Updated: a.Updated})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Updated.Before(out[j].Updated) })
	return out[:min(len(out), max(limit, 0))], nil
}

func (m *MemStore) Articles(_ context.Context, ids []int64) ([]briefing.Article, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []briefing.Article
	for _, id := range ids {
		if id >= 1 && int(id) <= len(m.articles) && !m.gone[id] {
			out = append(out, m.articles[id-1])
		}
	}
	return out, nil
}

func (m *MemStore) ScanArticles(ctx context.Context, after int64, batch int, fn func([]briefing.Article) error) error {
	m.mu.Lock()
	var rest []briefing.Article
	for _, a := range m.articles[min(int(max(after, 0)), len(m.articles)):] {
		if !m.gone[a.ID] {
			rest = append(rest, a)
		}
	}
	m.mu.Unlock()
	for len(rest) > 0 {
		n := min(batch, len(rest))
		if err := fn(rest[:n]); err != nil {
			return err
		}
		rest = rest[n:]
	}
	return ctx.Err()
}

func (m *MemStore) CountArticles(context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return int64(len(m.articles) - len(m.gone)), nil
}

func (m *MemStore) CountArticlesThrough(_ context.Context, id int64) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var n int64
	for _, a := range m.articles {
		if a.ID <= id && !m.gone[a.ID] {
			n++
		}
	}
	return n, nil
}

func (m *MemStore) ArticleIDs(_ context.Context, after, through int64) ([]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []int64
	for _, a := range m.articles {
		if a.ID > after && a.ID <= through && !m.gone[a.ID] {
			out = append(out, a.ID)
		}
	}
	return out, nil
}

// DeleteArticles deletes the articles with the given IDs, as retention
// does in a real store: their IDs are never given out again, and their
// keys may be stored anew.
func (m *MemStore) DeleteArticles(ids []int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gone == nil {
		m.gone = map[int64]bool{}
	}
	for _, id := range ids {
		if id >= 1 && int(id) <= len(m.articles) && !m.gone[id] {
			m.gone[id] = true
			a := m.articles[id-1]
			delete(m.keys, a.Source+"\x00"+a.Key())
		}
	}
}

func (m *MemStore) AddWatch(_ context.Context, w briefing.Watch) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	w.Topic = briefing.NormalizeTopic(w.Topic)
	for _, x := range m.watches[w.Channel] {
		if x.Topic == w.Topic {
			return false, nil
		}
	}
	if w.CreatedAt.IsZero() {
		w.CreatedAt = time.Now().UTC()
	}
	m.watches[w.Channel] = append(m.watches[w.Channel], w)
	return true, nil
}

func (m *MemStore) RemoveWatch(_ context.Context, ch briefing.Channel, topic string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	topic = briefing.NormalizeTopic(topic)
	ws := m.watches[ch]
	for i, x := range ws {
		if x.Topic == topic {
			m.watches[ch] = append(ws[:i:i], ws[i+1:]...)
			return true, nil
		}
	}
	return false, nil
}

func (m *MemStore) Watches(_ context.Context, ch briefing.Channel) ([]briefing.Watch, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := append([]briefing.Watch{}, m.watches[ch]...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out, nil
}
