package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// Engine is what the commands need of the briefing engine.
type Engine interface {
	Brief(ctx context.Context, topic string, opt briefing.BriefOptions) (briefing.Briefing, error)
	Match(ctx context.Context, topic string, opt briefing.MatchOptions) ([]briefing.Match, error)
	CountMatches(ctx context.Context, topic string) (int, error)
	// CountScoped counts the topic's articles that a channel may read
	// (see briefing.Engine.CountScoped); atLeast marks a lower bound.
	CountScoped(ctx context.Context, topic string, hidden map[string]bool, only []string) (n int, atLeast bool, err error)
}

// CoreConfig tunes the core commands.
type CoreConfig struct {
	BriefLimit     int // stories per /brief; default 5
	MaxWatches     int // per channel; default 50
	BriefSentences int // summary sentences per story; default 2
	// Overview, when set, writes a checked overview above the stories.
	Overview Overviewer
	// Judgments, when set, keeps each channel's 👍/👎 (/rate) and /brief
	// applies them.
	Judgments briefing.JudgmentStore
	// Articles, when set, lets /rate refuse a story id that is not stored.
	Articles ArticleLookup
	// Now is the clock for /brief's "since 2d"; time.Now when nil.
	Now func() time.Time
	// Retention is how old stories get before they are removed (0: kept
	// for ever); /brief says so when an answer reaches back that far.
	Retention time.Duration
	// TopicRefs, when set, keeps the topics behind long topics' button
	// references, so a 👍/👎 click resolves after a restart and on every
	// replica (otherwise only in the process that answered, or for a
	// watched topic).
	TopicRefs TopicRefStore
	// Sources, when set, scopes /brief to the sources the channel may
	// read and lets /watch name sources ("from Reuters, AP").
	Sources SourceDirectory
	// Explore is how many of the first page's places of a /brief (at most
	// briefing.MaxExplore, and fewer than its limit) go to exploratory
	// stories, after its other stories, when there is a judgment
	// store: near misses the topic's selection leaves out, each asked as
	// a question (ExploreQuestion) with 👍/👎, so that the channel's
	// answers teach its selection what the topic's words miss
	// (briefing.BriefOptions.Explore). 0, the default: none.
	Explore int
	// Zone, when set, is the channel's time zone for the times /brief
	// shows (the one its digests use); nil, or a nil location, keeps the
	// engine's (BRIEFBOT_TIMEZONE).
	Zone func(ctx context.Context, ch briefing.Channel) (*time.Location, error)
}

