package briefing

import "context"

// SetWarmStart registers f to run once, just before the engine's first
// sync (the first query, ingest or explicit Sync), so a process that never
// consults the index never pays for warming it. f may call LoadIndex; it
// runs with ctx's values but not its deadline or cancellation (a first
// query's deadline must not leave the engine half warmed). Call it before
// the engine is used.
func (e *Engine) SetWarmStart(f func(ctx context.Context)) { e.warmStart = f }

func (e *Engine) runWarmStart(ctx context.Context) {
	e.warmOnce.Do(func() {
		if e.warmStart != nil {
			e.warmStart(context.WithoutCancel(ctx))
		}
	})
}
