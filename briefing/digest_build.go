package briefing

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// DigestOptions shape a digest.
type DigestOptions struct {
	Topics []string // the channel's watched topics, in order
	// Watches, when set, are the channel's watches in order and take the
	// place of Topics: each topic's stories keep only the articles its
	// watch admits (Watch.Admits, with Hidden).
	Watches []Watch
	// Hidden are the sources private to other channels (SourceScopes):
	// their articles are never in this channel's digest.
	Hidden    map[string]bool
	MaxItems  int // stories in the whole digest; default 10
	Sentences int // summary sentences per story; default 2
	// Seen reports which of ids the channel has already had (sent, or
	// reserved by a delivery in flight). Required.
	Seen func(ctx context.Context, ids []int64) (map[int64]bool, error)
	// Judgments, when set, returns the channel's verdicts for a topic
	// (see Judgment): a topic the channel judged is selected for it alone,
	// with them, and an article judged down is never announced.
	Judgments func(ctx context.Context, topic string) ([]Judgment, error)
	// Carried reports which of ids an earlier digest left out for its cap
	// and carried to this one. Optional: nil means none were.
	Carried func(ctx context.Context, ids []int64) (map[int64]bool, error)
	// FollowUps asks for Digest.FollowUps: another outlet's new report of
	// a story the channel already had is then listed there, not covered.
	FollowUps bool
}

// Digest is a channel's news since its last digest: fresh stories grouped
// by topic. A story is fresh when none of its articles (near-duplicate
// copies from several sources) has been sent to the channel, appeared
// under an earlier topic of the same digest, or was stored as backfill.
type Digest struct {
	Sections []DigestSection `json:"sections"`
	// Total counts fresh stories, including those past MaxItems.
	Total int `json:"total"`
	// MoreTopics are the topics with fresh stories past the cap.
	MoreTopics []string `json:"more_topics,omitempty"`
	// Covered lists every article the digest accounts for: shown, folded
	// into a shown story, past the cap a second time, or a new copy of a
	// story the channel already had. Recording them as delivered keeps
	// them out of later digests, so no story is announced twice.
	Covered []int64 `json:"covered"`
	// Carry lists the articles of the stories past the cap that were not
	// carried before: the next digest offers them again, once. Carrying
	// counts them; Dropped counts the stories past the cap for the second
	// time, which are covered and not offered again.
	Carry    []int64 `json:"carry,omitempty"`
	Carrying int     `json:"carrying"`
	Dropped  int     `json:"dropped"`
	// FollowUps are new reports, from outlets that had not reported it, of
	// stories the channel already had (only with DigestOptions.FollowUps).
	// Their articles are in neither Covered nor Carry.
	FollowUps []FollowUp `json:"follow_ups,omitempty"`
}

// FollowUp is a later report of a story a channel already had: an
// article of another outlet that the engine folds into the same story.
type FollowUp struct {
	Topic string `json:"topic"`
	// Of are the story's articles the channel had (delivered or reserved).
	Of []int64 `json:"of"`
	// IDs are the story's new articles, all accounted for by the follow-up.
	IDs []int64 `json:"ids"`
	// Item is the new report, summarised; its Stored is when the first of
	// the new articles was stored.
	Item Item `json:"item"`
}

// DigestSection is one topic's stories, oldest first.
type DigestSection struct {
	Topic string `json:"topic"`
	Items []Item `json:"items"`
	More  int    `json:"more"` // fresh stories of the topic past the cap
	// Carried lists the IDs of the Items an earlier digest carried over.
	Carried []int64 `json:"carried,omitempty"`
}

// Shown is the number of stories in the digest's sections.
func (d Digest) Shown() int {
	n := 0
	for _, s := range d.Sections {
		n += len(s.Items)
	}
	return n
}

// digestCandidates bounds the newest matches a topic contributes to one
// digest; older ones have had their chance in earlier digests.
const digestCandidates = 300

type topicStories struct {
	topic   string
	query   map[string]bool
	fresh   []freshStory // best first (the engine's rank: relevance, then date)
	chosen  int
	covered []int64
	follow  []followStory
}

// followStory is a story the channel had, with new reports from other
// outlets: group holds only those new reports.
type followStory struct {
	group   storyGroup
	of, ids []int64
}

