package sources

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// list shows every source the asker may see with its health: state, last
// success, last error, next check. A channel's private source is listed
// in that channel and to admins only: its address is the channel's own
// business (other channels are told only how many they cannot see).
func (c *sourceCmd) list(ctx context.Context, req bot.Request) (bot.Reply, error) {
	every, err := c.m.Sources(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	all := make([]Source, 0, len(every))
	for _, s := range every {
		if !s.Private || s.Channel == req.Channel || req.User.Admin {
			all = append(all, s)
		}
	}
	hidden := len(every) - len(all)
	if len(every) == 0 {
		return bot.Reply{Text: "No sources yet. An admin can add a feed with /source add <feed-or-page-url>."}, nil
	}
	ws, err := c.m.RestrictedWatches(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	now := c.cfg.Now()
	lines := make([]string, len(all))
	for i, s := range all {
		lines[i] = c.line(s, now)
		if used := usedBy(s, ws); used != "" {
			lines[i] += "\n    " + used
		}
	}
	if hidden > 0 {
		lines = append(lines, fmt.Sprintf("(%d private to other channels, not shown)", hidden))
	}
	return bot.Reply{Title: fmt.Sprintf("Sources (%d)", len(all)), Text: strings.Join(lines, "\n")}, nil
}

func (c *sourceCmd) line(s Source, now time.Time) string {
	st := s.State
	parts := []string{sourceHealth(s)}
	switch {
	case !st.LastSuccess.IsZero():
		parts = append(parts, "last success "+agoText(now, st.LastSuccess))
	case st.Failures > 0 && !s.CreatedAt.IsZero():
		// Added without a check (OPML, the CLI, BRIEFBOT_FEEDS) and
		// never fetched since: failing as long as it has existed.
		parts = append(parts, "never worked since it was added "+agoText(now, s.CreatedAt))
	}
	if st.LastError != "" {
		parts = append(parts, fmt.Sprintf("last error %s: %s", agoText(now, st.LastErrorAt), st.LastError))
	}
	switch s.Health() {
	case "held":
	case "paused": // the poller's own pause: tried daily
		parts = append(parts, "next try "+inText(now, st.NextCheck))
	default:
		parts = append(parts, "next check "+inText(now, st.NextCheck))
	}
	parts = append(parts, c.every(s))
	if s.AddedBy != "" {
		parts = append(parts, "added by "+s.AddedBy)
	}
	line := fmt.Sprintf("#%d %s\n    %s", s.ID, sourceName(s), strings.Join(parts, " · "))
	if st.Paused || s.Held {
		line += fmt.Sprintf("\n    An admin can resume it with /source resume %d", s.ID)
	}
	return line
}

// usedBy says which channels use s beyond the global pool: the channel
// it is private to, and the channels with watches restricted to it.
func usedBy(s Source, ws []briefing.Watch) string {
	var parts []string
	if s.Private {
		parts = append(parts, "only for "+s.Channel.String())
	}
	byChannel := map[briefing.Channel][]string{}
	var order []briefing.Channel
	for _, w := range ws {
		if !slices.Contains(w.Sources, s.URL) {
			continue
		}
		if _, ok := byChannel[w.Channel]; !ok {
			order = append(order, w.Channel)
		}
		byChannel[w.Channel] = append(byChannel[w.Channel], "“"+w.Topic+"”")
	}
	for _, ch := range order {
		parts = append(parts, fmt.Sprintf("watched from %s: %s", ch, strings.Join(byChannel[ch], ", ")))
	}
	return strings.Join(parts, " · ")
}

func sourceHealth(s Source) string {
	switch s.Health() {
	case "held":
		return "PAUSED by an operator"
	case "paused":
		return fmt.Sprintf("PAUSED after %d failed checks in a row", s.State.Failures)
	case "failing":
		return fmt.Sprintf("failing (%d in a row)", s.State.Failures)
	case "unchecked":
		return "not checked yet"
	}
	return "OK"
}

func agoText(now, t time.Time) string {
	if d := now.Sub(t); d >= time.Minute {
		return spokenDuration(d) + " ago"
	}
	return "just now"
}

func inText(now, t time.Time) string {
	if d := t.Sub(now); d >= time.Minute {
		return "in " + spokenDuration(d)
	}
	return "now"
}

// spokenDuration writes a duration the way people say it: "45 s", "15 min",
// "2 h 5 min", "3 days".
func spokenDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		h, m := int(d.Hours()), int(d.Minutes())%60
		if m == 0 {
			return fmt.Sprintf("%d h", h)
		}
		return fmt.Sprintf("%d h %d min", h, m)
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}
