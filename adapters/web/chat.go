package web

import (
	"context"
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// PageLimit is how many stories a /brief permalink holds: the whole
// briefing behind the chat reply's "N more stories not shown".
const PageLimit = 50

// feedReset is the word after a topic that gives its feed a new address.
const feedReset = "feed-reset"

// WireRouter hooks the web side into the chat commands: /brief and
// /digest replies with stories get their permalink, /watch and /watching
// show each watch's feed URL, and /watch <topic> feed-reset revokes a
// feed's address. Commands that are not registered are left alone.
func (s *Server) WireRouter(r *bot.Router) {
	s.wrap(r, "brief", s.briefRun)
	s.wrap(r, "digest", func(run runFunc) runFunc {
		return func(ctx context.Context, req bot.Request) (bot.Reply, error) {
			rep, err := run(ctx, req)
			if err != nil {
				return rep, err
			}
			return s.Publish(ctx, req.Channel, rep), nil
		}
	})
	s.wrap(r, "watch", s.watchRun)
	s.wrap(r, "watching", s.watchingRun)
}

type runFunc = func(ctx context.Context, req bot.Request) (bot.Reply, error)

func (s *Server) wrap(r *bot.Router, name string, with func(runFunc) runFunc) {
	c, ok := r.Lookup(name)
	if !ok {
		return
	}
	c.Run = with(c.Run)
	if name == "watch" {
		c.Usage = "/watch <topic> [from SOURCE, SOURCE] | /watch <topic> feed-reset"
	}
	r.Register(&c)
}

// briefRun stores the whole briefing (up to PageLimit stories) as the
// page, not just the stories the chat reply shows.
func (s *Server) briefRun(run runFunc) runFunc {
	return func(ctx context.Context, req bot.Request) (bot.Reply, error) {
		rep, err := run(ctx, req)
		if err != nil || rep.Briefing == nil || s.cfg.PublicURL == "" || !hasStories(rep) {
			return rep, err
		}
		full := bot.WithoutExploratory(rep) // no one answers a page's questions
		if b := full.Briefing; b.Total > len(b.Items) {
			fb, err := s.fullBrief(ctx, req, rep)
			if err != nil {
				s.log.Warn("web: full briefing failed; the page holds the chat reply's stories", "err", err)
			} else {
				full = carryOverviews(rep, bot.BriefingReply(fb))
			}
		}
		return s.publishAs(ctx, req.Channel, rep, full), nil
	}
}

// fullBrief is the permalink page's briefing: the chat reply's topic
// and scope (its sources and dates, never another channel's private
// sources), more stories, from the first. The topic is the briefing's,
// not the request's text, which holds the options too.
func (s *Server) fullBrief(ctx context.Context, req bot.Request, rep bot.Reply) (briefing.Briefing, error) {
	hidden, err := s.store.HiddenSources(ctx, req.Channel)
	if err != nil {
		return briefing.Briefing{}, err
	}
	var opt briefing.BriefOptions
	if rep.Scope != nil {
		opt = *rep.Scope
	}
	opt.Limit, opt.Offset, opt.Explore, opt.Hidden = PageLimit, 0, 0, hidden
	return s.eng.Brief(ctx, rep.Briefing.Topic, opt)
}

func (s *Server) watchRun(run runFunc) runFunc {
	return func(ctx context.Context, req bot.Request) (bot.Reply, error) {
		fields := strings.Fields(req.Text)
		if n := len(fields); n > 1 && strings.EqualFold(fields[n-1], feedReset) {
			return s.resetFeed(ctx, req.Channel, strings.Join(fields[:n-1], " "))
		}
		rep, err := run(ctx, req)
		if err != nil || rep.Error {
			return rep, err
		}
		topic, _, _ := bot.SplitWatch(req.Text) // the watch is stored without its "from" (it ran)
		if u := s.feedLine(ctx, req.Channel, briefing.NormalizeTopic(topic)); u != "" {
			rep.Text += " Atom feed of this topic: " + u
		}
		return rep, nil
	}
}

func (s *Server) resetFeed(ctx context.Context, ch briefing.Channel, topic string) (bot.Reply, error) {
	if s.cfg.PublicURL == "" {
		return bot.Reply{}, briefing.Errorf(briefing.EInvalid, "topic feeds are off: the operator has not set BRIEFBOT_PUBLIC_URL")
	}
	topic = briefing.NormalizeTopic(topic)
	if !s.watches(ctx, ch, topic) {
		return bot.Reply{}, briefing.Errorf(briefing.ENotFound, "this channel does not watch “%s”; /watching lists its topics", topic)
	}
	u, err := s.ResetFeed(ctx, ch, topic)
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Reply{Text: fmt.Sprintf("The Atom feed of “%s” has a new address: %s The old address no longer works.", topic, u)}, nil
}

func (s *Server) watches(ctx context.Context, ch briefing.Channel, topic string) bool {
	ws, err := s.store.Watches(ctx, ch)
	if err != nil {
		return false
	}
	for _, w := range ws {
		if w.Topic == topic {
			return true
		}
	}
	return false
}

// feedLine is a watch's feed URL, or "" (no public URL, or the token could
// not be stored: logged, the reply goes on without it).
func (s *Server) feedLine(ctx context.Context, ch briefing.Channel, topic string) string {
	u, err := s.FeedURL(ctx, ch, topic)
	if err != nil {
		s.log.Warn("web: feed URL not made", "channel", ch.String(), "err", err)
		return ""
	}
	return u
}

func (s *Server) watchingRun(run runFunc) runFunc {
	return func(ctx context.Context, req bot.Request) (bot.Reply, error) {
		rep, err := run(ctx, req)
		if err != nil || rep.Error || s.cfg.PublicURL == "" {
			return rep, err
		}
		ws, err := s.store.Watches(ctx, req.Channel)
		if err != nil || len(ws) == 0 {
			return rep, nil
		}
		var b strings.Builder
		b.WriteString("\nAtom feeds (reset one with /watch <topic> feed-reset):")
		for _, w := range ws {
			if u := s.feedLine(ctx, req.Channel, w.Topic); u != "" {
				fmt.Fprintf(&b, "\n• %s: %s", w.Topic, u)
			}
		}
		rep.Text += b.String()
		return rep, nil
	}
}

// WrapAdapter returns an adapter whose sends (scheduled digests) carry
// their permalink.
func (s *Server) WrapAdapter(a bot.Adapter) bot.Adapter { return linkingAdapter{a, s} }

type linkingAdapter struct {
	bot.Adapter
	s *Server
}

func (a linkingAdapter) Send(ctx context.Context, ch briefing.Channel, r bot.Reply) ([]string, error) {
	return a.Adapter.Send(ctx, ch, a.s.Publish(ctx, ch, r))
}

// carryOverviews gives the full page the chat reply's checked overviews.
// Citations are positions in a section's stories, and the page lists more
// stories than the chat did, so each citation is moved to where its story
// sits on the page; a section whose cited stories are not all there gets
// none (never a citation pointing at the wrong story).
func carryOverviews(chat, full bot.Reply) bot.Reply {
	for i := range full.Sections {
		if i >= len(chat.Sections) || chat.Sections[i].Overview == nil {
			continue
		}
		from, to := chat.Sections[i], full.Sections[i]
		pos := map[int64]int{}
		for n, it := range to.Items {
			pos[it.ID] = n + 1
		}
		ov := &bot.Overview{Checked: from.Overview.Checked}
		ok := true
		for _, sent := range from.Overview.Sentences {
			moved := bot.OverviewSentence{Text: sent.Text}
			for _, c := range sent.Cites {
				if c < 1 || c > len(from.Items) || pos[from.Items[c-1].ID] == 0 {
					ok = false
					break
				}
				moved.Cites = append(moved.Cites, pos[from.Items[c-1].ID])
			}
			ov.Sentences = append(ov.Sentences, moved)
		}
		if ok {
			full.Sections[i].Overview = ov
		}
	}
	return full
}