// RegisterCore registers /brief, /watch, /unwatch and /watching, and /rate
// when cfg has a judgment store.
func RegisterCore(r *Router, eng Engine, watches briefing.WatchStore, cfg CoreConfig) {
	if cfg.BriefLimit <= 0 {
		cfg.BriefLimit = 5
	}
	if cfg.MaxWatches <= 0 {
		cfg.MaxWatches = 50
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &core{eng: eng, watches: watches, cfg: cfg, refs: newRecentTopics(recentTopicsKept)}
	topic := []Arg{{Name: "topic", Description: "words, \"a phrase\", OR, -exclusions", Required: true, MaxLength: briefing.MaxTopicLength}}
	r.Register(&Command{CommandSpec: CommandSpec{Name: "brief", Description: "A dated, cited briefing on a topic",
		Usage: briefUsage, Example: "/brief tariffs limit 10 since 2d", Args: []Arg{
			{Name: "topic", Description: "words, \"a phrase\", OR, -exclusions; then options: limit N, since 2d|2026-11-01, " +
				"from SOURCE, page N", Required: true}}}, Run: c.brief})
	r.Register(&Command{CommandSpec: CommandSpec{Name: "watch", Description: "Follow a topic in this channel's digests",
		Usage: "/watch <topic> [from SOURCE, SOURCE]", Example: "/watch gsomia", Args: watchArgs(topic)}, Run: c.watch})
	r.Register(&Command{CommandSpec: CommandSpec{Name: "unwatch", Description: "Stop following a topic in this channel",
		Usage: "/unwatch <topic>", Example: "/unwatch gsomia",
		Args: []Arg{{Name: "topic", Description: "a topic this channel watches", Required: true, Autocomplete: true,
			MaxLength: briefing.MaxTopicLength}}},
		Run: c.unwatch, Complete: c.completeWatched})
	r.Register(&Command{CommandSpec: CommandSpec{Name: "watching", Description: "List the topics this channel follows",
		Usage: "/watching", Example: "/watching"}, Run: c.watching})
	if cfg.Judgments != nil {
		c.registerRate(r)
	}
}

// ArticleLookup finds stored articles by id; missing ids are left out.
type ArticleLookup interface {
	Articles(ctx context.Context, ids []int64) ([]briefing.Article, error)
}

// recentTopicsKept bounds the briefed topics kept for resolving the
// references of 👍/👎 controls (see VoteValue).
const recentTopicsKept = 4096

type core struct {
	eng     Engine
	watches briefing.WatchStore
	cfg     CoreConfig
	refs    *recentTopics
}

func (c *core) brief(ctx context.Context, req Request) (Reply, error) {
	loc, err := c.channelZone(ctx, req.Channel)
	if err != nil {
		return Reply{}, err
	}
	now := c.cfg.Now()
	if loc != nil {
		now = now.In(loc) // "since yesterday" is the channel's yesterday
	}
	a, err := parseBrief(req.Text, now)
	if err != nil {
		return Reply{}, err
	}
	limit := a.limit
	if limit == 0 {
		limit = c.cfg.BriefLimit
	}
	offset := (a.page - 1) * limit
	if offset+limit > briefMaxDepth {
		return c.pastDepth(ctx, req.Channel, a)
	}
	topicReq := req
	topicReq.Text = a.topic
	js, err := c.judgments(ctx, topicReq)
	if err != nil {
		return Reply{}, err
	}
	hidden, err := c.hidden(ctx, req.Channel)
	if err != nil {
		return Reply{}, err
	}
	stories, explore := limit, 0
	if c.cfg.Judgments != nil { // only where a 👍/👎 can be given
		explore = min(max(c.cfg.Explore, 0), briefing.MaxExplore, limit-1)
	}
	if explore > 0 {
		// The questions take the first page's last places, so that a reply
		// is limit items; the stories they displace open page 2.
		if a.page == 1 {
			stories = limit - explore
		} else {
			offset, explore = offset-explore, 0
		}
	}
	only, source, err := c.briefSources(ctx, req.Channel, a.source)
	if err != nil {
		return Reply{}, err
	}
	b, err := c.eng.Brief(ctx, a.topic, briefing.BriefOptions{Limit: stories, Sentences: c.cfg.BriefSentences,
		Since: a.since, Source: source, Only: only, Offset: offset, Judgments: js, Hidden: hidden, Explore: explore})
	if err != nil {
		return Reply{}, err
	}
	b = inZone(b, loc)
	r := BriefingReply(b)
	if len(r.Sections) > 0 {
		// Pages hold limit places each, questions included.
		r.Sections[0].Offset = (a.page - 1) * limit
	}
	r.Scope = &briefing.BriefOptions{Since: a.since, Source: source, Only: only, Judgments: js, Hidden: hidden}
	if c.cfg.Judgments != nil && len(r.Sections) > 0 {
		r.Sections[0].Topic = a.topic // its stories carry 👍/👎 controls (/rate)
		c.refs.remember(a.topic)
		if err := c.keepRef(ctx, a.topic); err != nil {
			return Reply{}, err
		}
	}
	r.Footer = "" // counted per page below
	if len(b.Items) == 0 && a.page == 1 && (!a.since.IsZero() || a.source != "") {
		r.Text = c.nothingInScope(ctx, a, hidden, loc, r.Text)
	}
	paginate(&r, a, b, offset, limit)
	if note := c.retentionNote(b, a.since); note != "" {
		r.Footer = strings.TrimSpace(r.Footer + " " + note)
	}
	if a.page > 1 {
		r.Title += fmt.Sprintf(" (page %d)", a.page)
	}
	return WithOverview(ctx, c.cfg.Overview, r), nil
}

// channelZone is the channel's time zone (CoreConfig.Zone), or nil for
// the engine's.
func (c *core) channelZone(ctx context.Context, ch briefing.Channel) (*time.Location, error) {
	if c.cfg.Zone == nil {
		return nil, nil
	}
	return c.cfg.Zone(ctx, ch)
}

// inZone shows the briefing's story times in loc (nil: as the engine
// formatted them): a channel whose digests arrive at 09:00 Asia/Seoul
// reads its /brief in KST too. Items are copied, so nothing the engine
// keeps is changed.
func inZone(b briefing.Briefing, loc *time.Location) briefing.Briefing {
	if loc == nil {
		return b
	}
	b.Items = slices.Clone(b.Items)
	for i := range b.Items {
		b.Items[i].When = briefing.FormatItemWhen(b.Items[i], loc)
	}
	return b
}

// pastDepth answers a page beyond the deepest a briefing reaches: past
// the topic's last story it is "No more stories", as for any page past
// the end (advice to narrow a topic of three stories would puzzle), and a
// topic that matches nothing is answered as on page 1; otherwise the
// bound is the reason.
func (c *core) pastDepth(ctx context.Context, ch briefing.Channel, a briefArgs) (Reply, error) {
	deep := briefing.Errorf(briefing.EInvalid, "a briefing pages through its best %d stories; "+
		"narrow it with since or from, or more words", briefMaxDepth)
	hidden, err := c.hidden(ctx, ch)
	if err != nil {
		return Reply{}, err
	}
	only, source, err := c.briefSources(ctx, ch, a.source)
	if err != nil {
		return Reply{}, err
	}
	// the widest page: its count is exact for any topic a few pages long
	b, err := c.eng.Brief(ctx, a.topic, briefing.BriefOptions{Limit: BriefMaxLimit, Sentences: 1, Since: a.since,
		Source: source, Only: only, Hidden: hidden})
	if err != nil {
		return Reply{}, err
	}
	switch {
	case b.TotalAtLeast:
		return Reply{}, deep
	case b.Total == 0:
		return BriefingReply(b), nil // nothing matches: the words that do
	}
	b.Items = nil // none of them is on this page
	return Reply{Title: fmt.Sprintf("Briefing: %s (page %d)", b.Topic, a.page), Briefing: &b,
		Text: fmt.Sprintf("No more stories: “%s” has %s.", b.Topic, Plural(b.Total, "story", "stories"))}, nil
}

// paginate words a /brief page's place among its pages: "No more
// stories" past the last one, else the stories after it and the command
// for the next page.
func paginate(r *Reply, a briefArgs, b briefing.Briefing, offset, limit int) {
	shown := matchedStories(b)
	if a.page > 1 && shown == 0 && b.Total > 0 {
		has := Plural(b.Total, "story", "stories")
		if b.TotalAtLeast {
			has = "at least " + has
		}
		r.Text = fmt.Sprintf("No more stories: “%s” has %s.", b.Topic, has)
	}
	if more := b.Total - offset - shown; (more > 0 || b.TotalAtLeast) && shown > 0 {
		f := moreFooter(b, offset+shown)
		if offset+2*limit <= briefMaxDepth {
			r.Footer = fmt.Sprintf("%s. Next page: %s", strings.TrimSuffix(f, "."), a.nextPage(limit))
			r.More = strings.TrimPrefix(a.nextPage(limit), "/")
		} else {
			r.Footer = f
		}
	}
}

// nothingInScope says that a /brief limited by "since" or "from" found
// nothing within the limits, and how many articles match the topic
// without them: "no stories match … yet, try broader words" would send
// the user to rephrase a topic that matches. otherwise is the reply when
// the topic matches nothing the channel may read anyway. Times are shown
// in loc (nil: UTC).
func (c *core) nothingInScope(ctx context.Context, a briefArgs, hidden map[string]bool, loc *time.Location, otherwise string) string {
	n, atLeast, err := c.eng.CountScoped(ctx, a.topic, hidden, nil)
	if err != nil || n == 0 {
		return otherwise
	}
	var limits []string
	if !a.since.IsZero() {
		if loc == nil {
			loc = time.UTC
		}
		// a "since" date is midnight UTC, a day; an age, or a day word
		// in the channel's zone, is a time
		limits = append(limits, "since "+briefing.FormatWhen(a.since, a.since.Equal(a.since.Truncate(24*time.Hour)), loc))
	}
	if a.source != "" {
		limits = append(limits, fmt.Sprintf("from “%s”", a.source))
	}
	count := Plural(n, "stored article matches", "stored articles match")
	if atLeast {
		count = "at least " + count
	}
	without := "at any date"
	switch {
	case len(limits) == 2:
		without = "without those limits"
	case a.source != "":
		without = "from any source"
	}
	return fmt.Sprintf("No stories on “%s” %s; %s it %s (/brief %s).", a.topic, strings.Join(limits, " "), count, without, a.topic)
}

// BriefingReply renders a briefing as a reply: one section of stories, or
// a "nothing yet" text with suggestions.
func BriefingReply(b briefing.Briefing) Reply {
	r := Reply{Title: "Briefing: " + b.Topic, Briefing: &b}
	if len(b.Items) == 0 {
		r.Text = fmt.Sprintf("No stories match “%s” yet.", b.Topic)
		if len(b.Suggestions) > 0 {
			r.Text += " Did you mean: " + strings.Join(b.Suggestions, ", ") + "?"
		} else {
			r.Text += " Try fewer or broader words, or /watch it to hear when stories arrive."
		}
		return r
	}
	n := matchedStories(b)
	r.Text = fmt.Sprintf("%s, oldest first.", Plural(n, "story", "stories"))
	if n < len(b.Items) {
		r.Text += " " + Plural(len(b.Items)-n, "question", "questions") + " after them: is it about the topic?"
	}
	r.Sections = []Section{{Heading: b.Topic, Items: b.Items}}
	r.Footer = moreFooter(b, n)
	return r
}

// matchedStories counts a briefing's stories, leaving out the exploratory
// ones (briefing.Item.Exploratory), which are questions, not answers.
func matchedStories(b briefing.Briefing) int {
	n := 0
	for _, it := range b.Items {
		if !it.Exploratory {
			n++
		}
	}
	return n
}

// WithoutExploratory is r without exploratory stories: for what keeps a
// reply beyond the chat that asked (a permalink page, a feed), where there
// is no one to answer them.
func WithoutExploratory(r Reply) Reply {
	strip := func(items []briefing.Item) []briefing.Item {
		var out []briefing.Item
		for _, it := range items {
			if !it.Exploratory {
				out = append(out, it)
			}
		}
		return out
	}
	secs := make([]Section, len(r.Sections))
	for i, s := range r.Sections {
		s.Items = strip(s.Items)
		secs[i] = s
	}
	r.Sections = secs
	if r.Briefing != nil {
		b := *r.Briefing
		b.Items = strip(b.Items)
		r.Briefing = &b
	}
	return r
}

// moreFooter counts the stories past the shown ones (shown: this page's
// and the earlier pages'). The count is exact only when every match was
// folded into stories; otherwise it is the folded stories, a lower bound,
// said so, with the matching articles beside it (themselves a lower bound
// when the rank depth cut them).
func moreFooter(b briefing.Briefing, shown int) string {
	more := b.Total - shown
	if !b.TotalAtLeast {
		if more <= 0 {
			return ""
		}
		return fmt.Sprintf("%s not shown.", Plural(more, "more story", "more stories"))
	}
	matches := Plural(b.Matches, "matching article", "matching articles")
	if b.MatchesAtLeast {
		matches = "at least " + matches
	}
	if more <= 0 {
		return fmt.Sprintf("More stories may be among the %s.", matches)
	}
	return fmt.Sprintf("At least %s not shown (%s).", Plural(more, "more story", "more stories"), matches)
}

// Plural counts n things: "1 story", "3 stories". The commands of bot/digest
// and bot/sources use it too, so every reply counts alike.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (c *core) watch(ctx context.Context, req Request) (Reply, error) {
	raw, names, err := SplitWatch(req.Text)
	if err != nil {
		return Reply{}, err
	}
	srcs, err := c.resolveWatchSources(ctx, req.Channel, names)
	if err != nil {
		return Reply{}, err
	}
	// Counted in the channel's scope: another channel's private articles
	// are neither shown nor counted (briefing/scope.go).
	hidden, err := c.hidden(ctx, req.Channel)
	if err != nil {
		return Reply{}, err
	}
	matches, atLeast, err := c.eng.CountScoped(ctx, raw, hidden, srcs) // validates the topic too
	if err != nil {
		return Reply{}, err
	}
	existing, err := c.watches.Watches(ctx, req.Channel)
	if err != nil {
		return Reply{}, err
	}
	if len(existing) >= c.cfg.MaxWatches {
		return Reply{}, briefing.Errorf(briefing.EInvalid, "this channel already watches %d topics, the most allowed; /unwatch one first", len(existing))
	}
	w := briefing.Watch{Channel: req.Channel, Topic: briefing.NormalizeTopic(raw), Sources: srcs, CreatedBy: req.User.ID}
	added, err := c.watches.AddWatch(ctx, w)
	if err != nil {
		return Reply{}, err
	}
	if !added {
		return c.watchedAlready(ctx, existing, w)
	}
	count := Plural(matches, "stored article", "stored articles")
	if atLeast {
		count = "at least " + count
	}
	text := fmt.Sprintf("Now watching “%s”%s in this channel (%s match the topic so far).", w.Topic, c.fromText(ctx, w), count)
	if matches == 0 {
		text += c.nothingYet(ctx, raw, hidden, srcs)
	}
	return Reply{Text: text}, nil
}