// freshStory is a story the channel has not had: its articles not yet
// delivered, and whether an earlier digest carried it over.
type freshStory struct {
	storyGroup
	ids     []int64
	carried bool
}

// Digest selects, per topic, the stories the channel has not had yet,
// folds near-duplicates across sources, caps the total (sharing it fairly
// between topics, each topic's best stories first in the engine's rank
// order, the one /brief uses: relevance, then publication date) and
// summarises what is shown. Stories past the cap are carried to the next
// digest once (Carry); past it again, they are dropped and counted. It
// uses Match's selection rule and Brief's folding and summaries.
func (e *Engine) Digest(ctx context.Context, opt DigestOptions) (Digest, error) {
	if opt.MaxItems <= 0 {
		opt.MaxItems = 10
	}
	if opt.Sentences <= 0 {
		opt.Sentences = 2
	}
	if opt.Seen == nil {
		return Digest{}, fmt.Errorf("briefing: digest: no Seen function")
	}
	if err := e.maybeSync(ctx); err != nil {
		return Digest{}, err
	}
	watches := digestWatches(opt)
	// every candidate a topic brings is taken: sized for that, the map is
	// not grown (and copied) as the topics are read
	taken := make(map[int64]bool, len(watches)*digestCandidates)
	var topics []*topicStories
	for _, w := range watches {
		ts, err := e.freshStories(ctx, w, taken, opt)
		if err != nil {
			return Digest{}, err
		}
		if ts != nil {
			topics = append(topics, ts)
		}
	}
	allot(topics, opt.MaxItems)
	d := e.assemble(topics, opt.Sentences)
	for _, sec := range d.Sections {
		e.nameSources(ctx, sec.Items)
	}
	for i := range d.FollowUps {
		one := []Item{d.FollowUps[i].Item}
		e.nameSources(ctx, one)
		d.FollowUps[i].Item = one[0]
	}
	return d, nil
}

// freshStories finds a topic's unsent stories. A topic that no longer
// parses selects nothing (it was valid when watched; the query rules may
// have changed) rather than failing the whole digest. The selection and
// folding are shared between channels (see topicCache); only what this
// channel has had is decided here.
func (e *Engine) freshStories(ctx context.Context, w Watch, taken map[int64]bool, opt DigestOptions) (*topicStories, error) {
	topic := w.Topic
	var js []Judgment
	if opt.Judgments != nil {
		var err error
		if js, err = opt.Judgments(ctx, topic); err != nil {
			return nil, fmt.Errorf("briefing: digest: judgments: %w", err)
		}
	}
	var ent *topicEntry
	var err error
	if len(js) == 0 {
		ent, err = e.topicStoriesShared(ctx, topic)
	} else {
		// this channel's own selection: not shared
		ent = &topicEntry{}
		if err = e.buildTopicEntry(ctx, topic, ent, js); err == nil && len(ent.groups) == 0 {
			ent = nil
		}
	}
	if ent == nil || err != nil {
		return nil, err
	}
	ent = ent.scoped(w, opt.Hidden)
	seen, err := opt.Seen(ctx, ent.ids)
	if err != nil {
		return nil, fmt.Errorf("briefing: digest: delivered articles: %w", err)
	}
	carried := map[int64]bool{}
	if opt.Carried != nil {
		if carried, err = opt.Carried(ctx, ent.ids); err != nil {
			return nil, fmt.Errorf("briefing: digest: carried articles: %w", err)
		}
	}
	// every group is fresh on a channel's first digest: sized for that, the
	// list is not grown (and copied) as it fills
	ts := &topicStories{topic: ent.raw, query: ent.query, fresh: make([]freshStory, 0, len(ent.groups))}
	// ent.groups are in rank order (each story ranks as its best copy).
	for _, g := range ent.groups {
		ts.add(g, seen, carried, taken, opt.FollowUps)
	}
	return ts, nil
}

// digestWatches is opt.Watches, or watches of opt.Topics from every
// source.
func digestWatches(opt DigestOptions) []Watch {
	if opt.Watches != nil {
		return opt.Watches
	}
	ws := make([]Watch, len(opt.Topics))
	for i, t := range opt.Topics {
		ws[i] = Watch{Topic: t}
	}
	return ws
}

