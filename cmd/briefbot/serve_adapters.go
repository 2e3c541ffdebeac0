package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// Chat adapters start and fail independently: an adapter whose service
// fails (a refused token, refused commands) is marked down, one line says
// why, and serve goes on while any adapter is still up. When the last one
// fails, serve stops with its error. /healthz shows each adapter's state.
// A down adapter's HTTP endpoints stay mounted: they still check
// signatures, and what needs no token (a slash command's own response,
// commands Discord registered earlier) still works.
type adapterHealth struct {
	mu    sync.Mutex
	state map[string]string // adapter → "up" or "down: reason"
}

func newAdapterHealth() *adapterHealth { return &adapterHealth{state: map[string]string{}} }

func (h *adapterHealth) set(name, state string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.state[name] = state
}

// snapshot is every adapter's state, for /healthz.
func (h *adapterHealth) snapshot() map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[string]string, len(h.state))
	for k, v := range h.state {
		out[k] = v
	}
	return out
}

func (h *adapterHealth) isUp(name string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.state[name] == "up"
}

// anyUp reports whether some adapter is still up.
func (h *adapterHealth) anyUp() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.state {
		if s == "up" {
			return true
		}
	}
	return false
}

// adapterFailed records an adapter's failure. It returns the error that
// stops serve when no adapter is left up, else nil after one log line.
func (h *adapterHealth) adapterFailed(env *cli.Env, name string, err error) error {
	h.set(name, "down: "+oneLine(err.Error()))
	if !h.anyUp() {
		return err
	}
	var up []string
	for n, s := range h.snapshot() {
		if s == "up" {
			up = append(up, n)
		}
	}
	sort.Strings(up)
	env.Log.Error(oneLine(err.Error()), "adapter", name, "still_serving", strings.Join(up, ","))
	return nil
}

// named prefixes err with the service's name unless it already starts
// with it ("discord: discord: …" otherwise).
func named(name string, err error) error {
	if strings.HasPrefix(err.Error(), name+":") {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// runAdapter runs an adapter service, recording its state.
func (h *adapterHealth) runAdapter(ctx context.Context, env *cli.Env, s service) error {
	err := s.run(ctx)
	if err == nil || ctx.Err() != nil {
		return nil
	}
	return h.adapterFailed(env, s.name, named(s.name, err))
}
