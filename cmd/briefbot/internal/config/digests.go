package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
)

// Digests are the BRIEFBOT_DIGEST_* keys (see .env.example).
type Digests struct {
	Limit    int           // BRIEFBOT_DIGEST_LIMIT: stories per digest unless a channel set its own
	Sync     time.Duration // BRIEFBOT_DIGEST_SYNC: how often schedules are re-read
	Sweep    time.Duration // BRIEFBOT_DIGEST_SWEEP: how often retries and missed digests are looked at
	Lease    time.Duration // BRIEFBOT_DIGEST_LEASE
	Attempts int           // BRIEFBOT_DIGEST_ATTEMPTS
	CatchUp  time.Duration // BRIEFBOT_DIGEST_CATCHUP
	// LiveWindow is BRIEFBOT_LIVE_WINDOW: how long /digest live batches
	// new stories into one message (0: each story at once); default 2m.
	LiveWindow time.Duration
	// ClockShift is BRIEFBOT_TEST_CLOCK_OFFSET (multi-process tests only).
	ClockShift time.Duration
}

// LoadDigests reads the digest keys through getenv (defaults when nil).
func LoadDigests(getenv func(string) string) (Digests, error) {
	s := Digests{Limit: 10, Sync: time.Minute, Sweep: 30 * time.Second, Lease: 10 * time.Minute, Attempts: 5, CatchUp: time.Hour,
		LiveWindow: 2 * time.Minute}
	if getenv == nil {
		return s, nil
	}
	var err error
	ints := []struct {
		key string
		dst *int
		max int
	}{{"BRIEFBOT_DIGEST_LIMIT", &s.Limit, digest.MaxSize}, {"BRIEFBOT_DIGEST_ATTEMPTS", &s.Attempts, 100}}
	for _, k := range ints {
		if v := strings.TrimSpace(getenv(k.key)); v != "" {
			if *k.dst, err = positiveInt(v, k.max); err != nil {
				return s, fmt.Errorf("%s: %w", k.key, err)
			}
		}
	}
	durs := []struct {
		key string
		dst *time.Duration
	}{{"BRIEFBOT_DIGEST_SYNC", &s.Sync}, {"BRIEFBOT_DIGEST_SWEEP", &s.Sweep}, {"BRIEFBOT_DIGEST_LEASE", &s.Lease},
		{"BRIEFBOT_DIGEST_CATCHUP", &s.CatchUp}}
	for _, k := range durs {
		if v := strings.TrimSpace(getenv(k.key)); v != "" {
			if *k.dst, err = time.ParseDuration(v); err != nil || *k.dst <= 0 {
				return s, fmt.Errorf("%s: %q is not a positive duration such as 30s or 10m", k.key, v)
			}
		}
	}
	if v := strings.TrimSpace(getenv("BRIEFBOT_LIVE_WINDOW")); v != "" {
		if s.LiveWindow, err = time.ParseDuration(v); err != nil || s.LiveWindow < 0 || s.LiveWindow > time.Hour {
			return s, fmt.Errorf("BRIEFBOT_LIVE_WINDOW: %q is not a duration from 0 (each story at once) to 1h, such as 2m", v)
		}
	}
	// Test-only: every process of a multi-process test shifts its clock by
	// the same amount, so a digest falls due seconds after start instead
	// of at the next whole minute. Deliberately absent from .env.example.
	if v := strings.TrimSpace(getenv("BRIEFBOT_TEST_CLOCK_OFFSET")); v != "" {
		if s.ClockShift, err = time.ParseDuration(v); err != nil {
			return s, fmt.Errorf("BRIEFBOT_TEST_CLOCK_OFFSET: %w", err)
		}
	}
	return s, nil
}
