package config

import (
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

func TestIndexSaveEverySetting(t *testing.T) {
	for _, bad := range []string{"soon", "0s", "-1m"} {
		_, err := Load(func(k string) string {
			if k == "BRIEFBOT_INDEX_SAVE_EVERY" {
				return bad
			}
			return ""
		})
		if err == nil || !strings.Contains(err.Error(), "BRIEFBOT_INDEX_SAVE_EVERY") {
			t.Errorf("BRIEFBOT_INDEX_SAVE_EVERY=%s: %v", bad, err)
		}
	}
}

func TestRankDepthSetting(t *testing.T) {
	load := func(v string) (Config, error) {
		return Load(func(k string) string {
			if k == "BRIEFBOT_RANK_DEPTH" {
				return v
			}
			return ""
		})
	}
	for v, want := range map[string]int{"": briefing.DefaultRankDepth, "all": -1, "ALL": -1, "1000": 1000, "250000": 250000} {
		cfg, err := load(v)
		if err != nil || cfg.RankDepth != want {
			t.Errorf("BRIEFBOT_RANK_DEPTH=%q: %d, %v; want %d", v, cfg.RankDepth, err, want)
		}
	}
	for _, bad := range []string{"999", "0", "-5", "deep", "1e6"} {
		if _, err := load(bad); err == nil || !strings.Contains(err.Error(), "BRIEFBOT_RANK_DEPTH") {
			t.Errorf("BRIEFBOT_RANK_DEPTH=%s: %v", bad, err)
		}
	}
}

func TestQueryBudgetSetting(t *testing.T) {
	load := func(v string) (Config, error) {
		return Load(func(k string) string { return map[string]string{"BRIEFBOT_QUERY_BUDGET": v}[k] })
	}
	for v, want := range map[string]time.Duration{"": briefing.DefaultQueryBudget, "500ms": 500 * time.Millisecond, "1m": time.Minute} {
		if cfg, err := load(v); err != nil || cfg.QueryBudget != want {
			t.Errorf("BRIEFBOT_QUERY_BUDGET=%q: %v, %v; want %v", v, cfg.QueryBudget, err, want)
		}
	}
	for _, bad := range []string{"1ms", "0", "-2s", "2", "2h", "soon"} {
		if _, err := load(bad); err == nil || !strings.Contains(err.Error(), "BRIEFBOT_QUERY_BUDGET") {
			t.Errorf("BRIEFBOT_QUERY_BUDGET=%s: %v", bad, err)
		}
	}
}

func TestSourceSettings(t *testing.T) {
	for key, val := range map[string]string{"BRIEFBOT_ALLOW_PRIVATE_SOURCES": "maybe", "BRIEFBOT_POLL_INTERVAL": "10s",
		"BRIEFBOT_POLL_TICK": "forever", "BRIEFBOT_SOURCE_BACKFILL": "-1", "BRIEFBOT_SOURCE_MAX_FAILURES": "0"} {
		_, err := LoadSources(func(k string) string { return map[string]string{key: val}[k] })
		if err == nil || !strings.HasPrefix(err.Error(), key+": ") {
			t.Errorf("%s=%s: %v; want an error naming the key", key, val, err)
		}
	}
	s, err := LoadSources(func(k string) string {
		return map[string]string{"BRIEFBOT_FEEDS": "https://a.example/feed, https://b.example/rss\nhttps://c.example/",
			"BRIEFBOT_ALLOW_PRIVATE_SOURCES": "true", "BRIEFBOT_POLL_INTERVAL": "1h", "BRIEFBOT_SOURCE_BACKFILL": "5"}[k]
	})
	if err != nil || len(s.Feeds) != 3 || !s.AllowPrivate || s.Interval != time.Hour || s.Backfill != 5 || s.MaxFailures != 6 {
		t.Fatalf("settings %+v, %v", s, err)
	}
}

func TestRetentionSetting(t *testing.T) {
	load := func(v string) (Config, error) {
		return Load(func(k string) string {
			if k == "BRIEFBOT_RETENTION" {
				return v
			}
			return ""
		})
	}
	for v, want := range map[string]time.Duration{"": 0, "365d": 365 * 24 * time.Hour, "30d": 30 * 24 * time.Hour, "12h": 12 * time.Hour} {
		cfg, err := load(v)
		if err != nil || cfg.Retention != want {
			t.Errorf("BRIEFBOT_RETENTION=%q: %v, %v; want %v", v, cfg.Retention, err, want)
		}
	}
	for _, bad := range []string{"0d", "30", "a month", "-1h", "10s"} {
		if _, err := load(bad); err == nil || !strings.Contains(err.Error(), "BRIEFBOT_RETENTION") || !strings.Contains(err.Error(), "30d") {
			t.Errorf("BRIEFBOT_RETENTION=%s: %v; want an error naming the key and an example", bad, err)
		}
	}
}

func TestExploreSetting(t *testing.T) {
	load := func(v string) (Config, error) {
		return Load(func(k string) string {
			if k == "BRIEFBOT_EXPLORE" {
				return v
			}
			return ""
		})
	}
	for v, want := range map[string]int{"": 0, "0": 0, "1": 1, "2": 2} {
		cfg, err := load(v)
		if err != nil || cfg.Explore != want {
			t.Errorf("BRIEFBOT_EXPLORE=%q: %d, %v; want %d", v, cfg.Explore, err, want)
		}
	}
	for _, bad := range []string{"3", "-1", "two"} {
		if _, err := load(bad); err == nil || !strings.Contains(err.Error(), "BRIEFBOT_EXPLORE") {
			t.Errorf("BRIEFBOT_EXPLORE=%s: %v", bad, err)
		}
	}
}
