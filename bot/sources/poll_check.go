package sources

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
)

// parsed is a fetched body read as articles plus feed metadata.
type parsed struct {
	arts []briefing.Article
	meta ingest.FeedMeta
	kind ingest.Kind
}

// check fetches one claimed source, stores what is new, and records the
// outcome (validators, health, next check) in the store.
func (p *Poller) check(ctx context.Context, src Source) (rep PassReport) {
	rep = PassReport{Claimed: 1}
	prev := src.State
	defer p.survive(ctx, src, &rep)
	res, err := p.fetchSource(ctx, src)
	now := p.clock.Now()
	var pr parsed
	switch {
	case err != nil:
	case res.NotModified || src.State.Primed && res.Hash == src.State.BodyHash:
		rep.Unchanged = 1
	default:
		if pr, err = p.parse(res.Input); err == nil {
			err = stillAFeed(src, res.Input, pr)
		}
		if err == nil {
			rep.New, err = p.remember(ctx, src, pr.arts, now)
		}
	}
	if ctx.Err() != nil {
		// Shutting down mid-check is not the source's fault: hand it back
		// due, unchanged (articles already stored stay; storing is
		// idempotent).
		p.release(src)
		return PassReport{Claimed: 1}
	}
	if err != nil {
		rep.Failed = 1
		src.State = p.failed(src, err, now)
	} else {
		src = p.succeeded(src, res, pr, now)
		rep.Updated = 1 - rep.Unchanged
	}
	p.save(ctx, prev, src)
	p.logHealth(prev, src)
	p.log.Debug("checked source", "source_id", src.ID, "url", src.URL, "new", rep.New, "unchanged", rep.Unchanged == 1,
		"err", err, "next_check", src.State.NextCheck)
	return rep
}

// survive turns a panic while checking src (a bug in a parser or in
// storing, met on one source's bytes) into that source's failure: the
// operator gets the stack once in the log, the source's health says
// "internal error", and the pass and serve go on with the other sources.
// Without it one hostile or unlucky feed ended serve, again after every
// restart.
func (p *Poller) survive(ctx context.Context, src Source, rep *PassReport) {
	r := recover()
	if r == nil {
		return
	}
	p.log.Error("source check panicked", "source_id", src.ID, "url", briefing.RedactURL(src.URL), "panic", fmt.Sprint(r),
		"stack", string(debug.Stack()))
	prev := src.State
	src.State = p.failed(src, errors.New("internal error while reading this source (the log has the details)"), p.clock.Now())
	p.save(context.WithoutCancel(ctx), prev, src)
	*rep = PassReport{Claimed: 1, Failed: 1}
}

// logHealth tells the operator, at the default level, when a source
// starts failing, fails for another reason, and recovers. The same
// failure again is not repeated (/source list counts them, and a pause
// is logged), so a feed down for a day is a few lines, not one a check.
func (p *Poller) logHealth(prev State, src Source) {
	st := src.State
	since := []any{}
	if !prev.LastSuccess.IsZero() {
		since = []any{"last_success", prev.LastSuccess}
	}
	switch {
	case st.Failures > 0 && (prev.Failures == 0 || st.LastError != prev.LastError):
		p.log.Warn("source check failed", append([]any{"source_id", src.ID, "url", src.URL, "err", st.LastError,
			"failures", st.Failures, "next_check", st.NextCheck}, since...)...)
	case st.Failures == 0 && prev.Failures > 0:
		p.log.Info("source recovered", append([]any{"source_id", src.ID, "url", src.URL, "failures", prev.Failures,
			"last_error", prev.LastError}, since...)...)
	}
}

// fetchSource does the conditional GET, one request per host at a time,
// through the guard unless the source is trusted.
func (p *Poller) fetchSource(ctx context.Context, src Source) (ingest.Response, error) {
	release, err := p.hosts.acquire(ctx, hostOf(src.URL))
	if err != nil {
		return ingest.Response{}, err
	}
	defer release()
	v := ingest.Validators{ETag: src.State.ETag, LastModified: src.State.LastModified}
	return p.fetcher(src).ConditionalGet(ctx, src.URL, v, p.clock.Now())
}

// fetcher is the Fetcher for src: no guard with AllowPrivate; for an
// operator's (trusted) source, a guard that lets its own host through but
// checks where it redirects; for the rest, the full guard.
func (p *Poller) fetcher(src Source) ingest.Fetcher {
	f := p.cfg.Fetcher
	switch {
	case p.cfg.AllowPrivate:
		f.Guard = nil
	case src.Trusted:
		f.Guard = p.cfg.Guard.TrustingURL(src.URL)
	default:
		f.Guard = p.cfg.Guard
	}
	return f
}

