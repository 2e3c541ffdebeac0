package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing/ingest"
)

// sourceSettings are the source-polling keys (see .env.example).
type sourceSettings struct {
	feeds        []string      // BRIEFBOT_FEEDS: operator sources registered at serve start
	allowPrivate bool          // BRIEFBOT_ALLOW_PRIVATE_SOURCES
	interval     time.Duration // BRIEFBOT_POLL_INTERVAL
	tick         time.Duration // BRIEFBOT_POLL_TICK
	backfill     int           // BRIEFBOT_SOURCE_BACKFILL
	maxFailures  int           // BRIEFBOT_SOURCE_MAX_FAILURES
}

func loadSourceSettings(getenv func(string) string) (sourceSettings, error) {
	s := sourceSettings{interval: 15 * time.Minute, tick: 30 * time.Second, maxFailures: 6}
	if getenv == nil {
		return s, nil
	}
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	s.feeds = splitList(getenv("BRIEFBOT_FEEDS"))
	var err error
	if v := get("BRIEFBOT_ALLOW_PRIVATE_SOURCES"); v != "" {
		if s.allowPrivate, err = parseBool(v); err != nil {
			return s, fmt.Errorf("BRIEFBOT_ALLOW_PRIVATE_SOURCES: %w", err)
		}
	}
	durs := []struct {
		key      string
		dst      *time.Duration
		min, max time.Duration
	}{{"BRIEFBOT_POLL_INTERVAL", &s.interval, sources.MinInterval, sources.MaxInterval},
		{"BRIEFBOT_POLL_TICK", &s.tick, time.Second, 10 * time.Minute}}
	for _, d := range durs {
		if v := get(d.key); v != "" {
			if *d.dst, err = time.ParseDuration(v); err != nil || *d.dst < d.min || *d.dst > d.max {
				return s, fmt.Errorf("%s: %q is not a duration from %s to %s, such as 15m", d.key, v, d.min, d.max)
			}
		}
	}
	if v := get("BRIEFBOT_SOURCE_BACKFILL"); v != "" {
		if s.backfill, err = strconv.Atoi(v); err != nil || s.backfill < 0 || s.backfill > ingest.DefaultMaxItems {
			return s, fmt.Errorf("BRIEFBOT_SOURCE_BACKFILL: %q is not a whole number from 0 to %d", v, ingest.DefaultMaxItems)
		}
	}
	if v := get("BRIEFBOT_SOURCE_MAX_FAILURES"); v != "" {
		if s.maxFailures, err = positiveInt(v, 1000); err != nil {
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
