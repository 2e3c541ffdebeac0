package briefing

import "context"

// Source scopes. Articles live in one index whatever their source; who
// may read them is decided when a channel asks (at query time), never by
// keeping separate indexes:
//   - A channel-private source's articles appear only in the answers of
//     the channel it is private to (its /brief, digests and watches);
//     every other channel's answers leave them out (Hidden).
//   - A watch may name the sources it reads (Watch.Sources); its digests
//     and alerts then use only their articles.
// Watch.Admits is the one rule both apply, so every delivery path that
// matches stories to a watch filters alike.

// SourceScopes says which sources a channel must not read.
type SourceScopes interface {
	// HiddenSources returns the article sources (Article.Source values)
	// that are private to channels other than ch. Empty, not an error,
	// when there are none.
	HiddenSources(ctx context.Context, ch Channel) (map[string]bool, error)
}

// Admits reports whether the watch's digests and alerts may use a: its
// source is not hidden from the watch's channel and, when the watch names
// sources, is one of them.
func (w Watch) Admits(a Article, hidden map[string]bool) bool {
	if hidden[a.Source] {
		return false
	}
	if len(w.Sources) == 0 {
		return true
	}
	for _, s := range w.Sources {
		if s == a.Source {
			return true
		}
	}
	return false
}

// only keeps the group's members keep admits, best first as before; ok
// is false when none is left. A follow-up link to an earlier story whose
// best article keep refuses is dropped too.
func (g storyGroup) only(keep func(Article) bool) (storyGroup, bool) {
	var members []Article
	for _, a := range g.members {
		if keep(a) {
			members = append(members, a)
		}
	}
	if len(members) == 0 {
		return storyGroup{}, false
	}
	out := storyGroup{match: g.match, members: members, developmentOf: g.developmentOf}
	if d := out.developmentOf; d != nil && !keep(*d) {
		out.developmentOf = nil
	}
	return out, true
}

// scoped is ent with each story cut to the copies w admits (with hidden);
// a story with none left is not the watch's at all (nor covered: another
// scope may want it). ent itself is shared between channels and stays
// as it is.
func (ent *topicEntry) scoped(w Watch, hidden map[string]bool) *topicEntry {
	if len(w.Sources) == 0 && len(hidden) == 0 {
		return ent
	}
	out := &topicEntry{raw: ent.raw, query: ent.query, ids: ent.ids}
	admits := func(a Article) bool { return w.Admits(a, hidden) }
	for _, g := range ent.groups {
		if g, ok := g.only(admits); ok {
			out.groups = append(out.groups, g)
		}
	}
	return out
}
