package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing/ingest"
)

// Sources are the source-polling keys (see .env.example).
type Sources struct {
	Feeds        []string      // BRIEFBOT_FEEDS: operator sources registered at serve start
	AllowPrivate bool          // BRIEFBOT_ALLOW_PRIVATE_SOURCES
	Interval     time.Duration // BRIEFBOT_POLL_INTERVAL
	Tick         time.Duration // BRIEFBOT_POLL_TICK
	Lease        time.Duration // BRIEFBOT_POLL_LEASE: 0 is the poller's default
	Backfill     int           // BRIEFBOT_SOURCE_BACKFILL
	MaxFailures  int           // BRIEFBOT_SOURCE_MAX_FAILURES
}

// LoadSources reads the source-polling keys through getenv (defaults
// when nil).
func LoadSources(getenv func(string) string) (Sources, error) {
	s := Sources{Interval: 15 * time.Minute, Tick: 30 * time.Second, MaxFailures: 6}
	if getenv == nil {
		return s, nil
	}
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	s.Feeds = splitList(getenv("BRIEFBOT_FEEDS"))
	var err error
	if v := get("BRIEFBOT_ALLOW_PRIVATE_SOURCES"); v != "" {
		if s.AllowPrivate, err = parseBool(v); err != nil {
			return s, fmt.Errorf("BRIEFBOT_ALLOW_PRIVATE_SOURCES: %w", err)
		}
	}
	durs := []struct {
		key      string
		dst      *time.Duration
		min, max time.Duration
		example  string // within min and max
	}{{"BRIEFBOT_POLL_INTERVAL", &s.Interval, sources.MinInterval, sources.MaxInterval, "15m"},
		{"BRIEFBOT_POLL_TICK", &s.Tick, time.Second, 10 * time.Minute, "30s"},
		{"BRIEFBOT_POLL_LEASE", &s.Lease, time.Second, 10 * time.Minute, "1m"}}
	for _, d := range durs {
		if v := get(d.key); v != "" {
			if *d.dst, err = time.ParseDuration(v); err != nil || *d.dst < d.min || *d.dst > d.max {
				return s, fmt.Errorf("%s: %q is not a duration from %s to %s, such as %s", d.key, v, d.min, d.max, d.example)
			}
		}
	}
	if v := get("BRIEFBOT_SOURCE_BACKFILL"); v != "" {
		if s.Backfill, err = strconv.Atoi(v); err != nil || s.Backfill < 0 || s.Backfill > ingest.DefaultMaxItems {
			return s, fmt.Errorf("BRIEFBOT_SOURCE_BACKFILL: %q is not a whole number from 0 to %d", v, ingest.DefaultMaxItems)
		}
	}
	if v := get("BRIEFBOT_SOURCE_MAX_FAILURES"); v != "" {
		if s.MaxFailures, err = positiveInt(v, 1000); err != nil {
			return s, fmt.Errorf("BRIEFBOT_SOURCE_MAX_FAILURES: %w", err)
		}
	}
	return s, nil
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("%q is not true or false", v)
}