// parse reads a body. A feed with no items is fine (ingest.Parse calls it an
// error): nothing new.
func (p *Poller) parse(in ingest.Input) (parsed, error) {
	p.parses.Add(1)
	if len(in.Data) > largeBody {
		defer p.oneLargeParse()()
	}
	meta := ingest.ReadInputMeta(in)
	arts, kind, err := ingest.Parse(in, ingest.Options{MaxBytes: p.cfg.Fetcher.SizeLimit()})
	if err != nil && meta.OK && meta.Items == 0 {
		return parsed{meta: meta, kind: ingest.KindFeed}, nil
	}
	return parsed{arts: arts, meta: meta, kind: kind}, err
}

// largeBody is the size over which a body is parsed only when no other
// such body is: parsing costs tens of times a body's size (a 10 MB page of
// small elements took 370–500 MB), and Workers hosts are checked at once,
// so four large pages at a time could take 2 GB. Real feeds and article
// pages are far smaller and are parsed side by side as before.
const largeBody = 1 << 20

// oneLargeParse waits until no other large body is being parsed and
// returns the release.
func (p *Poller) oneLargeParse() (release func()) {
	p.large <- struct{}{}
	n := p.largeNow.Add(1)
	for most := p.largeMost.Load(); n > most && !p.largeMost.CompareAndSwap(most, n); most = p.largeMost.Load() {
	}
	return func() {
		p.largeNow.Add(-1)
		<-p.large
	}
}

// stillAFeed fails a feed that now answers with a web page or text: a
// login wall, a "we moved" notice or a bot challenge is the feed failing,
// not a new story to announce, and the source stays a feed so the next
// good answer carries on from its stored items. A source never seen as a
// feed (a page, or an OPML entry not checked yet) may be a page.
//
// A page that links a feed (the site moved it) names that feed, for an
// admin to add; the source is not switched to it unasked.
func stillAFeed(src Source, in ingest.Input, pr parsed) error {
	if src.Kind != SourceFeed || !src.State.Primed || pr.kind == ingest.KindFeed {
		return nil
	}
	what := "a web page"
	if pr.kind == ingest.KindText {
		what = "plain text"
	}
	if len(pr.arts) > 0 && pr.arts[0].Title != "" {
		what += " (“" + pr.arts[0].Title + "”)"
	}
	if feed := ingest.DiscoverFeed(in.Data, src.URL); feed != "" && feed != src.URL {
		what += " that links a feed at " + feed
	}
	return fmt.Errorf("no longer a feed: the address now answers with %s", what)
}

func (p *Poller) interval(src Source) time.Duration {
	if src.Interval > 0 {
		return src.Interval
	}
	return p.cfg.Interval
}

// succeeded records a good check. The server's max-age and the feed's
// ttl can only make the next check later than the interval.
func (p *Poller) succeeded(src Source, r ingest.Response, pr parsed, now time.Time) Source {
	st := &src.State
	st.ETag, st.LastModified = r.Validators.ETag, r.Validators.LastModified
	if r.Hash != "" {
		st.BodyHash = r.Hash
		st.TTL = pr.meta.TTL
		src.Title, src.SiteURL = sourceTitle(src, pr)
		src.Kind = SourcePage
		if pr.kind == ingest.KindFeed {
			src.Kind = SourceFeed
		}
	}
	st.Primed, st.Failures, st.Paused = true, 0, false
	st.LastCheck, st.LastSuccess = now, now
	asked := min(max(r.MaxAge, st.TTL), p.cfg.MaxDelay)
	st.NextCheck = now.Add(max(p.interval(src), asked))
	return src
}

// sourceTitle keeps the feed's own title and home page, or a page's site
// name (ingest.SourceTitle, as one-shot ingest names outlets); what the
// fetch does not tell stays as it was.
func sourceTitle(src Source, pr parsed) (title, site string) {
	title, site = ingest.SourceTitle(pr.meta)
	if title == "" {
		title = src.Title
	}
	if site == "" {
		site = src.SiteURL
	}
	return title, site
}

