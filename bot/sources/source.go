package sources

import (
	"net/url"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// Source is a feed or web page that briefbot polls for articles. Sources
// are global (every channel's /brief, watches and digests draw on their
// articles) unless Private: a private source's articles are for its
// Channel alone (see briefing.SourceScopes). Channel is also who is told
// when the source breaks.
//
// The contract between polling and digests ("seen" and "new"):
//
//   - Every article the poller stores has briefing.Article.Source equal to the
//     Source's URL, and briefing.Article.Fetched set to the time of the poll that
//     first stored it (the poller's clock, UTC). An article is stored once
//     per source (briefing.Article.Key), so Fetched never moves.
//   - briefing.Article.Backfill is true for an article that must never be announced
//     as a new story: the items a source already listed when it was added
//     (all but the newest BackfillItems, 0 by default), and re-keyed copies
//     of an article already stored from the same source (its GUID or title
//     changed, but its link, its text or nearly all of its text did not).
//   - So a digest selects articles that match the channel's watches, have
//     Backfill false, and were not delivered to the channel yet (the
//     delivery ledger says which). Older matching stories already stored
//     when a channel starts watching are digest material too: the issue
//     defines a digest as "not sent yet", and the per-channel cap bounds a
//     channel's first digest. Nothing else is needed: a backfilled article
//     is still stored, indexed and found by /brief.
//   - Articles ingested by the operator (briefbot ingest, briefbot demo)
//     have Backfill false: the operator asked for them.
type Source struct {
	ID      int64  `json:"id"`
	URL     string `json:"url"`                // the feed or page URL, as normalised by NormalizeURL
	Title   string `json:"title,omitempty"`    // the feed's title, when it has one
	SiteURL string `json:"site_url,omitempty"` // the feed's home page (OPML htmlUrl)
	// Folder is the OPML folder path the source was imported under
	// ("News/Tech"; "" for none), so an export rebuilds the folders.
	Folder string `json:"folder,omitempty"`
	// Kind is SourceFeed or SourcePage as of the last successful check;
	// "" before the first.
	Kind string `json:"kind,omitempty"`
	// Channel is the chat channel that added the source (zero for operator
	// sources): it is told when the source is paused.
	Channel briefing.Channel `json:"channel"`
	AddedBy string           `json:"added_by,omitempty"` // user id
	// Private sources ("/source add URL for this channel") are read only
	// by Channel: other channels' answers leave their articles out, also
	// after the source is removed. The operator's sources are never
	// private.
	Private bool `json:"private,omitempty"`
	// Held sources were paused by /source pause or the CLI: they are not
	// checked until resumed. (State.Paused is the poller's own pause
	// after failures.)
	Held bool `json:"held,omitempty"`
	// Trusted sources were added by the operator (BRIEFBOT_FEEDS, OPML,
	// the CLI) and may live on private addresses; sources added from chat
	// are fetched only from public ones unless the operator allows it.
	Trusted   bool          `json:"trusted"`
	Interval  time.Duration `json:"interval"` // between checks; 0 means the poller's default
	CreatedAt time.Time     `json:"created_at"`
	State     State         `json:"state"`
}

// State is what the poller remembers about a source between checks:
// HTTP cache validators and health.
type State struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// BodyHash is the hex SHA-256 of the last body parsed, so a 200 with
	// an unchanged body is not parsed again.
	BodyHash string `json:"body_hash,omitempty"`
	// Primed is true once the source's existing items have been stored
	// (as backfill); items found later are new.
	Primed      bool      `json:"primed"`
	LastCheck   time.Time `json:"last_check"`   // zero: never checked
	LastSuccess time.Time `json:"last_success"` // zero: never succeeded
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at"`
	Failures    int       `json:"failures"` // consecutive failed checks
	// TTL is the feed's own minimum time between checks (RSS <ttl>), as
	// of its last parse; checks never come sooner.
	TTL       time.Duration `json:"ttl,omitempty"`
	NextCheck time.Time     `json:"next_check"`
	// Paused sources failed too often in a row: they are tried once a
	// day (NextCheck) instead of every interval, and a check that works
	// resumes them, as do /source resume and adding the source again.
	Paused bool `json:"paused"`
}

// Health names a source's state in one word, from a fixed set (Healths):
// "held" (paused by an operator), "paused" (by the poller, after
// failures), "failing", "unchecked" (never checked) or "ok".
func (s Source) Health() string {
	st := s.State
	switch {
	case s.Held || st.Paused && st.Failures == 0:
		return "held"
	case st.Paused:
		return "paused"
	case st.Failures > 0:
		return "failing"
	case st.LastCheck.IsZero():
		return "unchecked"
	}
	return "ok"
}

// Healths lists every value Health returns.
var Healths = []string{"ok", "failing", "paused", "held", "unchecked"}

// Added reports what adding a source from chat did.
type Added struct {
	Source Source `json:"source"`
	Items  int    `json:"items"` // items the source listed when it was added
	// New is how many of them were stored as new stories (the backfill
	// setting); the others are stored as already seen.
	New     int  `json:"new"`
	Resumed bool `json:"resumed,omitempty"` // it existed, paused, and checks resume
	// Discovered is set when the URL given was a page whose feed link was
	// followed: the source is the feed.
	Discovered bool `json:"discovered,omitempty"`
}

// NormalizeURL checks that raw is an absolute http or https URL with
// a host, and returns it with a lower-case scheme and host (url.Parse
// lowers the scheme) and without a
// fragment, so one feed is not added twice in different spellings.
func NormalizeURL(raw string) (string, error) {
	raw = strings.Trim(strings.TrimSpace(raw), "<>")
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", briefing.Errorf(briefing.EInvalid, "“%s” is not an http or https URL; give a feed or page address such as https://example.com/feed.xml", raw)
	}
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), nil
}

// Source kinds (Source.Kind).
const (
	SourceFeed = "feed" // RSS, Atom, RDF or JSON Feed
	SourcePage = "page" // a web page (or text) briefbot extracts articles from
)
