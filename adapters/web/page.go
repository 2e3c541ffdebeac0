package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// snapshot is a page's body: the reply as it was posted. Its JSON is what
// the store keeps, so fields are only ever added.
type snapshot struct {
	Kind     string        `json:"kind"`
	Title    string        `json:"title"`
	Text     string        `json:"text,omitempty"`
	Footer   string        `json:"footer,omitempty"`
	Sections []bot.Section `json:"sections"`
	Posted   time.Time     `json:"posted"`
}

// Publish stores a reply with stories as a page and returns the reply
// with a "Full briefing" link under it. Replies without stories, errors,
// and every reply when no public URL is set come back unchanged; so does
// the reply when the page cannot be stored (logged): the chat answer
// matters more than its link.
func (s *Server) Publish(ctx context.Context, ch briefing.Channel, r bot.Reply) bot.Reply {
	return s.publishAs(ctx, ch, r, r)
}

// publishAs stores full as the page and links it under r.
func (s *Server) publishAs(ctx context.Context, ch briefing.Channel, r, full bot.Reply) bot.Reply {
	if s.cfg.PublicURL == "" || r.Error || !hasStories(r) {
		return r
	}
	kind := "digest"
	if r.Briefing != nil {
		kind = "briefing"
	}
	now := s.cfg.Now()
	body, err := json.Marshal(snapshot{Kind: kind, Title: full.Title, Text: full.Text, Footer: full.Footer, Sections: full.Sections, Posted: now})
	if err != nil {
		s.log.Error("web: encode page", "err", err)
		return r
	}
	p := briefing.Page{ID: newID(), Channel: ch, Kind: kind, Title: r.Title, Body: body, CreatedAt: now, ExpiresAt: now.Add(s.cfg.PageTTL)}
	if err := s.store.SavePage(ctx, p); err != nil {
		s.log.Warn("web: page not stored; the reply goes without its link", "channel", ch.String(), "err", err)
		return r
	}
	s.maybePrune(ctx, now)
	// The link goes first: platforms that cut a long footer (Slack's
	// context block) then cut the rest, never the URL.
	link := "Full briefing: " + s.cfg.PublicURL + "/b/" + p.ID
	if f := strings.TrimSpace(r.Footer); f == "" {
		r.Footer = link
	} else {
		r.Footer = link + " · " + f
	}
	return r
}

func hasStories(r bot.Reply) bool {
	for _, sec := range r.Sections {
		if len(sec.Items) > 0 {
			return true
		}
	}
	return false
}

// maybePrune deletes expired pages at most once an hour per process.
func (s *Server) maybePrune(ctx context.Context, now time.Time) {
	s.pruneMu.Lock()
	due := now.Sub(s.lastPrune) >= time.Hour
	if due {
		s.lastPrune = now
	}
	s.pruneMu.Unlock()
	if !due {
		return
	}
	if n, err := s.store.PruneExpiredPages(ctx, now); err != nil {
		s.log.Warn("web: expired pages not pruned", "err", err)
	} else if n > 0 {
		s.log.Info("web: pruned expired pages", "pages", n)
	}
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validID(id) {
		s.notFound(w)
		return
	}
	p, err := s.store.Page(r.Context(), id, s.cfg.Now())
	if s.failed(w, err) {
		return
	}
	var snap snapshot
	if err := json.Unmarshal(p.Body, &snap); err != nil {
		s.fail(w, fmt.Errorf("page %s: %w", id, err))
		return
	}
	w.Header().Set("Cache-Control", "private, max-age=300")
	s.render(w, http.StatusOK, "page.html", s.pageView(snap, p))
}

// Views: what the templates show, every string still raw (the template
// escapes) and every href already checked by safeHref.

type pageView struct {
	Title, Text, Footer, Kind string
	Posted, PostedISO         string
	Expires                   string
	Sections                  []sectionView
	Multi                     bool
}

type sectionView struct {
	Heading string
	// Overview is the section's checked written overview, when it has
	// one; its citations link to the stories below.
	Overview     []overviewSentence
	OverviewNote string
	Days         []dayView
}

type overviewSentence struct {
	Text  string
	Cites []cite
}

type cite struct {
	N      int    // 1-based position of the story in the section
	Anchor string // the story's element id
}

type dayView struct {
	Label, ISO string
	Stories    []storyView
}

type storyView struct {
	Anchor            string
	Title, Href       string
	LinkWithheld      bool
	Date, ISO, Outlet string
	// Updated is when the story's article was corrected ("updated
	// 15:20"), empty when it never was.
	Updated, UpdatedISO string
	Author              string
	Summary             []string
	Why                 string
	Fragment            bool
	Others              []refView
}

type refView struct {
	Outlet, Href, Date, ISO string
	LinkWithheld            bool
}

