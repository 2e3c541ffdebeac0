package briefing

// IndexedThrough is the highest article ID the index holds (0 when
// empty); a replica compares it with a shared snapshot's watermark to
// tell whether publishing its own would add anything.
func (e *Engine) IndexedThrough() int64 {
	e.index.mu.RLock()
	defer e.index.mu.RUnlock()
	return e.index.maxID()
}
