package briefing

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Article is one news article as the engine sees it, whatever it came from.
type Article struct {
	ID        int64     `json:"id"`
	Source    string    `json:"source"`           // feed or page URL, or file name: where it came from
	GUID      string    `json:"guid,omitempty"`   // the feed's id for the item, when it has one
	URL       string    `json:"url,omitempty"`    // link to the article itself
	Title     string    `json:"title"`            // headline
	Author    string    `json:"author,omitempty"` // byline, moved out of the text by Clean
	Published time.Time `json:"published"`        // zero when unknown
	// DayOnly marks a Published that the source gave as a day without a
	// time of day ("2026-12-02", "Wed, 2 Dec 2026", a dateline): stored as
	// midnight UTC of that day, it names the day, not an instant, and is
	// shown as the day alone (FormatWhen). A source's real 00:00 UTC (09:00
	// KST) is a time like any other.
	DayOnly bool `json:"day_only,omitempty"`
	// DateClamped marks a Published that the source gave as more than
	// MaxFutureSkew after the fetch, replaced by the fetch time.
	DateClamped bool     `json:"date_clamped,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	Text        string   `json:"text"` // cleaned body: paragraphs separated by a blank line
	// Fragment is true when the text was cut mid-sentence (a teaser): its
	// last sentence is incomplete and must never be presented as whole.
	Fragment bool      `json:"fragment,omitempty"`
	Fetched  time.Time `json:"fetched"`
	// Backfill marks an article stored as already seen: digests never
	// announce it as new (see Source for the contract).
	Backfill bool `json:"backfill,omitempty"`
	// Updated is when the source's correction of the article (its item
	// sent again with another title or text) was stored, replacing the
	// first version in place; zero when it was never corrected. Fetched
	// and Published stay the first version's (see ReviseArticles).
	Updated time.Time `json:"updated,omitzero"`
}

// Key is the article's identity within its source: the GUID, else the
// link, else a hash of title and text. Re-ingesting the same input yields
// the same key, so storing is idempotent.
func (a Article) Key() string {
	switch {
	case strings.TrimSpace(a.GUID) != "":
		return "guid:" + strings.TrimSpace(a.GUID)
	case strings.TrimSpace(a.URL) != "":
		return "url:" + strings.TrimSpace(a.URL)
	default:
		return "sha256:" + a.ContentHash()
	}
}

// ContentHash is a hex SHA-256 over the normalised title and text, so that
// whitespace-only differences do not make a new article.
func (a Article) ContentHash() string {
	// One buffer of the normalised bytes, hashed at once: the same bytes
	// as joining strings.Fields, without its slices and copies (ingest
	// hashes every article).
	buf := make([]byte, 0, len(a.Title)+1+len(a.Text))
	buf = appendFields(buf, a.Title)
	buf = append(buf, 0)
	buf = appendFields(buf, a.Text)
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}

// Paragraphs returns the non-empty paragraphs of the text.
func (a Article) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(a.Text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Channel addresses one chat channel. Platform is an opaque key chosen by
// the adapter ("slack", "discord", "console"); the core never inspects it.
type Channel struct {
	Platform string `json:"platform"`
	ID       string `json:"id"`
}

func (c Channel) String() string { return c.Platform + ":" + c.ID }

// Watch is a topic a channel follows.
type Watch struct {
	Channel Channel `json:"channel"`
	Topic   string  `json:"topic"`
	// Sources, when set, restricts the watch to the articles of these
	// sources (Article.Source values); empty means every source the
	// channel may read (see Admits).
	Sources   []string  `json:"sources,omitempty"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}
