package config

import (
	"strings"
	"testing"
	"time"
)

func TestWebSettings(t *testing.T) {
	for in, want := range map[string]time.Duration{"": 30 * 24 * time.Hour, "7d": 7 * 24 * time.Hour, "72h": 72 * time.Hour, "90m": 90 * time.Minute} {
		if got, err := parseTTL(in); err != nil || got != want {
			t.Errorf("parseTTL(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"0d", "-1h", "soon", "30s", "4000d", "d"} {
		if _, err := parseTTL(bad); err == nil || !strings.Contains(err.Error(), "BRIEFBOT_PAGE_TTL") {
			t.Errorf("parseTTL(%q): %v, want an error naming the key", bad, err)
		}
	}
	for _, bad := range []string{"news.example.com", "ftp://news.example.com", "javascript:alert(1)", "https://news.example.com/?a=1", "https://u:p@news.example.com"} {
		c := Config{Getenv: func(k string) string { return map[string]string{"BRIEFBOT_PUBLIC_URL": bad}[k] }}
		if _, err := c.Web(nil); err == nil || !strings.Contains(err.Error(), "BRIEFBOT_PUBLIC_URL") {
			t.Errorf("public URL %q: %v, want an error naming the key", bad, err)
		}
	}
	c := Config{APIToken: "t", Getenv: func(k string) string {
		return map[string]string{"BRIEFBOT_PUBLIC_URL": "https://news.example.com/", "BRIEFBOT_PAGE_TTL": "2d"}[k]
	}}
	cfg, err := c.Web(nil)
	if err != nil || cfg.PublicURL != "https://news.example.com" || cfg.PageTTL != 48*time.Hour || cfg.AdminToken != "t" {
		t.Errorf("config %+v, %v", cfg, err)
	}
}
