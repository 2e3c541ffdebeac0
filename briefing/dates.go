package briefing

import "time"

// MaxFutureSkew is how far after its fetch an article's date may be
// before it is not believed: clocks and time zones differ by hours, a
// year-9999 date is a mistake or an attempt to stay on top forever.
const MaxFutureSkew = 24 * time.Hour

// clampFuture replaces a published time more than MaxFutureSkew after the
// fetch with the fetch time, and marks it (DateClamped) so readers can
// tell a stand-in from the source's own date. a.Fetched must be set.
func clampFuture(a Article) Article {
	if !a.Published.IsZero() && a.Published.After(a.Fetched.Add(MaxFutureSkew)) {
		a.Published, a.DateClamped, a.DayOnly = a.Fetched, true, false
	}
	return a
}
