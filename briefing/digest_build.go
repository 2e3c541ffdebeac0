package briefing

import (
	"context"
	"fmt"
	"slices"
	"sort"
)

// DigestOptions shape a digest.
type DigestOptions struct {
	Topics    []string // the channel's watched topics, in order
	MaxItems  int      // stories in the whole digest; default 10
	Sentences int      // summary sentences per story; default 2
	// Seen reports which of ids the channel has already had (sent, or
	// reserved by a delivery in flight). Required.
	Seen func(ctx context.Context, ids []int64) (map[int64]bool, error)
	// Judgments, when set, returns the channel's verdicts for a topic
	// (see Judgment): a topic the channel judged is selected for it alone,
	// with them, and an article judged down is never announced.
	Judgments func(ctx context.Context, topic string) ([]Judgment, error)
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
	// into a shown story, past the cap, or a new copy of a story the
	// channel already had. Recording them as delivered keeps them out of
	// later digests, so no story is announced twice.
	Covered []int64 `json:"covered"`
}

// DigestSection is one topic's stories, oldest first.
type DigestSection struct {
	Topic string `json:"topic"`
	Items []Item `json:"items"`
	More  int    `json:"more"` // fresh stories of the topic past the cap
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
	fresh   []storyGroup // newest first
	chosen  int
	covered []int64
}

// Digest selects, per topic, the stories the channel has not had yet,
// folds near-duplicates across sources, caps the total (sharing it fairly
// between topics, newest stories first) and summarises what is shown. It
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
	taken := map[int64]bool{}
	var topics []*topicStories
	for _, t := range opt.Topics {
		ts, err := e.freshStories(ctx, t, taken, opt)
		if err != nil {
			return Digest{}, err
		}
		if ts != nil {
			topics = append(topics, ts)
		}
	}
	allot(topics, opt.MaxItems)
	return e.assemble(topics, opt.Sentences), nil
}

// freshStories finds a topic's unsent stories. A topic that no longer
// parses selects nothing (it was valid when watched; the query rules may
// have changed) rather than failing the whole digest. The selection and
// folding are shared between channels (see topicCache); only what this
// channel has had is decided here.
func (e *Engine) freshStories(ctx context.Context, topic string, taken map[int64]bool, opt DigestOptions) (*topicStories, error) {
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
	seen, err := opt.Seen(ctx, ent.ids)
	if err != nil {
		return nil, fmt.Errorf("briefing: digest: delivered articles: %w", err)
	}
	ts := &topicStories{topic: ent.raw, query: ent.query}
	for _, g := range ent.groups {
		ts.add(g, seen, taken)
	}
	sort.SliceStable(ts.fresh, func(i, j int) bool { return newestMember(ts.fresh[i]) > newestMember(ts.fresh[j]) })
	return ts, nil
}

// add files a story as fresh, or, when the channel already had one of its
// copies, records its new copies as covered.
func (ts *topicStories) add(g storyGroup, seen, taken map[int64]bool) {
	old := false
	for _, a := range g.members {
		old = old || seen[a.ID] || taken[a.ID] || !digestMaterial(a)
	}
	for _, a := range g.members {
		if !seen[a.ID] && !taken[a.ID] {
			taken[a.ID] = true
			ts.covered = append(ts.covered, a.ID)
		}
	}
	if !old {
		ts.fresh = append(ts.fresh, g)
	}
}

// digestMaterial reports whether an article may be announced in a
// digest: not one stored as already seen when its source was added (see
// Source). Its story counts as known, so a new copy of it is not news
// either.
func digestMaterial(a Article) bool { return !a.Backfill }

func newestMember(g storyGroup) int64 {
	var id int64
	for _, a := range g.members {
		id = max(id, a.ID)
	}
	return id
}

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

func (e *Engine) assemble(topics []*topicStories, sentences int) Digest {
	var d Digest
	for _, t := range topics {
		d.Covered = append(d.Covered, t.covered...)
		d.Total += len(t.fresh)
		if t.chosen < len(t.fresh) {
			d.MoreTopics = append(d.MoreTopics, t.topic)
		}
		if t.chosen == 0 {
			continue
		}
		chosen := slices.Clone(t.fresh[:t.chosen])
		slices.Reverse(chosen) // stored order, so that stories of the same date read oldest first
		items := e.summarise(chosen, t.query, sentences)
		d.Sections = append(d.Sections, DigestSection{Topic: t.topic, Items: items, More: len(t.fresh) - t.chosen})
	}
	return d
}
