package overview

import (
	"container/list"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
)

// cache keeps results per (story set, model), least recently used out
// first. A nil overview is cached too: the same stories would be omitted
// again, and asking again would spend tokens for nothing.
type cache struct {
	mu    sync.Mutex
	size  int
	ttl   time.Duration
	order *list.List // of *entry, most recent first
	byKey map[string]*list.Element
}

type entry struct {
	key string
	o   *bot.Overview
	at  time.Time
}

func newCache(size int, ttl time.Duration) *cache {
	return &cache{size: size, ttl: ttl, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *cache) get(key string, now time.Time) (*bot.Overview, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*entry)
	if now.Sub(e.at) > c.ttl {
		c.order.Remove(el)
		delete(c.byKey, key)
		return nil, false
	}
	c.order.MoveToFront(el)
	return e.o, true
}

func (c *cache) put(key string, o *bot.Overview, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		el.Value = &entry{key, o, now}
		c.order.MoveToFront(el)
		return
	}
	c.byKey[key] = c.order.PushFront(&entry{key, o, now})
	for c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*entry).key)
	}
}
