package briefing

import (
	"context"
	"errors"
	"time"
)

// Counts and suggestions in a channel's scope. A count or a "did you
// mean" word is an answer too: a channel must not learn from either that
// another channel's private source holds a word or a story (scope.go).
// The index does not know sources, so a scoped count loads the articles
// of the topic's best matches, as a scoped briefing does (fromSource),
// and says when its count is a lower bound.

// suggestScan bounds the matches read to check one suggestion against a
// scope, and maxSuggestChecks the suggestions checked for one request:
// together at most maxSuggestChecks*(suggestFirstScan+suggestScan)
// article loads and as many bounded selections, on top of the unscoped
// suggestion work (query_bounds.go); BenchmarkWorstTopics measures it. A word whose best
// suggestScan matches are all hidden is left out, though a visible match
// may rank lower: a missed suggestion is the safe side of the bound.
const (
	suggestScan      = 200
	maxSuggestChecks = 12
	suggestFirstScan = 20 // read first for a word, see inScope
)

// CountScoped returns how many stored articles the topic selects among
// those of sources hidden does not name and, when only is set, of those
// sources alone; atLeast is true when the count read only the topic's
// best sourceScan matches (a lower bound). With no scope it is
// CountMatches, exact.
func (e *Engine) CountScoped(ctx context.Context, topic string, hidden map[string]bool, only []string) (n int, atLeast bool, err error) {
	if len(hidden) == 0 && len(only) == 0 {
		n, err = e.CountMatches(ctx, topic)
		return n, false, err
	}
	q, err := ParseQuery(e.st, topic)
	if err != nil {
		return 0, false, err
	}
	if err := e.maybeSync(ctx); err != nil {
		return 0, false, err
	}
	_, n, _, all, err := e.fromSource(ctx, q, BriefOptions{Depth: -1, Hidden: hidden, Only: only}, 0, sourceScan)
	return n, !all, err
}

// suggestFor is the "did you mean" of a topic that matched nothing in
// opt's scope: for an unscoped request the index's suggestions; for a
// scoped one (Hidden, Only or Source set) only those that match an
// article of the scope, each checked with a bounded scoped count, a part
// of the topic counted in the scope. The checks share the request's
// budget (budget.go), begun when the request was: once it is spent the
// rest are left out (unchecked, so not offered), and the answer stands.
func (e *Engine) suggestFor(ctx context.Context, q Query, opt BriefOptions, begun time.Time) ([]string, error) {
	scoped := opt.Source != "" || len(opt.Hidden) > 0 || len(opt.Only) > 0
	e.index.mu.RLock()
	cands := e.index.suggestions(suggestQuery(q), 3) // bounded work, see query_bounds.go
	e.index.mu.RUnlock()
	scope := BriefOptions{Source: opt.Source, Hidden: opt.Hidden, Only: opt.Only}
	checks := ctx
	if budget := e.cfg.budget(); scoped && budget > 0 {
		var cancel context.CancelFunc
		checks, cancel = context.WithDeadline(ctx, begun.Add(budget))
		defer cancel()
	}
	var out []string
	for i, c := range cands {
		if scoped {
			if i >= maxSuggestChecks {
				break
			}
			var err error
			if c, err = e.inScope(checks, c, scope); err != nil {
				if (checks.Err() != nil || ErrorCode(err) == EInvalid) && ctx.Err() == nil {
					break // the budget is spent: the checked ones stand
				}
				return nil, err
			}
			if c.Count == 0 {
				continue
			}
		}
		out = append(out, c.String())
	}
	return out, nil
}

// inScope is c counted in scope (Count 0: nothing there). A word needs
// one match in the scope, and most words have one among their best few,
// so their best suggestFirstScan are read first; a word that is not a
// valid topic on its own (a stop word) is not suggested.
func (e *Engine) inScope(ctx context.Context, c suggestion, scope BriefOptions) (suggestion, error) {
	if c.Part {
		_, n, _, all, err := e.fromSource(ctx, Query{Raw: c.Text, Alts: [][]Clause{{c.clause}}}, scope, 0, suggestScan)
		c.Count, c.AtLeast = n, !all
		return c, err
	}
	q, err := ParseQuery(e.st, c.Text)
	if err != nil {
		var be *Error
		if errors.As(err, &be) {
			return suggestion{}, nil
		}
		return suggestion{}, err
	}
	for _, scan := range []int{suggestFirstScan, suggestScan} {
		_, n, _, _, err := e.fromSource(ctx, q, scope, 0, scan)
		if err != nil || n > 0 {
			c.Count = min(n, 1)
			return c, err
		}
	}
	return c, nil
}
