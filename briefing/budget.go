package briefing

import (
	"context"
	"fmt"
	"time"
)

// The per-request budget: the most time one selection may take, a
// backstop behind the topic bounds (query_bounds.go), which keep every
// topic they allow far inside it (tens of milliseconds at 100k articles).
// The selection's loops over posting lists look at the clock at the start
// of each list and every budgetStride postings; once the budget is spent
// (or the request's context is done) every later list reads as empty, the
// selection winds down with little more work, and the request fails with
// a clear "too complex" error (EInvalid: 400 in the HTTP API, a plain
// reply in chat). A request over budget never returns its partial answer.

// DefaultQueryBudget is the budget when Config.QueryBudget is 0: at 1M
// articles the broadest allowed topics take a few hundred milliseconds.
const DefaultQueryBudget = 2 * time.Second

// budgetStride is how many postings are read between looks at the clock
// (a look costs tens of nanoseconds; reading 4096 postings, microseconds).
const budgetStride = 4096

// queryBudget is one selection's budget; the zero value has none.
type queryBudget struct {
	ctx      context.Context // nil: no context to watch
	deadline time.Time       // zero: none
	spent    bool
	err      error // why it was spent
}

// startBudget arms m's budget for one request.
func (m *queryMem) startBudget(ctx context.Context, budget time.Duration) {
	m.budget = queryBudget{ctx: ctx}
	if budget > 0 {
		m.budget.deadline = time.Now().Add(budget)
	}
}

// within reports whether the query may go on reading, looking at the
// clock and the context. A nil m has no budget.
func (m *queryMem) within() bool {
	if m == nil {
		return true
	}
	b := &m.budget
	if b.spent {
		return false
	}
	if b.ctx != nil {
		if err := b.ctx.Err(); err != nil {
			b.spent, b.err = true, fmt.Errorf("briefing: select: %w", err)
			return false
		}
	}
	if !b.deadline.IsZero() && time.Now().After(b.deadline) {
		b.spent, b.err = true, tooComplex()
		return false
	}
	return true
}

// budgetErr is why the query stopped early, nil when it did not.
func (m *queryMem) budgetErr() error { return m.budget.err }

// tooComplex is the reply to a topic that spent its budget.
func tooComplex() error {
	return Errorf(EInvalid, "that topic is too complex to answer in time. Try fewer words or fewer OR "+
		"alternatives, or split it into several topics")
}

// budget resolves the configured query budget (0: the default;
// negative: none).
func (c Config) budget() time.Duration {
	if c.QueryBudget == 0 {
		return DefaultQueryBudget
	}
	return max(c.QueryBudget, 0)
}
