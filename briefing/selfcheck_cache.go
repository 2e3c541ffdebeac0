package briefing

import (
	"container/list"
	"strconv"
	"strings"
	"sync"
)

// The self-check's verdict (learnedReliability) learns a topic's
// vocabulary a second time, from half of its stories: about an eighth of
// a match at 100k articles. The verdict is a pure function of what it
// reads: the index's contents, the feedback parameters, the first
// document read (the search depth), the topic's clauses and exclusions,
// the topic's hits with their literal marks and the stories learned
// from. So it is kept per topic for one state of the index and served to
// the requests that follow, however their channel is scoped or has
// judged (both apply after the selection, see Engine.selecting).
//
// The key holds every one of those inputs: the topic's parsed clauses
// (not the text typed: case and spacing do not change it), the feedback
// parameters, the first document, and a fingerprint of the hits and the
// stories learned from, so that a future input the selection gains (a
// channel's judgments steering what is learned, say) changes the key
// rather than returning another topic's verdict. The index's contents are
// not in the key: any change to them (Index.changed, under the write
// lock) empties the cache before the next lookup, which runs under the
// read lock, so a verdict is never served for an index it was not
// computed on. Engine.gen is not used for this: it moves after the write
// lock is released, so a query could see new articles under the old
// generation.

// maxSelfChecks bounds the cache; past it the least recently used
// verdict is dropped. An entry is a key (the topic's stems) and a float:
// a few hundred bytes.
const maxSelfChecks = 4096

// selfCheckCache holds self-check verdicts for one state of the index,
// least recently used first out. Safe for concurrent use: queries look
// up and store under the index's read lock.
type selfCheckCache struct {
	mu      sync.Mutex
	max     int    // 0: maxSelfChecks; negative: keep nothing (the uncached path, for tests)
	version uint64 // the index's changes the entries were computed on
	entries map[selfCheckKey]*list.Element
	order   list.List // of *selfCheckEntry, most recently used first
	stats   struct{ hits, misses int }
}

type selfCheckKey struct {
	topic  string // canonical clauses and exclusions (selfCheckTopic)
	p      feedbackParams
	from   uint32 // the first document read
	inputs uint64 // fingerprint of the hits and the stories learned from
}

type selfCheckEntry struct {
	key     selfCheckKey
	verdict float64
}

// changed records that the index's contents changed: every cached
// verdict is dropped before the next lookup. The caller holds ix.mu for
// writing.
func (ix *Index) changed() { ix.changes++ }

// selfCheck is learnedReliability, computed once per topic and inputs for
// one state of the index. The caller holds ix.mu (read or write). A
// verdict computed over a spent budget is not kept: its hits were cut
// short (and the request fails anyway).
func (ix *Index) selfCheck(q Query, hits []docHit, m topicModel, p feedbackParams, mem *queryMem) float64 {
	c := &ix.selfChecks
	key := selfCheckKey{topic: selfCheckTopic(q), p: p, from: m.ev.from, inputs: selfCheckInputs(hits, m.fb)}
	if v, ok := c.get(ix.changes, key); ok {
		return v
	}
	v := ix.learnedReliability(q, hits, m, p, mem)
	if mem.budgetErr() == nil {
		c.put(ix.changes, key, v)
	}
	return v
}

func (c *selfCheckCache) get(version uint64, key selfCheckKey) (float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || c.version != version {
		c.entries, c.version = map[selfCheckKey]*list.Element{}, version
		c.order.Init()
	}
	el := c.entries[key]
	if el == nil {
		c.stats.misses++
		return 0, false
	}
	c.stats.hits++
	c.order.MoveToFront(el)
	return el.Value.(*selfCheckEntry).verdict, true
}

func (c *selfCheckCache) put(version uint64, key selfCheckKey, v float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	limit := c.max
	if limit == 0 {
		limit = maxSelfChecks
	}
	if c.version != version || limit < 0 {
		return // the index changed since the lookup (not under this read lock), or caching is off
	}
	if el := c.entries[key]; el != nil { // another query computed it meanwhile
		c.order.MoveToFront(el)
		return
	}
	for c.order.Len() >= limit {
		old := c.order.Back()
		delete(c.entries, old.Value.(*selfCheckEntry).key)
		c.order.Remove(old)
	}
	c.entries[key] = c.order.PushFront(&selfCheckEntry{key: key, verdict: v})
}

// selfCheckTopic writes q's clauses and exclusions (each form's stems,
// typed words and word families) unambiguously: every string
// length-prefixed, every list counted. The typed text (Raw, Surface) only
// labels matches, so it is left out.
func selfCheckTopic(q Query) string {
	var b strings.Builder
	strs := func(ss []string) {
		b.WriteString(strconv.Itoa(len(ss)))
		b.WriteByte('[')
		for _, s := range ss {
			b.WriteString(strconv.Itoa(len(s)))
			b.WriteByte(':')
			b.WriteString(s)
		}
		b.WriteByte(']')
	}
	forms := func(fs [][]string) {
		b.WriteString(strconv.Itoa(len(fs)))
		b.WriteByte('{')
		for _, f := range fs {
			strs(f)
		}
		b.WriteByte('}')
	}
	clauses := func(cs []Clause) {
		b.WriteString(strconv.Itoa(len(cs)))
		b.WriteByte('(')
		for _, c := range cs {
			forms(c.Forms)
			strs(c.Words)
			forms(c.Families)
		}
		b.WriteByte(')')
	}
	b.WriteString(strconv.Itoa(len(q.Alts)))
	for _, alt := range q.Alts {
		clauses(alt)
	}
	b.WriteByte('-')
	clauses(q.Not)
	return b.String()
}

// selfCheckInputs fingerprints the hits (documents, literal marks) and
// the stories learned from, in order, with mix64 (feedback.go) chained
// over them: a few nanoseconds per hit, against the
// microseconds the verdict costs.
func selfCheckInputs(hits []docHit, fb []uint32) uint64 {
	h := uint64(len(hits))<<32 | uint64(len(fb))
	for _, x := range hits {
		v := uint64(x.doc) << 1
		if x.literal {
			v |= 1
		}
		h = mix64(h ^ v)
	}
	for _, d := range fb {
		h = mix64(h ^ uint64(d) ^ 1<<40)
	}
	return h
}