// watchedAlready answers a /watch of a topic the channel watches; a
// different choice of sources is refused rather than silently kept.
func (c *core) watchedAlready(ctx context.Context, existing []briefing.Watch, w briefing.Watch) (Reply, error) {
	for _, e := range existing {
		if e.Topic == w.Topic && !slices.Equal(e.Sources, w.Sources) {
			return Reply{}, briefing.Errorf(briefing.EConflict, "this channel already watches “%s”%s; "+
				"/unwatch %s first to change its sources", e.Topic, c.orAll(ctx, e), e.Topic)
		}
	}
	return Reply{Text: fmt.Sprintf("This channel already watches “%s”%s.", w.Topic, c.fromText(ctx, w))}, nil
}

// orAll is fromText, or " (from every source)".
func (c *core) orAll(ctx context.Context, w briefing.Watch) string {
	if t := c.fromText(ctx, w); t != "" {
		return t
	}
	return " (from every source)"
}

// nothingYet warns that a watched topic matches nothing stored, with the
// words the engine would suggest (a typo watched silently never delivers).
// The watch stands: stories may arrive later. The words are the
// channel's scope's, like the count.
func (c *core) nothingYet(ctx context.Context, topic string, hidden map[string]bool, only []string) string {
	b, err := c.eng.Brief(ctx, topic, briefing.BriefOptions{Limit: 1, Sentences: 1, Hidden: hidden, Only: only})
	if err != nil || len(b.Suggestions) == 0 {
		return ""
	}
	return " Nothing stored matches it yet: did you mean " + strings.Join(b.Suggestions, ", ") + "?"
}

