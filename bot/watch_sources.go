package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/briefing"
)

// SourceDirectory names feed sources for the core commands:
// "/watch <topic> from Reuters, AP" and the channel scopes of /brief
// (bot/sources.Directory implements it).
type SourceDirectory interface {
	briefing.SourceScopes
	// ResolveSources returns the sources (briefing.Article.Source values)
	// that names denote among those ch may read. An unknown name is a
	// *briefing.Error (EInvalid) listing close names.
	ResolveSources(ctx context.Context, ch briefing.Channel, names []string) ([]string, error)
	// SourceNames returns the display name of each source, in order.
	SourceNames(ctx context.Context, sources []string) ([]string, error)
}

// watchArgs is /watch's argument: a topic, then optionally "from" and
// source names, so it may be longer than a topic (the router and
// ResolveSources bound each part).
func watchArgs(topic []Arg) []Arg {
	a := topic[0]
	a.Description += "; then from SOURCE, SOURCE to read only those"
	a.MaxLength = MaxCommandLength
	return []Arg{a}
}

// SplitWatch splits "/watch tariffs from Reuters, AP" into its topic and
// the source names after the last unquoted "from" (comma-separated). A
// topic with "from" among its words is watched whole when quoted:
// /watch "imports from china".
func SplitWatch(text string) (topic string, names []string, err error) {
	words := strings.Fields(text)
	at := -1
	for i := len(words) - 1; i >= 1; i-- {
		if strings.EqualFold(words[i], "from") && quotesBalanced(words[:i]) {
			at = i
			break
		}
	}
	if at < 0 {
		return text, nil, nil
	}
	for _, n := range strings.Split(strings.Join(words[at+1:], " "), ",") {
		if n = strings.Trim(strings.TrimSpace(n), "\"“”"); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "", nil, briefing.Errorf(briefing.EInvalid, "name the sources after “from”, separated by commas: "+
			"/watch tariffs from Reuters, AP (/source list shows them)")
	}
	return strings.Join(words[:at], " "), names, nil
}

// quotesBalanced reports whether the words hold no open quotation.
func quotesBalanced(words []string) bool {
	n := 0
	for _, w := range words {
		n += strings.Count(w, "\"") + strings.Count(w, "“") + strings.Count(w, "”")
	}
	return n%2 == 0
}

// resolveWatchSources resolves the names of a /watch, or says that this
// briefbot has no named sources.
func (c *core) resolveWatchSources(ctx context.Context, ch briefing.Channel, names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	if c.cfg.Sources == nil {
		return nil, briefing.Errorf(briefing.EInvalid, "this briefbot has no named sources to watch from; "+
			"watch the topic from every source, or put it in quotes to watch the words")
	}
	return c.cfg.Sources.ResolveSources(ctx, ch, names)
}

// fromText is " (from Reuters, AP)" for a restricted watch, "" otherwise.
func (c *core) fromText(ctx context.Context, w briefing.Watch) string {
	if len(w.Sources) == 0 || c.cfg.Sources == nil {
		return ""
	}
	names, err := c.cfg.Sources.SourceNames(ctx, w.Sources)
	if err != nil {
		names = w.Sources
	}
	return fmt.Sprintf(" (from %s)", strings.Join(names, ", "))
}

// hidden returns the sources private to other channels than ch.
func (c *core) hidden(ctx context.Context, ch briefing.Channel) (map[string]bool, error) {
	if c.cfg.Sources == nil {
		return nil, nil
	}
	return c.cfg.Sources.HiddenSources(ctx, ch)
}

// briefSources reads /brief's "from NAME": the sources the channel may
// read that the name denotes as /watch reads it (a title or its words,
// a site, a /source list number), so that the names briefings show work.
// A name no source has is matched as before, as part of where articles
// came from (a feed URL, or the file an operator ingested), and a name
// that matches nothing that way either finds nothing.
func (c *core) briefSources(ctx context.Context, ch briefing.Channel, name string) (only []string, source string, err error) {
	if name == "" || c.cfg.Sources == nil {
		return nil, name, nil
	}
	only, err = c.cfg.Sources.ResolveSources(ctx, ch, []string{name})
	if briefing.ErrorCode(err) == briefing.EInvalid {
		return nil, name, nil
	}
	return only, "", err
}
