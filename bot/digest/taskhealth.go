package digest

import (
	"log/slog"
	"sync"
)

// taskHealth keeps the scheduler's periodic tasks (sync, sweep, live
// alerts) from filling the log while the database is away: the first
// failure of a run is an error, the repeats (one a tick, every few
// seconds for live alerts) are debug lines, and the first success after
// them says the task works again.
type taskHealth struct {
	mu      sync.Mutex
	failing map[string]int // failures in a row, by task
}

// note records one run of task, which failed with err (nil: it worked).
func (h *taskHealth) note(log *slog.Logger, task string, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failing == nil {
		h.failing = map[string]int{}
	}
	n := h.failing[task]
	switch {
	case err != nil && n == 0:
		log.Error(task+" failed", "err", err, "repeats", "logged at debug until it works")
	case err != nil:
		log.Debug(task+" failed", "err", err, "failures", n+1)
	case n > 0:
		log.Info(task+" works again", "failures", n)
	}
	if err != nil {
		h.failing[task] = n + 1
	} else {
		delete(h.failing, task)
	}
}
