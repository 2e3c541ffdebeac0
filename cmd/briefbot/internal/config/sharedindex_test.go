package config

import (
	"strings"
	"testing"
)

func TestSharedIndexSetting(t *testing.T) {
	for v, want := range map[string]bool{"": true, "on": true, "off": false, "OFF": false, "false": false, "1": true} {
		cfg, err := Load(func(k string) string {
			if k == "BRIEFBOT_SHARED_INDEX" {
				return v
			}
			return ""
		})
		if err != nil || cfg.SharedIndex != want {
			t.Errorf("BRIEFBOT_SHARED_INDEX=%q: %v, %v; want %v", v, cfg.SharedIndex, err, want)
		}
	}
	_, err := Load(func(k string) string {
		if k == "BRIEFBOT_SHARED_INDEX" {
			return "sometimes"
		}
		return ""
	})
	if err == nil || !strings.Contains(err.Error(), "BRIEFBOT_SHARED_INDEX") {
		t.Fatalf("a bad value: %v", err)
	}
}
