package memlimit

import (
	"context"
	"runtime/metrics"
	"time"
)

// An ingest's limit. A bulk ingest grows the index from start to end, and
// its limit follows: it is set where the collector's own proportional
// headroom (GOGC) puts the heap's goal for the live heap anyway, plus the
// runtime's memory beside the heap, so collections come about as often as
// without it (at 100k articles, 100–106 against 95–99). What it cuts is the
// memory the runtime keeps beyond the goal, which made most of the peak
// resident set's excess: the free and unused parts of heap spans (it
// returns them to the system only slowly, and keeps a tenth more than the
// goal), swollen at every seal of the index, which allocates the rebuilt
// chunks in a burst while the old ones wait for the next collection (one
// that runs during the seal finds many of them still live, and raises the
// goal). Those parts get no allowance in the limit, so the runtime gives
// them back. On one core at 100k articles the peak resident set went
// from 300–318 MB to 264–277 (BENCHMARKS.md, "Ingest peak memory").

// IngestHeadroom is the least an ingest's limit allows above the live
// memory: a batch of articles analysed and stored (a few MB), a seal's
// chunk rebuilt beside the old one (a few MB) and SQLite's work, with room
// to spare so that a small index is not collected over and over (there
// GOGC's proportional headroom is the smaller, and the limit never binds).
const IngestHeadroom = 64 << 20

// ingestStep is the least change worth setting: each SetMemoryLimit stops
// the world for a moment.
const ingestStep = 4 << 20

// FollowIngest sets the soft limit for an ingest and re-sizes it every
// interval until ctx ends (it blocks: run it in a goroutine). It does
// nothing when GOMEMLIMIT is set (any value, "off" included) or when
// GOGC turns the collector off. The limit stays as last set after ctx
// ends: a one-shot ingest saves its index file after it.
func FollowIngest(ctx context.Context, getenv func(string) string, every time.Duration) {
	if getenv("GOMEMLIMIT") != "" || gcPercent() < 0 {
		return
	}
	AdjustIngest()
	tick(ctx, every, func() { AdjustIngest() })
}

// AdjustIngest sets the limit to IngestLimit when that differs from the
// current limit by at least ingestStep, and returns the limit in force.
func AdjustIngest() int64 {
	return setIfMoved(IngestLimit(), ingestStep)
}

// IngestLimit is an ingest's limit now: the heap's goal under GOGC for
// the live heap the last collection found, plus the runtime's own memory
// beside the heap (stacks, metadata); at least IngestHeadroom above both.
// Memory in heap spans that holds no object (fragmentation, spans freed
// but not yet returned) gets no allowance: it is what the limit makes the
// runtime give back (and a collection that ran during a seal found more
// of it "live" than the heap holds). No collection is forced.
func IngestLimit() int64 {
	m := readMem()
	return m.runtime + m.live + max(IngestHeadroom, m.live*int64(max(gcPercent(), 0))/100)
}

// mem is what IngestLimit counts: the heap's live bytes at the end of
// the last collection, and the runtime's memory that is not heap spans.
type mem struct{ live, runtime int64 }

func readMem() mem {
	s := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/gc/heap/live:bytes"},
	}
	metrics.Read(s)
	v := func(i int) int64 { return int64(s[i].Value.Uint64()) }
	return mem{live: v(5), runtime: v(0) - v(1) - v(2) - v(3) - v(4)}
}

// gcPercent is the collector's GOGC setting; negative when it is off.
func gcPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 100
	}
	// The runtime's int32 setting, -1 for off, converted to uint64.
	return int(int64(s[0].Value.Uint64()))
}
