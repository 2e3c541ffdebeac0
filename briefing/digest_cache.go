package briefing

import (
	"context"
	"fmt"
	"sync"
)

// topicCache shares each watched topic's selection, candidate loading and
// near-duplicate folding between the digests built against one state of
// the index: a thousand channels watching the same few hundred topics
// then do that work once per topic, not once per channel. What differs
// per channel (what it was already sent) is applied afterwards. Entries
// are dropped as soon as the index has changed (grown, or dropped deleted
// articles), so a digest never misses an article that a fresh computation
// would have found, nor shows one that is gone.
type topicCache struct {
	mu      sync.Mutex
	gen     int64
	entries map[string]*topicEntry
}

// maxCachedTopics bounds the cache; past it the cache starts over.
const maxCachedTopics = 4096

type topicEntry struct {
	once   sync.Once
	raw    string
	query  map[string]bool
	ids    []int64
	groups []storyGroup // read-only once built
	err    error
}

// entry returns the shared entry for topic at index generation gen.
func (c *topicCache) entry(gen int64, topic string) *topicEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || c.gen != gen || len(c.entries) >= maxCachedTopics {
		c.entries, c.gen = map[string]*topicEntry{}, gen
	}
	key := NormalizeTopic(topic)
	ent := c.entries[key]
	if ent == nil {
		ent = &topicEntry{}
		c.entries[key] = ent
	}
	return ent
}

// forget drops ent if it is still the cached entry for topic.
func (c *topicCache) forget(topic string, ent *topicEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if key := NormalizeTopic(topic); c.entries[key] == ent {
		delete(c.entries, key)
	}
}

func (e *Engine) generation() int64 { return e.gen.Load() }

// topicStoriesShared returns the topic's folded candidate stories, newest
// matches only, computing them once per index generation. A nil entry
// means the topic selects nothing (or no longer parses).
func (e *Engine) topicStoriesShared(ctx context.Context, topic string) (*topicEntry, error) {
	ent := e.topics.entry(e.generation(), topic)
	ent.once.Do(func() { ent.err = e.buildTopicEntry(ctx, topic, ent, nil) })
	if ent.err != nil {
		e.topics.forget(topic, ent) // a failed load (a cancelled context, a database blip) is retried next time
		return nil, ent.err
	}
	if len(ent.groups) == 0 {
		return nil, nil
	}
	return ent, nil
}

// buildTopicEntry selects (with a channel's judgments js, if any), loads
// and folds the topic's newest matches into ent.
func (e *Engine) buildTopicEntry(ctx context.Context, topic string, ent *topicEntry, js []Judgment) error {
	q, err := ParseQuery(e.st, topic)
	if err != nil {
		e.log.Warn("digest: watched topic does not parse", "topic", topic, "err", err)
		return nil
	}
	cand, q, err := e.newestDocs(ctx, q, digestCandidates, js)
	if ErrorCode(err) == EInvalid {
		// over the query budget (budget.go): this topic's stories are
		// left out of digests, the others are delivered
		e.log.Warn("digest: watched topic is too complex to select in time", "topic", topic)
		return nil
	} else if err != nil {
		return err
	}
	ent.raw, ent.query = q.Raw, queryStems(q)
	if len(cand) == 0 {
		return nil
	}
	ent.ids = make([]int64, len(cand))
	for i, m := range cand {
		ent.ids[i] = m.ArticleID
	}
	arts, err := e.store.Articles(ctx, ent.ids)
	if err != nil {
		return fmt.Errorf("briefing: digest: load articles: %w", err)
	}
	byID := make(map[int64]Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	ent.groups = foldStories(e.index, &e.sigs, cand, byID)
	return nil
}
