package bot

import (
	"fmt"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// retentionNote tells a /brief reader that older stories are not kept,
// when retention is on and the answer reaches back to its limit: nothing
// found, a "since" before it, or a shown story from the oldest tenth of
// the kept time. Elsewhere the line would be noise.
func (c *core) retentionNote(b briefing.Briefing, since time.Time) string {
	keep := c.cfg.Retention
	if keep <= 0 {
		return ""
	}
	cutoff := c.cfg.Now().Add(-keep)
	reaches := len(b.Items) == 0 || (!since.IsZero() && since.Before(cutoff))
	for _, it := range b.Items {
		at := it.Published
		if at.IsZero() {
			at = it.Stored
		}
		if !at.IsZero() && at.Before(cutoff.Add(keep/10)) {
			reaches = true
		}
	}
	if !reaches {
		return ""
	}
	return fmt.Sprintf("Stories older than %s are not kept.", ageWords(keep))
}

// ageWords says a retention age in days, or hours when shorter or not
// whole days.
func ageWords(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return Plural(int(d/(24*time.Hour)), "day", "days")
	}
	return Plural(int(d.Round(time.Hour)/time.Hour), "hour", "hours")
}
