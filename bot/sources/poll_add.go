package sources

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
)

// MinInterval and MaxInterval bound a source's own check interval: a
// chat user cannot make briefbot hammer a site, nor forget a source.
const (
	MinInterval = 5 * time.Minute
	MaxInterval = 24 * time.Hour
)

// AddSource adds a source from chat: s.URL, s.Channel, s.AddedBy and
// optionally s.Interval and s.Trusted. It refuses (with a *briefing.Error
// users can read) an invalid URL, a non-public address for an untrusted
// source, or a URL that does not fetch and parse. A page that links a feed
// adds the feed. On success the source's current items are stored as
// backfill, except the newest Backfill, and it is checked every interval
// from now. Adding a paused source resumes it.
func (p *Poller) AddSource(ctx context.Context, s Source) (Added, error) {
	u, err := NormalizeURL(s.URL)
	if err != nil {
		return Added{}, err
	}
	if s.Interval != 0 && (s.Interval < MinInterval || s.Interval > MaxInterval) {
		return Added{}, intervalError(s.Interval)
	}
	s.URL = u
	if existing, err := p.cfg.Sources.SourceByURL(ctx, u); err == nil {
		return p.resume(ctx, existing)
	} else if !errors.Is(err, briefing.ErrNotFound) {
		return Added{}, err
	}
	res, pr, discovered, err := p.probe(ctx, s)
	if err != nil {
		return Added{}, err
	}
	if discovered != "" {
		s.URL = discovered
		if existing, err := p.cfg.Sources.SourceByURL(ctx, discovered); err == nil {
			return p.resume(ctx, existing)
		}
	}
	return p.store(ctx, s, res, pr, discovered != "")
}

// probe fetches and parses the URL once, as its first check. For an HTML
// page that names a feed, it fetches the feed instead and returns its URL.
func (p *Poller) probe(ctx context.Context, s Source) (ingest.Response, parsed, string, error) {
	f := p.fetcher(s)
	if f.Guard != nil {
		if err := f.Guard.Check(ctx, s.URL); err != nil {
			return ingest.Response{}, parsed{}, "", refusal(s.URL, err)
		}
	}
	res, err := f.ConditionalGet(ctx, s.URL, ingest.Validators{}, p.clock.Now())
	if err != nil {
		return ingest.Response{}, parsed{}, "", refusal(s.URL, err)
	}
	if ingest.Detect(res.Input.Data, res.Input.ContentType) == ingest.KindHTML {
		if feed := ingest.DiscoverFeed(res.Input.Data, s.URL); feed != "" && feed != s.URL {
			if fres, err := f.ConditionalGet(ctx, feed, ingest.Validators{}, p.clock.Now()); err == nil {
				if pr, err := p.parse(fres.Input); err == nil && pr.kind == ingest.KindFeed {
					return fres, pr, feed, nil
				}
			} else if errors.Is(err, ingest.ErrBlocked) {
				return ingest.Response{}, parsed{}, "", refusal(feed, err)
			}
		}
	}
	pr, err := p.parse(res.Input)
	if err != nil {
		return ingest.Response{}, parsed{}, "", refusal(s.URL, err)
	}
	return res, pr, "", nil
}

// refusal turns a probe failure into a message for the user who asked.
func refusal(url string, err error) error {
	shown := briefing.RedactURL(url)
	if errors.Is(err, ingest.ErrBlocked) {
		return briefing.Errorf(briefing.EForbidden, "refused %s: %s. Sources added from chat must be on public "+
			"addresses (the operator can allow private ones with BRIEFBOT_ALLOW_PRIVATE_SOURCES=true)", shown, describe(url, err))
	}
	return briefing.Errorf(briefing.EInvalid, "could not add %s: %s", shown, describe(url, err))
}

