package briefing

import (
	"encoding/json"
	"time"
)

// Briefing is the answer to /brief: the stories that match a topic, as a
// timeline (oldest first; an undated story placed by when it was stored),
// each summarised.
type Briefing struct {
	Topic       string    `json:"topic"`
	GeneratedAt time.Time `json:"generated_at"`
	Items       []Item    `json:"articles"`
	// Total is how many stories (near-duplicate copies folded into one)
	// were counted before the limit was applied. Only the best matches
	// are loaded and folded (see storyCandidates), so when more articles
	// match than were folded, Total counts the folded ones and is a
	// lower bound: the rest may be copies or new stories.
	Total int `json:"total"`
	// TotalAtLeast marks a Total that is a lower bound: articles past the
	// folded candidates match too, or the count was taken among the
	// topic's newest candidates only (MatchesAtLeast).
	TotalAtLeast bool `json:"total_at_least,omitempty"`
	// Matches is how many articles match, copies included.
	Matches int `json:"matches"`
	// MatchesAtLeast marks Matches counted among the topic's newest
	// candidates only (a broad topic in a large archive, see
	// Config.RankDepth): older articles may match too.
	MatchesAtLeast bool `json:"matches_at_least,omitempty"`
	// Suggestions, when nothing matched: close words or narrower topics
	// that do occur in the stored news.
	Suggestions []string `json:"suggestions,omitempty"`
}

