package sources

// Parses reports how many bodies the poller has parsed.
func (p *Poller) Parses() int64 { return p.parses.Load() }