// store saves the new source, unprimed, then its items, then the primed
// state: a crash in between leaves a source the next check primes again.
func (p *Poller) store(ctx context.Context, s Source, res ingest.Response, pr parsed, discovered bool) (Added, error) {
	now := p.clock.Now()
	s.CreatedAt = now.UTC()
	s.State = State{NextCheck: now.Add(p.interval(s))}
	saved, added, err := p.cfg.Sources.AddSource(ctx, s)
	if err != nil {
		return Added{}, err
	}
	if !added {
		return Added{}, briefing.Errorf(briefing.EConflict, "%s was just added as source #%d", briefing.RedactURL(s.URL), saved.ID)
	}
	fresh, err := p.remember(ctx, saved, pr.arts, now)
	if err != nil {
		return Added{}, fmt.Errorf("ingest: store the items of %s: %w", briefing.RedactURL(s.URL), err)
	}
	saved = p.succeeded(saved, res, pr, now)
	if err := p.cfg.Sources.UpdateSource(ctx, saved); err != nil {
		return Added{}, err
	}
	p.log.Info("source added", "source_id", saved.ID, "url", saved.URL, "items", len(pr.arts), "new", fresh,
		"channel", saved.Channel.String())
	return Added{Source: saved, Items: len(pr.arts), New: fresh, Discovered: discovered}, nil
}

// resume re-activates a paused source, due at once; any other existing
// source is a conflict naming it.
func (p *Poller) resume(ctx context.Context, s Source) (Added, error) {
	if s.Held {
		return Added{}, briefing.Errorf(briefing.EConflict, "%s is source #%d, paused; resume it with /source resume %d",
			briefing.RedactURL(s.URL), s.ID, s.ID)
	}
	if !s.State.Paused {
		return Added{}, briefing.Errorf(briefing.EConflict, "%s is already source #%d", briefing.RedactURL(s.URL), s.ID)
	}
	s.State.Paused, s.State.Failures, s.State.NextCheck = false, 0, p.clock.Now()
	if err := p.cfg.Sources.UpdateSource(ctx, s); err != nil {
		return Added{}, err
	}
	return Added{Source: s, Resumed: true}, nil
}

// intervalError refuses a source interval out of bounds.
func intervalError(d time.Duration) error {
	return briefing.Errorf(briefing.EInvalid, "a source is checked every %s to %s, not every %s",
		spokenDuration(MinInterval), spokenDuration(MaxInterval), spokenDuration(d))
}

// HoldSource pauses (held) or resumes a source and returns it: a paused
// source is not checked; a resumed one is checked at once, its failures
// forgotten.
func (p *Poller) HoldSource(ctx context.Context, id int64, held bool) (Source, error) {
	return p.cfg.Sources.HoldSource(ctx, id, held, p.clock.Now())
}

// RestrictedWatches lists the watches restricted to named sources.
func (p *Poller) RestrictedWatches(ctx context.Context) ([]briefing.Watch, error) {
	return p.cfg.Sources.RestrictedWatches(ctx, maxListedWatches)
}

// maxListedWatches bounds the watches /source list reads.
const maxListedWatches = 2000

// Register adds an operator source (BRIEFBOT_FEEDS, OPML) without
// fetching it: it is trusted, due at once, and its first check stores its
// current items as backfill. added is false when the URL is a source
// already.
func (p *Poller) Register(ctx context.Context, s Source) (Source, bool, error) {
	u, err := NormalizeURL(s.URL)
	if err != nil {
		return Source{}, false, err
	}
	s.URL, s.Trusted, s.Private = u, true, false
	s.CreatedAt = p.clock.Now().UTC()
	s.State = State{NextCheck: p.clock.Now()}
	return p.cfg.Sources.AddSource(ctx, s)
}

// Sources lists every source.
func (p *Poller) Sources(ctx context.Context) ([]Source, error) {
	return p.cfg.Sources.Sources(ctx)
}

// RemoveSource deletes a source and returns what it was; its stored
// articles stay.
func (p *Poller) RemoveSource(ctx context.Context, id int64) (Source, error) {
	s, err := p.cfg.Sources.Source(ctx, id)
	if err != nil {
		return Source{}, err
	}
	return s, p.cfg.Sources.RemoveSource(ctx, id)
}
