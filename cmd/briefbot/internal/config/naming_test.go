package config

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
)

func TestNaming(t *testing.T) {
	env := func(v string) Config {
		return Config{Getenv: func(k string) string {
			if k == "BRIEFBOT_COMMANDS" {
				return v
			}
			return ""
		}}
	}
	for v, want := range map[string]bot.Naming{"": {}, "each": {}, "single": {Single: true}, "prefix:news-": {Prefix: "news-"}} {
		if got, err := env(v).Naming(); err != nil || got != want {
			t.Errorf("BRIEFBOT_COMMANDS=%q: %+v, %v; want %+v", v, got, err, want)
		}
	}
	if _, err := env("several").Naming(); err == nil || !strings.HasPrefix(err.Error(), "BRIEFBOT_COMMANDS: ") {
		t.Errorf("BRIEFBOT_COMMANDS=several: %v, want an error naming the key", err)
	}
}
