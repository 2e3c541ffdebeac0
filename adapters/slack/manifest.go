package slack

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/bot"
)

//go:embed manifest.yaml
var manifestTemplate string

// Manifest is the Slack app manifest (manifest.yaml) with its slash
// commands replaced by specs, the commands as the router names them on
// the platforms (BRIEFBOT_COMMANDS: one each, a prefix, or the single
// /briefbot entry), so the app Slack knows and the router agree.
func Manifest(specs []bot.CommandSpec) (string, error) {
	const start, end = "  slash_commands:\n", "oauth_config:\n"
	i, j := strings.Index(manifestTemplate, start), strings.Index(manifestTemplate, end)
	if i < 0 || j < i {
		return "", fmt.Errorf("slack: manifest.yaml has no slash_commands block before oauth_config")
	}
	var b strings.Builder
	b.WriteString(manifestTemplate[:i+len(start)])
	for _, c := range specs {
		fmt.Fprintf(&b, "    - command: /%s\n      description: %s\n", c.Name, yamlString(truncate(c.Description, 100)))
		if _, hint, ok := strings.Cut(c.Usage, " "); ok && strings.TrimSpace(hint) != "" {
			fmt.Fprintf(&b, "      usage_hint: %s\n", yamlString(truncate(strings.TrimSpace(hint), 100)))
		}
		b.WriteString("      should_escape: false\n")
	}
	b.WriteString(manifestTemplate[j:])
	return b.String(), nil
}

// yamlString quotes s as a YAML double-quoted scalar.
func yamlString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ").Replace(s) + `"`
}
