package briefing

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Source names. Articles are stored under their source's URL (or the file
// they were read from); readers want the outlet's name. The feed's title
// ("Global Wire — World News"), or a page's site name, is kept by whoever
// reads the source, polled or read once; Config.SourceTitle looks it up.
// Briefings show it, else the site's host name ("news.example.com") for a
// URL. File names without a title stay as they are.

// SourceTitleFunc returns the title and home page a source is known by
// (empty when unknown).
type SourceTitleFunc func(ctx context.Context, source string) (title, siteURL string)

// sourceNameTTL bounds how stale a cached name may be (a feed's title is
// learned on its first check and rarely changes).
const sourceNameTTL = 5 * time.Minute

type sourceNames struct {
	mu    sync.Mutex
	cache map[string]sourceName
}

type sourceName struct {
	name string
	at   time.Time
}

// name returns the display name of source.
func (e *Engine) sourceName(ctx context.Context, source string) string {
	now := e.cfg.Now()
	e.names.mu.Lock()
	c, ok := e.names.cache[source]
	e.names.mu.Unlock()
	if ok && now.Sub(c.at) < sourceNameTTL {
		return c.name
	}
	name := ""
	if e.cfg.SourceTitle != nil {
		title, site := e.cfg.SourceTitle(ctx, source)
		if name = SourceName(title); name == "" {
			name = hostOf(site)
		}
	}
	if name == "" {
		name = hostOf(source)
	}
	if name == "" {
		name = source
	}
	e.names.mu.Lock()
	if e.names.cache == nil {
		e.names.cache = map[string]sourceName{}
	}
	e.names.cache[source] = sourceName{name: name, at: now}
	e.names.mu.Unlock()
	return name
}

// hostOf returns the host of an http(s) URL without "www.", or "".
func hostOf(raw string) string {
	raw = strings.TrimSpace(raw)
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || (!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https")) {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:] // no user info
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.HasSuffix(rest, "]") {
		rest = rest[:i] // no port
	}
	return strings.TrimPrefix(strings.ToLower(rest), "www.")
}

// nameSources fills the display names of items' sources.
func (e *Engine) nameSources(ctx context.Context, items []Item) {
	for i := range items {
		it := &items[i]
		it.SourceName = e.sourceName(ctx, it.Source)
		for j := range it.Sources {
			it.Sources[j].SourceName = e.sourceName(ctx, it.Sources[j].Source)
		}
	}
}