func (s *Server) pageView(snap snapshot, p briefing.Page) pageView {
	v := pageView{Title: snap.Title, Text: snap.Text, Footer: snap.Footer, Kind: snap.Kind,
		Posted: s.longTime(snap.Posted), PostedISO: iso(snap.Posted), Expires: s.day(p.ExpiresAt),
		Multi: len(snap.Sections) > 1}
	for i, sec := range snap.Sections {
		sv := sectionView{Heading: sec.Heading, Days: s.timeline(i, sec.Items)}
		if ov := sec.Overview; ov != nil {
			for _, sent := range ov.Sentences {
				os := overviewSentence{Text: sent.Text}
				for _, n := range sent.Cites {
					if n >= 1 && n <= len(sec.Items) {
						os.Cites = append(os.Cites, cite{N: sec.Number(n - 1), Anchor: storyAnchor(i, n)})
					}
				}
				sv.Overview = append(sv.Overview, os)
			}
			sv.OverviewNote = ov.Note()
		}
		v.Sections = append(v.Sections, sv)
	}
	return v
}

// storyAnchor is the element id of the n-th (1-based) story of section
// sec: what an overview's citation [n] links to.
func storyAnchor(sec, n int) string { return fmt.Sprintf("s%d-%d", sec+1, n) }

// timeline groups stories by the day they were published, keeping their
// order (oldest first, undated last, as the engine sorts them).
func (s *Server) timeline(sec int, items []briefing.Item) []dayView {
	var days []dayView
	for n, it := range items {
		label, key := "Undated", ""
		if !it.Published.IsZero() {
			at := s.local(it.Published, it.DayOnly)
			label, key = at.Format("Mon 2 Jan 2006"), at.Format("2006-01-02")
		}
		if len(days) == 0 || days[len(days)-1].ISO != key || days[len(days)-1].Label != label {
			days = append(days, dayView{Label: label, ISO: key})
		}
		d := &days[len(days)-1]
		st := s.story(it)
		st.Anchor = storyAnchor(sec, n+1)
		d.Stories = append(d.Stories, st)
	}
	return days
}

func (s *Server) story(it briefing.Item) storyView {
	title := strings.TrimSpace(it.Title)
	if title == "" {
		title = "Untitled"
	}
	v := storyView{Title: title, Href: safeHref(it.URL), Date: s.published(it.Published, it.DayOnly), ISO: isoPublished(it.Published, it.DayOnly),
		Outlet: outlet(it.SourceName, it.Source), Author: it.Author, Summary: it.Summary, Why: it.Why, Fragment: it.Fragment}
	v.LinkWithheld = v.Href == "" && strings.TrimSpace(it.URL) != ""
	if u := briefing.FormatUpdated(it.Published, it.DayOnly, it.Updated, s.cfg.Zone); u != "" {
		v.Updated, v.UpdatedISO = u, iso(it.Updated)
	}
	for i, ref := range it.Sources {
		if i == 0 && ref.ID == it.ID {
			continue // the story's own article, shown above
		}
		r := refView{Outlet: outlet(ref.SourceName, ref.Source), Href: safeHref(ref.URL), Date: s.published(ref.Published, ref.DayOnly), ISO: isoPublished(ref.Published, ref.DayOnly)}
		r.LinkWithheld = r.Href == "" && strings.TrimSpace(ref.URL) != ""
		v.Others = append(v.Others, r)
	}
	return v
}

// outlet names a story's source as chat does: the engine's display name
// (the feed's title, else its site), else the stored source (a file
// name). Never the feed's URL when a name is known.
func outlet(name, source string) string {
	if n := strings.TrimSpace(name); n != "" {
		return n
	}
	return source
}

func (s *Server) day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(s.cfg.Zone).Format("Mon 2 Jan 2006")
}

// longTime shows an instant (a page posted, a check, a delivery) in the
// page's zone, always with its time of day: midnight is a time too.
func (s *Server) longTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(s.cfg.Zone).Format("2 Jan 2006, 15:04 MST")
}

// local is a publication time in the page's zone, except a day without
// a time of day (dayOnly, briefing.Article.DayOnly), which stays on its
// own day: in a zone west of UTC it would fall on the day before.
func (s *Server) local(t time.Time, dayOnly bool) time.Time {
	if dayOnly {
		return t.UTC()
	}
	return t.In(s.cfg.Zone)
}

// published shows a publication time as the chat does
// (briefing.FormatWhen): the day alone when that is all the source gave.
func (s *Server) published(t time.Time, dayOnly bool) string {
	if t.IsZero() {
		return ""
	}
	return briefing.FormatWhen(t, dayOnly, s.cfg.Zone)
}

// isoPublished is a publication time for a datetime attribute: the date
// alone for a day without a time of day.
func isoPublished(t time.Time, dayOnly bool) string {
	if dayOnly && !t.IsZero() {
		return t.UTC().Format(time.DateOnly)
	}
	return iso(t)
}

func iso(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
