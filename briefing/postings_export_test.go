package briefing

import "math"

// SetSealTail makes the engine's index seal its tails whenever they hold n
// postings; n < 0 never.
func SetSealTail(e *Engine, n int) {
	e.index.mu.Lock()
	defer e.index.mu.Unlock()
	if n < 0 {
		n = math.MaxInt
	}
	e.index.sealTail = n
}

// SealIndex merges the engine's index tails into its arena now.
func SealIndex(e *Engine) { e.index.seal() }

// IndexTails is how many postings the engine's index holds in its tails,
// and how many in all.
func IndexTails(e *Engine) (tail, all int) {
	ix := e.index
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for i := range ix.terms {
		all += ix.terms[i].df()
	}
	return ix.tailN, all
}

// SetChunkSize makes the engine's index cut its arena into chunks of
// about n bytes (0: the default), so that small indexes have many.
func SetChunkSize(e *Engine, n int) {
	e.index.mu.Lock()
	defer e.index.mu.Unlock()
	e.index.chunkSize = n
}
