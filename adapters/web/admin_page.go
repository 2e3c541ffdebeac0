package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

// deliveriesShown is how many of the latest deliveries the page lists.
const deliveriesShown = 50

type sourceRow struct {
	ID                                 int64
	Name, URL, Href, Health, LastError string
	LastCheck, LastSuccess, NextCheck  string
	Failures                           int
	Paused, Failing                    bool
}

type channelRow struct {
	Channel  string
	Topics   []string
	Schedule string
	Next     string
}

type deliveryRow struct {
	ID                      int64
	Channel, Period, Status string
	Stories, Attempts       int
	Updated, Error          string
	Unknown                 bool
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) {
	csrf, ok := s.authed(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	now := s.cfg.Now()
	srcs, err := s.store.Sources(ctx)
	if err != nil {
		s.fail(w, err)
		return
	}
	watches, err := s.store.AllWatches(ctx)
	if err != nil {
		s.fail(w, err)
		return
	}
	schedules, err := s.store.Schedules(ctx)
	if err != nil {
		s.fail(w, err)
		return
	}
	dels, err := s.store.LatestDeliveries(ctx, deliveriesShown)
	if err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, http.StatusOK, "admin.html", map[string]any{"Title": "Operator", "CSRF": csrf,
		"Done": s.doneMessage(r), "Sources": s.sourceRows(srcs, now), "Channels": s.channelRows(watches, schedules, now),
		"Deliveries": s.deliveryRows(dels), "Now": s.longTime(now)})
}

func (s *Server) sourceRows(srcs []sources.Source, now time.Time) []sourceRow {
	out := make([]sourceRow, len(srcs))
	for i, src := range srcs {
		st := src.State
		// The URL is shown as everywhere else: credentials hidden, and
		// then no link (the redacted URL reaches nothing).
		shown := briefing.RedactURL(src.URL)
		row := sourceRow{ID: src.ID, Name: src.Title, URL: shown, LastError: st.LastError,
			LastCheck: s.longTime(st.LastCheck), LastSuccess: s.longTime(st.LastSuccess), Failures: st.Failures,
			Paused: st.Paused || src.Held, Failing: st.Failures > 0}
		if shown == src.URL {
			row.Href = safeHref(src.URL)
		}
		if row.Name == "" {
			row.Name = shown
		}
		switch {
		case st.Paused && st.Failures > 0:
			row.Health = fmt.Sprintf("paused after %d failed checks", st.Failures)
		case st.Paused || src.Held:
			row.Health = "paused by an operator"
		case st.Failures > 0:
			row.Health = fmt.Sprintf("failing (%d in a row)", st.Failures)
		case st.LastCheck.IsZero():
			row.Health = "not checked yet"
		default:
			row.Health = "OK"
		}
		if !row.Paused {
			row.NextCheck = s.longTime(st.NextCheck)
			if !st.NextCheck.After(now) {
				row.NextCheck = "due now"
			}
		}
		out[i] = row
	}
	return out
}

func (s *Server) channelRows(watches []briefing.Watch, schedules []digest.Schedule, now time.Time) []channelRow {
	by := map[briefing.Channel]*channelRow{}
	get := func(ch briefing.Channel) *channelRow {
		if by[ch] == nil {
			by[ch] = &channelRow{Channel: ch.String()}
		}
		return by[ch]
	}
	for _, w := range watches {
		c := get(w.Channel)
		c.Topics = append(c.Topics, w.Topic)
	}
	for _, d := range schedules {
		c := get(d.Channel)
		c.Schedule = d.String()
		if loc, err := digest.LoadZone(d.Zone); err == nil {
			c.Next = d.Next(now).In(loc).Format("Mon 2 Jan 2006, 15:04 MST")
		}
	}
	out := make([]channelRow, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Channel < out[j].Channel })
	return out
}

func (s *Server) deliveryRows(dels []digest.Delivery) []deliveryRow {
	out := make([]deliveryRow, len(dels))
	for i, d := range dels {
		out[i] = deliveryRow{ID: d.ID, Channel: d.Channel.String(), Period: d.Period, Status: string(d.Status),
			Stories: d.Stories, Attempts: d.Attempts, Updated: s.longTime(d.UpdatedAt), Error: d.Error,
			Unknown: d.Status == digest.DeliveryUnknown}
	}
	return out
}

func (s *Server) sourceAction(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.checkPost(w, r); !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	action := r.PathValue("action")
	if err != nil || (action != "pause" && action != "resume") {
		s.notFound(w)
		return
	}
	src, err := s.store.SetSourcePaused(r.Context(), id, action == "pause", s.cfg.Now())
	if s.failed(w, err) {
		return
	}
	s.log.Info("web: operator changed a source", "source", src.ID, "action", action)
	s.done(w, r, fmt.Sprintf("Source #%d %sd.", src.ID, action))
}

func (s *Server) retryDelivery(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.checkPost(w, r); !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w)
		return
	}
	moved, err := s.store.RequeueDelivery(r.Context(), id, s.cfg.Now())
	if err != nil {
		s.fail(w, err)
		return
	}
	msg := fmt.Sprintf("Delivery #%d requeued: the running bot sends it again shortly.", id)
	if !moved {
		msg = fmt.Sprintf("Delivery #%d was not unknown (any more); nothing was changed.", id)
	} else {
		s.log.Info("web: operator requeued a delivery", "delivery", id)
	}
	s.done(w, r, msg)
}

// done redirects back to the operator page (POST, redirect, GET), which
// shows msg. The message travels signed: the page shows only what this
// server wrote, never text a link someone sent the operator put there.
func (s *Server) done(w http.ResponseWriter, r *http.Request, msg string) {
	q := url.Values{"done": {msg}, "sig": {s.admin.mac("done", msg)}}
	http.Redirect(w, r, adminPath+"?"+q.Encode(), http.StatusSeeOther)
}

// doneMessage is the signed message of a redirect from done, or "".
func (s *Server) doneMessage(r *http.Request) string {
	q := r.URL.Query()
	if msg := q.Get("done"); msg != "" && equal(q.Get("sig"), s.admin.mac("done", msg)) {
		return msg
	}
	return ""
}