// Item is one story in a briefing: the best article of a group of
// near-duplicates, with the other copies listed as sources.
type Item struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published"` // null in JSON when unknown
	// DayOnly: Published is a day without a time of day (Article.DayOnly).
	DayOnly bool `json:"day_only,omitempty"`
	// DateClamped: Published is a fetch time standing in for a date the
	// source gave in the future (see Article.DateClamped).
	DateClamped bool `json:"date_clamped,omitempty"`
	// When is Published as a reader sees it, in the engine's time zone:
	// "2 Dec 2026, 14:05 KST", a day alone when only the day is known,
	// or "undated"; followed by ", updated 15:20" when the story's
	// article was corrected (FormatItemWhen).
	When string `json:"when"`
	// Updated is when the story's article took its latest correction
	// (Article.Updated); zero when it never did. The story keeps its
	// place: Published and Stored are the first version's.
	Updated time.Time `json:"updated,omitzero"`
	// Stored is when the story's first report was stored.
	Stored time.Time `json:"stored"`
	Source string    `json:"source"`
	// SourceName is the outlet as readers know it: the feed's title, else
	// the site's host name (see sourcename.go).
	SourceName string   `json:"source_name,omitempty"`
	Author     string   `json:"author,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	Summary    []string `json:"summary"`
	Score      float64  `json:"score"`
	// Why says in words what made the article match ("“gsomia” in the
	// title, tags and text").
	Why string `json:"why"`
	// Fragment marks an item whose text was cut mid-sentence.
	Fragment bool `json:"fragment,omitempty"`
	// Exploratory marks a story from outside the topic's selection shown
	// for the channel to judge (BriefOptions.Explore): not a match, and
	// to be shown as a question ("is this about the topic?").
	Exploratory bool `json:"exploratory,omitempty"`
	// Sources lists every article folded into this story, this one first:
	// copies of one text and other outlets' reports of the same event.
	Sources []SourceRef `json:"sources"`
	// Outlets is how many different sources (feeds, sites) reported the
	// story: two copies from one feed are one outlet.
	Outlets int `json:"outlets"`
	// DevelopmentOf, when set, is the earlier story this one follows up
	// (new facts days later about the same event).
	DevelopmentOf *StoryRef `json:"development_of,omitempty"`
}

// timelineAt is where the item stands in a timeline: when it was
// published, else when it was stored.
func (it Item) timelineAt() time.Time {
	if it.Published.IsZero() {
		return it.Stored
	}
	return it.Published
}

// MarshalJSON writes an unknown publication time as null.
func (it Item) MarshalJSON() ([]byte, error) {
	type item Item
	return json.Marshal(struct {
		item
		Published *time.Time `json:"published"`
	}{item(it), timeOrNull(it.Published)})
}

// MarshalJSON writes an unknown publication time as null.
func (r SourceRef) MarshalJSON() ([]byte, error) {
	type ref SourceRef
	return json.Marshal(struct {
		ref
		Published *time.Time `json:"published"`
	}{ref(r), timeOrNull(r.Published)})
}

// MarshalJSON writes an unknown publication time as null.
func (r StoryRef) MarshalJSON() ([]byte, error) {
	type ref StoryRef
	return json.Marshal(struct {
		ref
		Published *time.Time `json:"published"`
	}{ref(r), timeOrNull(r.Published)})
}

func timeOrNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// FormatWhen shows a publication time in loc: "2 Dec 2026, 14:05 KST".
// A day without a time of day (dayOnly: the source gave only a date, see
// Article.DayOnly) shows as "2 Dec 2026", the UTC day it is stored as: in
// another zone it would move to the day before (west of UTC) or gain an
// invented hour. The zero time is "undated".
func FormatWhen(t time.Time, dayOnly bool, loc *time.Location) string {
	if t.IsZero() {
		return "undated"
	}
	if dayOnly {
		return t.UTC().Format("2 Jan 2006")
	}
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("2 Jan 2006, 15:04 MST")
}

// FormatUpdated shows when a story's article was corrected, in loc:
// "updated 15:20" on the day of its timed publication (dayOnly: published
// is a day alone, Article.DayOnly), else "updated 3 Dec, 15:20 KST"; ""
// when it never was.
func FormatUpdated(published time.Time, dayOnly bool, updated time.Time, loc *time.Location) string {
	if updated.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	u := updated.In(loc)
	if !published.IsZero() && !dayOnly {
		p := published.In(loc)
		if p.Year() == u.Year() && p.YearDay() == u.YearDay() {
			return "updated " + u.Format("15:04")
		}
	}
	return "updated " + u.Format("2 Jan, 15:04 MST")
}

// FormatItemWhen is an item's When in loc: its publication time
// (FormatWhen), then when it was corrected, if it was (FormatUpdated).
func FormatItemWhen(it Item, loc *time.Location) string {
	w := FormatWhen(it.Published, it.DayOnly, loc)
	if u := FormatUpdated(it.Published, it.DayOnly, it.Updated, loc); u != "" {
		w += ", " + u
	}
	return w
}

// StoryRef names another story.
type StoryRef struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published"`
	DayOnly   bool      `json:"day_only,omitempty"` // Published is a day alone (Article.DayOnly)
}

// SourceRef is one article covering a story.
type SourceRef struct {
	ID         int64     `json:"id"`
	Source     string    `json:"source"`
	SourceName string    `json:"source_name,omitempty"`
	URL        string    `json:"url,omitempty"`
	Published  time.Time `json:"published"`
	DayOnly    bool      `json:"day_only,omitempty"` // Published is a day alone (Article.DayOnly)
}

// Match is one article selected by a topic.
type Match struct {
	ArticleID int64     `json:"id"`
	Score     float64   `json:"score"`
	Published time.Time `json:"published"`
	Why       string    `json:"why"`
	// Exploratory marks a near miss shown for the channel to judge
	// (MatchOptions.Explore): outside the selection, not a match.
	Exploratory bool `json:"exploratory,omitempty"`
}

// OutletRefs returns one report per outlet, the story's own first: copies
// of a story from one source count once. len(OutletRefs()) is the
// "reported by N outlets" count.
func (it Item) OutletRefs() []SourceRef {
	seen := map[string]bool{}
	var out []SourceRef
	for _, s := range it.Sources {
		if !seen[s.Source] {
			seen[s.Source] = true
			out = append(out, s)
		}
	}
	return out
}
