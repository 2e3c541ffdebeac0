package sources

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefing"
)

// Directory names sources for chat: it resolves the names of "/watch
// <topic> from Reuters, AP" to sources and names sources back, among
// those a channel may read (global ones and its own private ones). It
// implements bot.SourceDirectory.
type Directory struct {
	store DirectoryStore
}

// DirectoryStore is what a Directory reads (storage.Store).
type DirectoryStore interface {
	briefing.SourceScopes
	// Sources lists every source by ID.
	Sources(ctx context.Context) ([]Source, error)
}

// Bounds on what a watch may name: a name is a title or host, not a
// paragraph, and a watch names a few outlets.
const (
	MaxSourceName  = 100 // runes
	MaxWatchSource = 10  // names per watch
)

// NewDirectory returns a directory over store.
func NewDirectory(store DirectoryStore) *Directory { return &Directory{store: store} }

// HiddenSources returns the sources private to channels other than ch.
func (d *Directory) HiddenSources(ctx context.Context, ch briefing.Channel) (map[string]bool, error) {
	return d.store.HiddenSources(ctx, ch)
}

// ResolveSources returns the URLs of the sources that names denote, in
// order without repeats. A name is a source number ("3" or "#3"), or,
// case-insensitively, a source's name as briefings show it (its feed
// title, else its site's host), its host with or without "www." and the
// domain ending ("reuters" for reuters.com), or whole words of its title
// ("Reuters" for "Reuters World News"); a name may denote several
// sources (every feed of one outlet). An unknown name is an EInvalid
// error listing close names.
func (d *Directory) ResolveSources(ctx context.Context, ch briefing.Channel, names []string) ([]string, error) {
	if len(names) > MaxWatchSource {
		return nil, briefing.Errorf(briefing.EInvalid, "a watch names at most %d sources, not %d", MaxWatchSource, len(names))
	}
	for _, n := range names {
		if utf8.RuneCountInString(n) > MaxSourceName {
			return nil, briefing.Errorf(briefing.EInvalid, "a source name is at most %d characters (“%s” is %d); "+
				"/source list shows the sources", MaxSourceName, clip(n, 40), utf8.RuneCountInString(n))
		}
	}
	visible, err := d.visible(ctx, ch)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		found := matchName(visible, n)
		if len(found) == 0 {
			return nil, unknownSource(visible, n)
		}
		for _, s := range found {
			if !slices.Contains(out, s.URL) {
				out = append(out, s.URL)
			}
		}
	}
	return out, nil
}

// SourceNames names each of urls as briefings do (a URL no source has
// any more is shown as its host).
func (d *Directory) SourceNames(ctx context.Context, urls []string) ([]string, error) {
	all, err := d.store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = displayName(Source{URL: u})
		for _, s := range all {
			if s.URL == u {
				out[i] = displayName(s)
			}
		}
	}
	return out, nil
}

// visible lists the sources ch may read.
func (d *Directory) visible(ctx context.Context, ch briefing.Channel) ([]Source, error) {
	all, err := d.store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	out := all[:0:0]
	for _, s := range all {
		if !s.Private || s.Channel == ch {
			out = append(out, s)
		}
	}
	return out, nil
}

func matchName(srcs []Source, name string) []Source {
	name = strings.TrimSpace(name)
	if id, err := strconv.ParseInt(strings.TrimPrefix(name, "#"), 10, 64); err == nil {
		for _, s := range srcs {
			if s.ID == id {
				return []Source{s}
			}
		}
		return nil
	}
	key := strings.Join(strings.Fields(strings.ToLower(name)), " ")
	var out []Source
	for _, s := range srcs {
		if key != "" && (slices.Contains(aliases(s), key) || containsWords(strings.ToLower(s.Title), key)) {
			out = append(out, s)
		}
	}
	return out
}

// aliases are the lower-case names a source answers to exactly.
func aliases(s Source) []string {
	out := []string{strings.ToLower(displayName(s)), strings.ToLower(strings.TrimSpace(s.Title))}
	for _, u := range []string{s.SiteURL, s.URL} {
		h := hostName(u)
		if h == "" {
			continue
		}
		out = append(out, h, strings.TrimPrefix(h, "www."))
		if labels := strings.Split(h, "."); len(labels) >= 2 {
			out = append(out, labels[len(labels)-2])
		}
	}
	return out
}

// containsWords reports whether the words of key appear, in order and
// whole, in title.
func containsWords(title, key string) bool {
	words := strings.FieldsFunc(title, func(r rune) bool { return !isWordRune(r) })
	want := strings.FieldsFunc(key, func(r rune) bool { return !isWordRune(r) })
	if len(want) == 0 {
		return false
	}
	for i := 0; i+len(want) <= len(words); i++ {
		if slices.Equal(words[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

func isWordRune(r rune) bool {
	return r == '\'' || r == '&' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 127 && r != '—' && r != '–'
}

// displayName is the name briefings show for a source: its feed title,
// else its site's host, else its URL's host (briefing's sourcename.go).
func displayName(s Source) string {
	if t := briefing.SourceName(s.Title); t != "" {
		return t
	}
	if h := strings.TrimPrefix(hostName(s.SiteURL), "www."); h != "" {
		return h
	}
	if h := strings.TrimPrefix(hostName(s.URL), "www."); h != "" {
		return h
	}
	return s.URL
}

// hostName is the lower-case host of an http(s) URL without its port,
// or "".
func hostName(raw string) string {
	u, err := NormalizeURL(raw)
	if err != nil || raw == "" {
		return ""
	}
	h := hostOf(u)
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	return h
}

// unknownSource is the error for a name no visible source answers to,
// with the closest names (or some names, when none is close).
func unknownSource(srcs []Source, name string) error {
	msg := fmt.Sprintf("no source is named “%s”", clip(strings.TrimSpace(name), 40))
	if len(srcs) == 0 {
		return briefing.Errorf(briefing.EInvalid, "%s: this channel can read no named sources yet (an admin adds them with /source add)", msg)
	}
	close := closeNames(srcs, name, 5)
	label := "Close names"
	if len(close) == 0 {
		label = "Sources include"
		for _, s := range srcs[:min(5, len(srcs))] {
			close = append(close, fmt.Sprintf("%s (#%d)", displayName(s), s.ID))
		}
	}
	return briefing.Errorf(briefing.EInvalid, "%s. %s: %s. /source list shows every source; to watch the words "+
		"instead, put the topic in quotes", msg, label, strings.Join(close, ", "))
}

// closeNames returns up to n source names within a small edit distance
// of name (or containing it, or contained in it), closest first.
func closeNames(srcs []Source, name string, n int) []string {
	key := strings.ToLower(strings.TrimSpace(name))
	type cand struct {
		text string
		dist int
	}
	var cs []cand
	for _, s := range srcs {
		best := -1
		for _, a := range aliases(s) {
			if a == "" {
				continue
			}
			d := editDistance(key, a)
			if strings.Contains(a, key) || strings.Contains(key, a) {
				d = min(d, 1)
			}
			if best < 0 || d < best {
				best = d
			}
		}
		if best >= 0 && best <= max(2, utf8.RuneCountInString(key)/3) {
			cs = append(cs, cand{fmt.Sprintf("%s (#%d)", displayName(s), s.ID), best})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return a.dist - b.dist })
	out := make([]string, 0, n)
	for _, c := range cs[:min(n, len(cs))] {
		out = append(out, c.text)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes,
// each cut to MaxSourceName runes so the cost stays bounded.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	ra, rb = ra[:min(len(ra), MaxSourceName)], rb[:min(len(rb), MaxSourceName)]
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
