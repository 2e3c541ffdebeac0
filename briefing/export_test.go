package briefing

// Test hooks into the engine's index, for benchmarks in briefing_test.

// SimilarWords is "did you mean" for one typed word, through the
// vocabulary index.
func SimilarWords(e *Engine, typed string) []string {
	e.index.mu.RLock()
	defer e.index.mu.RUnlock()
	return e.index.similarWords(typed, 3)
}

// FullScanSimilarWords is "did you mean" as it was: every term read.
func FullScanSimilarWords(e *Engine, typed string) []string {
	e.index.mu.RLock()
	defer e.index.mu.RUnlock()
	return fullScanSuggestions(e.index, typed, 3)
}

// RebuildVocabIndex builds the vocabulary index anew and returns how many
// words it holds and its size in bytes.
func RebuildVocabIndex(e *Engine) (words int, bytes int64) {
	ix := e.index
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ix.vocab.reset()
	vi := &ix.vocab
	vi.mu.Lock()
	defer vi.mu.Unlock()
	vi.catchUp(ix.words)
	return vi.n, int64(cap(vi.keys)+cap(vi.offs)+cap(vi.ids))*4 + int64(cap(vi.count))*2
}

// SetDenseLikeness makes judged requests score every document against the
// judgments' profiles, as they did before likeness was computed only where
// asked (judge.go): the reference the sparse path must equal.
func SetDenseLikeness(e *Engine, on bool) {
	e.index.mu.Lock()
	defer e.index.mu.Unlock()
	e.index.denseLikeness = on
}
