package config

import (
	"testing"
	"time"
)

// BRIEFBOT_LIVE_WINDOW: 2m unless set, 0 allowed (each story at once),
// and a clear error for anything that is not a duration from 0 to 1h.
func TestLoadDigestsLiveWindow(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "BRIEFBOT_LIVE_WINDOW" {
				return v
			}
			return ""
		}
	}
	for v, want := range map[string]time.Duration{"": 2 * time.Minute, "0": 0, "30s": 30 * time.Second, " 5m ": 5 * time.Minute} {
		s, err := LoadDigests(env(v))
		if err != nil || s.LiveWindow != want {
			t.Errorf("BRIEFBOT_LIVE_WINDOW=%q: %v, %v; want %v", v, s.LiveWindow, err, want)
		}
	}
	for _, v := range []string{"-1s", "soon", "2h"} {
		if _, err := LoadDigests(env(v)); err == nil {
			t.Errorf("BRIEFBOT_LIVE_WINDOW=%q accepted", v)
		}
	}
}
