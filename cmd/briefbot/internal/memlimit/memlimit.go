// Package memlimit gives a long-running briefbot process (serve) a soft
// memory limit sized from its own index once the index is loaded, and a
// bulk ingest (`briefbot ingest`) one that follows its growing index
// (ingest.go).
//
// Why: most of the heap is the search index, long-lived, and the
// collector's proportional headroom (GOGC, 50% in briefbot) is sized by
// it, not by what requests need. At a million articles that headroom is
// 400 MB on top of an 800 MB index, for requests whose transient memory is
// a few megabytes each (BENCHMARKS.md, "Query memory at 1M"). A fixed
// headroom over the live memory after start-up bounds the resident set by
// the index plus what requests need, and on a small archive, where the
// proportional headroom is the smaller, the limit is above it and changes
// nothing.
//
// Invariants: an operator's GOMEMLIMIT (any value, "off" included) is
// never overridden; the limit is set after start-up (Set) and then follows
// the live memory (Follow): the index grows with every article stored and
// shrinks with retention, and a limit fixed at start-up would, weeks later,
// sit below the live heap and keep the collector running without pause.
// The limit is never below the live memory last measured plus Headroom. It is a soft limit: Go
// collects more often near it rather than failing, and gives up holding it
// (the collector's CPU share is capped) rather than stall. An ingest's
// limit (FollowIngest) is the other way round: the collector's own goal
// for the live heap, GOGC's proportional headroom, plus the runtime's
// memory beside the heap; it leaves the collections as frequent as they
// were and takes back the memory the runtime keeps above that goal.
package memlimit

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Headroom is what the limit allows above the live memory after start-up:
// room for the requests in flight (a ranked answer at 1M articles
// allocates under a megabyte; an unranked one 11–19 MB), large enough that
// the collector runs every few dozen requests rather than every few. It
// was 128 MiB while an unranked answer took 35–41 MB; at 96 the bench's
// 1M query phase keeps its peak resident set ~50 MB under 1,000 MB with
// as many collections as the old answers made under 128 (BENCHMARKS.md,
// "Narrower matches").
const Headroom = 96 << 20

// Set collects, measures the Go runtime's live memory (heap objects plus
// its own structures: everything the limit counts but memory returned to
// the system or not yet used) and sets the soft limit to that plus
// Headroom, unless GOMEMLIMIT is set (getenv). It returns the limit set,
// 0 when it set none.
func Set(getenv func(string) string) int64 {
	if getenv("GOMEMLIMIT") != "" {
		return 0
	}
	runtime.GC()
	limit := int64(liveAfterGC()) + Headroom
	debug.SetMemoryLimit(limit)
	return limit
}

// Follow re-sizes the limit Set gave every interval until ctx ends: to the
// live memory the last collection found plus Headroom (no collection is
// forced). It does nothing when GOMEMLIMIT is set. Changes under
// Headroom/8 are left alone so the limit does not twitch with requests.
func Follow(ctx context.Context, getenv func(string) string, every time.Duration) {
	if getenv("GOMEMLIMIT") != "" {
		return
	}
	tick(ctx, every, func() { Adjust() })
}

// tick runs adjust every interval until ctx ends.
func tick(ctx context.Context, every time.Duration, adjust func()) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			adjust()
		}
	}
}

// Adjust sets the limit to the live memory after the last collection plus
// Headroom when that differs from the current limit by at least
// Headroom/8, and returns the limit in force.
func Adjust() int64 {
	return setIfMoved(int64(liveAfterGC())+Headroom, Headroom/8)
}

// setIfMoved sets the limit to want when that differs from the limit in
// force by at least step (each SetMemoryLimit stops the world for a
// moment), and returns the limit in force.
func setIfMoved(want, step int64) int64 {
	cur := debug.SetMemoryLimit(-1)
	if d := want - cur; d >= step || d <= -step {
		debug.SetMemoryLimit(want)
		return want
	}
	return cur
}

// liveAfterGC is the memory the limit counts that was in use when the
// last collection ended, without forcing one: all the runtime's memory
// less what is free (returned to the system, or free heap spans), with
// the heap objects counted at their live size then (/gc/heap/live) rather
// than with what was allocated since.
func liveAfterGC() uint64 {
	s := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/live:bytes"},
	}
	metrics.Read(s)
	v := func(i int) uint64 { return s[i].Value.Uint64() }
	return v(0) - v(1) - v(2) - v(3) + v(4)
}
