package sources

// Parses reports how many bodies the poller has parsed.
func (p *Poller) Parses() int64 { return p.parses.Load() }

// LargeParsesAtOnce is the most bodies over largeBody parsed at once.
func (p *Poller) LargeParsesAtOnce() int32 { return p.largeMost.Load() }
