package briefing

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// SelfCheckCacheStats is how many self-check verdicts the engine's cache
// served and how many it computed, for tests in briefing_test.
func SelfCheckCacheStats(e *Engine) (hits, misses int) {
	c := &e.index.selfChecks
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats.hits, c.stats.misses
}

// TestSelfCheckCacheKeysOnFeedbackParams: verdicts computed under other
// feedback parameters, or at another depth, are never served for these:
// each selection on one index, its cache shared by all of them, is the
// selection an index with no cache makes. The parameters differ only in
// the bars learned additions must clear (not in the hits or the stories
// learned from, which the key's fingerprint would tell apart), and the
// test checks that their verdicts differ, so a shared one would show.
func TestSelfCheckCacheKeysOnFeedbackParams(t *testing.T) {
	build := func() *Index {
		ix := NewIndex(NewStemmer())
		var arts []Article
		for i, tt := range gradedStories(24) {
			arts = append(arts, Article{ID: int64(i + 1), Title: tt[0], Text: tt[1]})
		}
		ix.add(arts, nil)
		return ix
	}
	cached, fresh := build(), build()
	fresh.selfChecks.max = -1
	q, err := ParseQuery(cached.st, "ferry fares")
	if err != nil {
		t.Fatal(err)
	}
	q = cached.expandFamilies(cached.aliases.expand(q))
	var params []feedbackParams
	for _, threshold := range []float64{1.1, 0.8, 0.6, 1.0} {
		p := defaultFeedbackParams()
		p.threshold = threshold
		params = append(params, p)
	}
	verdicts := map[float64]bool{}
	for round := range 2 {
		for _, p := range params {
			for _, from := range []uint32{0, 3} {
				got := selectedDocs(cached, q, p, from)
				want := selectedDocs(fresh, q, p, from)
				if !slices.Equal(got, want) {
					t.Errorf("round %d, threshold %.1f, from %d: selected %v, with no cache %v", round, p.threshold, from, got, want)
				}
			}
		}
	}
	for el := cached.selfChecks.order.Front(); el != nil; el = el.Next() {
		verdicts[el.Value.(*selfCheckEntry).verdict] = true
	}
	if len(verdicts) < 2 {
		t.Fatalf("the parameters give one verdict (%v): a verdict shared between them would not show", verdicts)
	}
	if hits, _ := SelfCheckCacheStats(&Engine{index: cached}); hits == 0 {
		t.Fatal("no verdict served from the cache")
	}
}

// selectedDocs is what ix selects for q under p from document from on:
// documents and scores.
func selectedDocs(ix *Index, q Query, p feedbackParams, from uint32) []string {
	mem := ix.mems.get()
	defer ix.mems.put(mem)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	hits, _ := ix.selectQuery(q, p, from, mem)
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = fmt.Sprintf("%d:%.6f", h.doc, h.score)
	}
	slices.Sort(out)
	return out
}

// gradedStories: twelve stories that name "ferry fares" in the
// vocabulary of fare statistics, n that name only "fares" holding more
// and more of that vocabulary, and thirty on other things: the share of
// the genre's stories that clears a bar depends on the bar.
func gradedStories(n int) [][2]string {
	genre := strings.Fields("the statistics office said the monthly index of tariffs rose percent against the seasonal adjusted level in the quarter")
	filler := func(i int) string {
		var w []string
		for k := range 24 {
			w = append(w, fmt.Sprintf("zeb%dq%d", i, k))
		}
		return strings.Join(w, " ")
	}
	var out [][2]string
	for i := range 12 {
		out = append(out, [2]string{fmt.Sprintf("Ferry fares on route %d", i),
			fmt.Sprintf("Ferry fares moved on route %d. %s. %s.", i, strings.Join(genre, " "), filler(i))})
	}
	for i := range n {
		out = append(out, [2]string{fmt.Sprintf("Fares on route %d", 100+i),
			fmt.Sprintf("Bus and rail fares moved on route %d. %s. %s.", i, strings.Join(genre[:min(len(genre), 4+i*len(genre)/n)], " "), filler(100+i))})
	}
	for i := range 30 {
		out = append(out, [2]string{fmt.Sprintf("Club notes %d", i),
			fmt.Sprintf("The garden club met in hall %d and planned the summer show. %s.", i, filler(200+i))})
	}
	return out
}

// ForgetSelfChecks empties the engine's self-check cache: the next
// selection of every topic computes its verdict, as the first one after
// the index changed does.
func ForgetSelfChecks(e *Engine) {
	e.index.mu.Lock()
	defer e.index.mu.Unlock()
	e.index.changed()
}
