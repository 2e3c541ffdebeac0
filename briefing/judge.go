package briefing

// Judgment is a channel's verdict on one article for one topic: 👍 (Up)
// or 👎. A channel's judgments for a topic are passed with a request
// (MatchOptions.Judgments, BriefOptions.Judgments); the engine keeps none.
type Judgment struct {
	ArticleID int64
	Up        bool
}
