package config

import (
	"os"
	"strings"
	"testing"
)

// README and .env.example say which keys turn each chat adapter on and
// that its other keys alone are ignored with a warning (Config.Slack and
// Config.Discord), naming the same keys as the code.
func TestIgnoredAdapterSettingsDocumented(t *testing.T) {
	platforms := map[string]adapterKeys{"Slack": slackKeys, "Discord": discordKeys}
	for _, f := range []string{"../../../../.env.example", "../../../../README.md"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for name, keys := range platforms {
			on, settings := keys.credentials, keys.settings
			if !documentsIgnored(string(b), on, settings, strings.HasSuffix(f, "README.md")) {
				t.Errorf("%s: no paragraph says %s's %v alone are ignored, with a warning (README: and that %v turn it on)",
					f, name, settings, on)
			}
		}
	}
}

// documentsIgnored reports whether a paragraph of doc names every
// settings key as ignored with a warning (and, withOn, every key of on).
func documentsIgnored(doc string, on, settings []string, withOn bool) bool {
	for _, p := range strings.Split(doc, "\n\n") {
		p = strings.Join(strings.Fields(strings.ReplaceAll(p, "#", " ")), " ")
		ok := strings.Contains(p, "ignored") && strings.Contains(p, "warning")
		for _, k := range settings {
			ok = ok && strings.Contains(p, k)
		}
		for _, k := range on {
			ok = ok && (!withOn || strings.Contains(p, k))
		}
		if ok {
			return true
		}
	}
	return false
}