func (c *core) unwatch(ctx context.Context, req Request) (Reply, error) {
	topic := briefing.NormalizeTopic(req.Text)
	removed, err := c.watches.RemoveWatch(ctx, req.Channel, topic)
	if err != nil {
		return Reply{}, err
	}
	if removed {
		return Reply{Text: fmt.Sprintf("Stopped watching “%s” in this channel.", topic)}, nil
	}
	list, err := c.topics(ctx, req.Channel)
	if err != nil {
		return Reply{}, err
	}
	msg := fmt.Sprintf("This channel does not watch “%s”.", topic)
	if len(list) > 0 {
		msg += " It watches: " + strings.Join(list, ", ") + "."
	}
	return Reply{}, briefing.Errorf(briefing.ENotFound, "%s", msg)
}

func (c *core) watching(ctx context.Context, req Request) (Reply, error) {
	ws, err := c.watches.Watches(ctx, req.Channel)
	if err != nil {
		return Reply{}, err
	}
	if len(ws) == 0 {
		return Reply{Text: "This channel watches no topics yet. Add one with /watch <topic>."}, nil
	}
	list := make([]string, len(ws))
	for i, w := range ws {
		list[i] = w.Topic + c.fromText(ctx, w)
	}
	return Reply{Title: "Watched topics", Text: "This channel watches: " + strings.Join(list, ", ") + "."}, nil
}

func (c *core) topics(ctx context.Context, ch briefing.Channel) ([]string, error) {
	ws, err := c.watches.Watches(ctx, ch)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Topic
	}
	return out, nil
}

func (c *core) completeWatched(ctx context.Context, req Request, partial string) ([]string, error) {
	list, err := c.topics(ctx, req.Channel)
	if err != nil {
		return nil, err
	}
	partial = briefing.NormalizeTopic(partial)
	var out []string
	for _, t := range list {
		if strings.Contains(t, partial) && len(out) < 25 {
			out = append(out, t)
		}
	}
	return out, nil
}
