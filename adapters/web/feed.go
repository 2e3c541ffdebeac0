package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/briefbot/briefbot/briefing"
)

// Atom 1.0 (RFC 4287) wire structs, private to this file.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Gen     string      `xml:"generator"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     atomText     `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published,omitempty"`
	Authors   []atomPerson `xml:"author,omitempty"`
	Links     []atomLink   `xml:"link,omitempty"`
	Summary   atomText     `xml:"summary"`
	// Content repeats the summary for entries without a web link: RFC
	// 4287 (4.1.1.1) wants an alternate link or content in every entry.
	Content *atomText `xml:"content,omitempty"`
}

// FeedURL is the address of a channel's feed of a topic, making its token
// on first use; "" when no public URL is configured.
func (s *Server) FeedURL(ctx context.Context, ch briefing.Channel, topic string) (string, error) {
	if s.cfg.PublicURL == "" {
		return "", nil
	}
	tok, err := s.store.WatchFeedToken(ctx, ch, topic, newID())
	if err != nil {
		return "", err
	}
	return s.feedURL(tok), nil
}

// ResetFeed gives a channel's feed of a topic a new address and returns
// it; the old address is dead at once.
func (s *Server) ResetFeed(ctx context.Context, ch briefing.Channel, topic string) (string, error) {
	tok := newID()
	if err := s.store.ResetWatchFeedToken(ctx, ch, topic, tok); err != nil {
		return "", err
	}
	return s.feedURL(tok), nil
}

func (s *Server) feedURL(token string) string { return s.cfg.PublicURL + "/feeds/" + token + ".atom" }

func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".atom")
	if !ok || !validID(token) {
		s.notFound(w)
		return
	}
	watch, err := s.store.WatchByFeedToken(r.Context(), token)
	if s.failed(w, err) {
		return
	}
	// The feed reads what the watch's channel may read, from the watch's
	// sources when it names some.
	hidden, err := s.store.HiddenSources(r.Context(), watch.Channel)
	if s.failed(w, err) {
		return
	}
	b, err := s.eng.Brief(r.Context(), watch.Topic, briefing.BriefOptions{Limit: s.cfg.FeedLimit, Hidden: hidden, Only: watch.Sources})
	if err != nil && briefing.ErrorCode(err) != briefing.EInvalid {
		s.fail(w, err)
		return
	}
	out, err := s.atom(watch, b, token)
	if err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	// private: the URL is a secret, and a shared cache would keep serving
	// a feed after its token is reset.
	w.Header().Set("Cache-Control", "private, max-age=300")
	// An ETag lets feed readers poll with If-None-Match and get 304 while
	// nothing changed (ServeContent answers the conditional request).
	sum := sha256.Sum256(out)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(out))
}

// atom writes a watch's briefing as a feed, newest story first. Entry ids
// are derived from the article id, so a reader sees a story once however
// often it polls.
func (s *Server) atom(watch briefing.Watch, b briefing.Briefing, token string) ([]byte, error) {
	now := s.cfg.Now()
	f := atomFeed{ID: urn("feed:" + watch.Channel.String() + "\x00" + watch.Topic),
		Title: "briefbot: " + watch.Topic, Author: atomPerson{Name: "briefbot"}, Gen: "briefbot"}
	if s.cfg.PublicURL != "" {
		f.Links = append(f.Links, atomLink{Rel: "self", Href: s.feedURL(token), Type: "application/atom+xml"})
	}
	updated := time.Time{}
	for i := len(b.Items) - 1; i >= 0; i-- {
		it := b.Items[i]
		// An undated story stands at when it was stored: dating it by the
		// request would change the entry, the feed and its ETag on every
		// poll.
		at := it.Published
		if at.IsZero() {
			at = it.Stored
		}
		if at.IsZero() {
			at = now
		}
		// A corrected story's entry is updated when it was corrected, as
		// feed readers expect; it keeps its place and publication date.
		changed := at
		if it.Updated.After(changed) {
			changed = it.Updated
		}
		if changed.After(updated) {
			updated = changed
		}
		e := atomEntry{ID: urn(fmt.Sprintf("article:%d", it.ID)), Title: atomText{Type: "text", Text: orUntitled(it.Title)},
			Updated: changed.UTC().Format(time.RFC3339), Summary: atomText{Type: "text", Text: entrySummary(it)}}
		if !it.Published.IsZero() {
			e.Published = at.UTC().Format(time.RFC3339)
		}
		if name := outlet(it.SourceName, it.Source); name != "" {
			e.Authors = []atomPerson{{Name: name}}
		}
		if h := safeHref(it.URL); h != "" {
			e.Links = append(e.Links, atomLink{Rel: "alternate", Href: h})
		}
		for _, ref := range it.Sources[min(1, len(it.Sources)):] {
			if h := safeHref(ref.URL); h != "" && h != safeHref(it.URL) {
				e.Links = append(e.Links, atomLink{Rel: "related", Href: h})
			}
		}
		if len(e.Links) == 0 || e.Links[0].Rel != "alternate" {
			e.Content = &atomText{Type: "text", Text: e.Summary.Text}
		}
		f.Entries = append(f.Entries, e)
	}
	if updated.IsZero() {
		// No story yet: the feed dates from the watch, so that polling it
		// does not change it.
		updated = watch.CreatedAt
	}
	if updated.IsZero() {
		updated = now
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("web: atom: %w", err)
	}
	return []byte(xml.Header + noBidi(string(out))), nil
}

func entrySummary(it briefing.Item) string {
	parts := append([]string(nil), it.Summary...)
	if len(it.Sources) > 1 {
		outlets := make([]string, 0, len(it.Sources))
		for _, r := range it.Sources {
			outlets = append(outlets, outlet(r.SourceName, r.Source))
		}
		parts = append(parts, "Covered by "+strings.Join(outlets, ", ")+".")
	}
	if it.Why != "" {
		parts = append(parts, "Why it matched: "+it.Why+".")
	}
	return strings.Join(parts, "\n\n")
}

func orUntitled(t string) string {
	if t = strings.TrimSpace(t); t != "" {
		return t
	}
	return "Untitled"
}

// urn is a stable Atom id: a name-based (SHA-1) UUID.
func urn(name string) string {
	return "urn:uuid:" + uuid.NewSHA1(uuid.NameSpaceURL, []byte("briefbot:"+name)).String()
}
