package config

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/adapters/web"
)

// Web reads the web side's keys: BRIEFBOT_PUBLIC_URL (the base of every
// link to it; without it chat and feeds link nowhere) and BRIEFBOT_PAGE_TTL.
// The operator page is guarded by BRIEFBOT_API_TOKEN.
func (c Config) Web(log *slog.Logger) (web.Config, error) {
	get := func(k string) string {
		if c.Getenv == nil {
			return ""
		}
		return strings.TrimSpace(c.Getenv(k))
	}
	cfg := web.Config{AdminToken: c.APIToken, Zone: c.Timezone, Logger: log}
	var err error
	if cfg.PublicURL, err = web.ParsePublicURL(get("BRIEFBOT_PUBLIC_URL")); err != nil {
		return cfg, err
	}
	if cfg.PageTTL, err = parseTTL(get("BRIEFBOT_PAGE_TTL")); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// parseTTL reads a page lifetime: a Go duration (720h) or whole days
// (30d); empty is the default, 30 days.
func parseTTL(s string) (time.Duration, error) {
	if s == "" {
		return web.DefaultPageTTL, nil
	}
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d < time.Minute || d > 10*365*24*time.Hour {
		return 0, fmt.Errorf("BRIEFBOT_PAGE_TTL: %q is not a duration from 1m to 3650d, such as 30d or 72h", s)
	}
	return d, nil
}