// add files a story as fresh, or, when the channel already had one of its
// copies, records its new copies as covered.
func (ts *topicStories) add(g storyGroup, seen, carried, taken map[int64]bool, followUps bool) {
	old, was := false, false
	for _, a := range g.members {
		old = old || seen[a.ID] || taken[a.ID] || !digestMaterial(a)
		was = was || carried[a.ID]
	}
	ids := make([]int64, 0, len(g.members))
	for _, a := range g.members {
		if !seen[a.ID] && !taken[a.ID] {
			taken[a.ID] = true
			ids = append(ids, a.ID)
		}
	}
	if old {
		if f, ok := followUp(g, seen, ids); followUps && ok {
			ts.follow = append(ts.follow, f)
			return
		}
		ts.covered = append(ts.covered, ids...)
		return
	}
	ts.fresh = append(ts.fresh, freshStory{storyGroup: g, ids: ids, carried: was})
}

// followUp makes a follow-up of a story the channel had (some copy seen)
// when ids, its new copies, include one from an outlet not among the seen
// copies' and none was stored as backfill. A new copy from the same outlet
// alone (an updated article) is not news: it is covered silently.
func followUp(g storyGroup, seen map[int64]bool, ids []int64) (followStory, bool) {
	had := map[string]bool{}
	var of []int64
	for _, a := range g.members {
		if seen[a.ID] {
			had[a.Source] = true
			of = append(of, a.ID)
		}
	}
	fresh := make(map[int64]bool, len(ids))
	for _, id := range ids {
		fresh[id] = true
	}
	var news []Article
	for _, a := range g.members {
		if !fresh[a.ID] {
			continue
		}
		if !digestMaterial(a) {
			return followStory{}, false
		}
		if !had[a.Source] {
			news = append(news, a) // keeps best-text-first order
		}
	}
	if len(of) == 0 || len(news) == 0 {
		return followStory{}, false
	}
	return followStory{group: storyGroup{match: g.match, members: news}, of: of, ids: ids}, true
}

// digestMaterial reports whether an article may be announced in a
// digest: not one stored as already seen when its source was added (see
// Source). Its story counts as known, so a new copy of it is not news
// either.
func digestMaterial(a Article) bool { return !a.Backfill }

// allot shares max stories between topics in turns, so one busy topic
// cannot crowd out the others.
func allot(topics []*topicStories, limit int) {
	for n := 0; n < limit; {
		progress := false
		for _, t := range topics {
			if n < limit && t.chosen < len(t.fresh) {
				t.chosen++
				n++
				progress = true
			}
		}
		if !progress {
			return
		}
	}
}

// assemble summarises each topic's chosen stories and settles the rest:
// a story past the cap is carried to the next digest the first time and
// covered (dropped, and counted) the second.
func (e *Engine) assemble(topics []*topicStories, sentences int) Digest {
	var d Digest
	for _, t := range topics {
		d.Covered = append(d.Covered, t.covered...)
		for _, f := range t.follow {
			it := e.summarise([]storyGroup{f.group}, t.query, sentences)[0]
			d.FollowUps = append(d.FollowUps, FollowUp{Topic: t.topic, Of: f.of, IDs: f.ids, Item: it})
		}
		d.Total += len(t.fresh)
		for _, s := range t.fresh[t.chosen:] {
			if s.carried {
				d.Covered = append(d.Covered, s.ids...)
				d.Dropped++
			} else {
				d.Carry = append(d.Carry, s.ids...)
				d.Carrying++
			}
		}
		if t.chosen < len(t.fresh) {
			d.MoreTopics = append(d.MoreTopics, t.topic)
		}
		if t.chosen == 0 {
			continue
		}
		sec := DigestSection{Topic: t.topic, More: len(t.fresh) - t.chosen}
		chosen := make([]storyGroup, t.chosen)
		for i, s := range t.fresh[:t.chosen] {
			chosen[i] = s.storyGroup
			d.Covered = append(d.Covered, s.ids...)
		}
		// Stored order, so that stories of the same date read oldest first
		// (summarise then orders them by date).
		slices.SortStableFunc(chosen, func(a, b storyGroup) int { return cmp.Compare(a.members[0].ID, b.members[0].ID) })
		sec.Items = e.summarise(chosen, t.query, sentences)
		for _, s := range t.fresh[:t.chosen] {
			if s.carried {
				sec.Carried = append(sec.Carried, s.members[0].ID) // the Item's ID (makeItem)
			}
		}
		d.Sections = append(d.Sections, sec)
	}
	return d
}
