package config

import (
	"fmt"
	"log/slog"

	"github.com/briefbot/briefbot/briefing"
)

// redactAttr is the log handlers' ReplaceAttr: it hides credentials in
// every string, error and Stringer a log line carries (message included),
// so a source URL with user:pass@ or ?token= never reaches the logs,
// whichever package logged it and under whichever key.
func redactAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); briefing.RedactText(s) != s {
			a.Value = slog.StringValue(briefing.RedactText(s))
		}
	case slog.KindAny:
		var s string
		switch v := a.Value.Any().(type) {
		case error:
			s = v.Error()
		case fmt.Stringer:
			s = v.String()
		default:
			return a
		}
		if r := briefing.RedactText(s); r != s {
			a.Value = slog.StringValue(r)
		}
	}
	return a
}
