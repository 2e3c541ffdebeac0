package briefing

import "time"

// Briefing is the answer to /brief: the stories that match a topic, as a
// timeline (oldest first; undated stories last), each summarised.
type Briefing struct {
	Topic       string    `json:"topic"`
	GeneratedAt time.Time `json:"generated_at"`
	Items       []Item    `json:"articles"`
	// Total is how many stories matched before the limit was applied.
	Total int `json:"total"`
	// TotalAtLeast marks a Total counted among the topic's newest
	// candidates only (a broad topic in a large archive, see
	// Config.RankDepth): older articles may match too.
	TotalAtLeast bool `json:"total_at_least,omitempty"`
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
	Published time.Time `json:"published"`
	Source    string    `json:"source"`
	Author    string    `json:"author,omitempty"`
	Tags      []string  `json:"tags,omitempty"`
	Summary   []string  `json:"summary"`
	Score     float64   `json:"score"`
	// Why says in words what made the article match ("“gsomia” in the
	// title, tags and text").
	Why string `json:"why"`
	// Fragment marks an item whose text was cut mid-sentence.
	Fragment bool `json:"fragment,omitempty"`
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

// StoryRef names another story.
type StoryRef struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published"`
}

// SourceRef is one article covering a story.
type SourceRef struct {
	ID        int64     `json:"id"`
	Source    string    `json:"source"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published"`
}

// Match is one article selected by a topic.
type Match struct {
	ArticleID int64     `json:"id"`
	Score     float64   `json:"score"`
	Published time.Time `json:"published"`
	Why       string    `json:"why"`
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