// failed records a failed check: back off exponentially from the
// interval, or longer if the server asked, and pause after MaxFailures:
// a paused source is tried every MaxDelay until a check succeeds.
func (p *Poller) failed(src Source, err error, now time.Time) State {
	st := src.State
	st.Failures++
	st.LastCheck, st.LastErrorAt = now, now
	st.LastError = describe(src.URL, err)
	delay := p.backoff(p.interval(src), st.Failures)
	var se *ingest.StatusError
	if errors.As(err, &se) && se.RetryAfter > 0 {
		wait := min(se.RetryAfter, p.cfg.MaxDelay)
		p.hosts.deferUntil(hostOf(src.URL), now.Add(wait))
		delay = max(delay, wait)
	}
	st.Paused = st.Failures >= p.cfg.MaxFailures
	if st.Paused {
		delay = max(delay, p.cfg.MaxDelay) // tried once a day: a feed gone for a day comes back
	}
	st.NextCheck = now.Add(delay)
	return st
}

// backoff is interval × 2^(failures-1), at most MaxDelay.
func (p *Poller) backoff(interval time.Duration, failures int) time.Duration {
	d := interval
	for i := 1; i < failures && d < p.cfg.MaxDelay; i++ {
		d *= 2
	}
	return min(d, p.cfg.MaxDelay)
}

// describe shortens an error for /source list: the URL is shown anyway.
// Network failures are described by fetchProblem, without addresses.
func describe(url string, err error) string {
	s := ingest.FetchProblem(err)
	if s == "" {
		s = strings.TrimPrefix(err.Error(), url+": ")
		s = strings.TrimPrefix(s, briefing.RedactURL(url)+": ")
		s = ingest.ScrubAddrs(briefing.RedactText(strings.TrimPrefix(s, "fetch: ")))
	}
	if utf8.RuneCountInString(s) > 300 {
		s = string([]rune(s)[:299]) + "…"
	}
	return s
}

// save writes the outcome, and tells the source's channel when this
// check paused it or, paused, it works again. A source removed meanwhile
// stays removed.
func (p *Poller) save(ctx context.Context, prev State, src Source) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := p.cfg.Sources.UpdateSource(ctx, src); err != nil {
		if !errors.Is(err, briefing.ErrNotFound) {
			p.log.Error("save source state", "source_id", src.ID, "err", err)
		}
		return
	}
	switch {
	case src.State.Paused && !prev.Paused:
		p.notifyPaused(ctx, src)
	case prev.Paused && !src.State.Paused:
		p.notifyBack(ctx, prev, src)
	}
}

// release hands a claimed source back unchecked (shutdown): due again
// at once for whichever replica is still running.
func (p *Poller) release(src Source) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.cfg.Sources.UpdateSource(ctx, src); err != nil && !errors.Is(err, briefing.ErrNotFound) {
		p.log.Warn("release source", "source_id", src.ID, "err", err)
	}
}

func (p *Poller) notifyPaused(ctx context.Context, src Source) {
	name := sourceLabel(src)
	text := fmt.Sprintf("Source #%d %s is paused: its last %d checks failed. Last error: %s. "+
		"It is tried once a day and resumes by itself when it works again; an admin can resume it now with /source resume %d",
		src.ID, name, src.State.Failures, src.State.LastError, src.ID)
	p.log.Warn("source paused", "source_id", src.ID, "url", src.URL, "failures", src.State.Failures, "err", src.State.LastError,
		"next_check", src.State.NextCheck)
	p.tell(ctx, src, text)
}

// notifyBack tells the channel that a source paused after failures works
// again (its recovery is logged by logHealth).
func (p *Poller) notifyBack(ctx context.Context, prev State, src Source) {
	p.tell(ctx, src, fmt.Sprintf("Source #%d %s works again after %d failed checks and is checked as usual.",
		src.ID, sourceLabel(src), prev.Failures))
}

// sourceLabel names a source in a notice: its title and its redacted URL.
func sourceLabel(src Source) string {
	shown := briefing.RedactURL(src.URL)
	if src.Title == "" {
		return shown
	}
	return fmt.Sprintf("“%s” (%s)", src.Title, shown)
}

// tell sends text to the channel that added src, if any.
func (p *Poller) tell(ctx context.Context, src Source, text string) {
	if p.cfg.Notify == nil || src.Channel == (briefing.Channel{}) {
		return
	}
	if err := p.cfg.Notify(ctx, src, text); err != nil {
		p.log.Error("tell the channel about a source", "source_id", src.ID, "channel", src.Channel.String(), "err", err)
	}
}
