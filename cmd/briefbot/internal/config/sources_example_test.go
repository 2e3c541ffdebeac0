package config

import (
	"strings"
	"testing"
)

// A bad BRIEFBOT_POLL_TICK is answered with an example inside its own
// range (it used to suggest 15m, above the 10m maximum).
func TestPollSettingExamplesAreInRange(t *testing.T) {
	for key, want := range map[string]string{"BRIEFBOT_POLL_TICK": "such as 30s", "BRIEFBOT_POLL_INTERVAL": "such as 15m"} {
		_, err := LoadSources(func(k string) string {
			if k == key {
				return "forever"
			}
			return ""
		})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s=forever: %v, want %q", key, err, want)
		}
	}
}
