package sources

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
)

// Polling. A Poller checks the sources in a Store when they
// are due, stores their new items through an Ingester, and keeps each
// source's cache validators and health in the store.
//
// Invariants:
//   - A check starts only with Store.ClaimSource, a conditional
//     UPDATE in the database: replicas sharing a database check each due
//     source once, without talking to each other. A gocron job runs the
//     claim pass every Tick; the claim, not gocron, decides who polls.
//   - An unchanged source costs a conditional GET (If-None-Match,
//     If-Modified-Since) and is not parsed: a 304, or a 200 whose body
//     hash is the one last parsed.
//   - Servers are obeyed: Retry-After (429, 503), Cache-Control max-age
//     and RSS <ttl> only ever delay the next check, up to MaxDelay.
//     Failures back off exponentially, and MaxFailures in a row pause the
//     source and tell the channel that added it. A paused source is tried
//     every MaxDelay; the first check that works resumes it and tells the
//     channel.
//   - A source once read as a feed stays a feed: a web page in its place
//     is a failed check, never a stored story.
//   - One request at a time per host, HostGap apart. After a Retry-After,
//     none until the time it names: the host's other sources are put off
//     until then (also those due in the same pass), not left due.
//   - Sources not marked Trusted (added from chat) are fetched through the
//     Guard: public addresses only, checked when dialling.
//   - Adding a source does not flood: the items it lists when added are
//     stored as backfill (see Source), except the newest Backfill.

// Ingester stores articles; *briefing.Engine is one.
type Ingester interface {
	Ingest(ctx context.Context, articles []briefing.Article) (briefing.IngestResult, error)
}

// PollerConfig configures a Poller. Sources and Ingester are required;
// zero values elsewhere mean the defaults.
type PollerConfig struct {
	Sources  Store
	Ingester Ingester
	// ingest.Fetcher fetches trusted sources; untrusted ones use a copy of it
	// with ingest.Guard set.
	Fetcher ingest.Fetcher
	// ingest.Guard checks the addresses of untrusted sources; nil means a zero
	// ingest.Guard (the real network). AllowPrivate turns the check off
	// (BRIEFBOT_ALLOW_PRIVATE_SOURCES).
	Guard        *ingest.Guard
	AllowPrivate bool
	Clock        clockwork.Clock // default the real clock
	Interval     time.Duration   // between checks of a source; default 15m
	Tick         time.Duration   // how often due sources are claimed; default 30s
	Lease        time.Duration   // how long a claim holds; default 1m renewed (poll_lease.go), else 5m
	MaxDelay     time.Duration   // cap on back-off and server-asked delays; default 24h
	Backfill     int             // items of a new source stored as new; default 0
	MaxFailures  int             // failures in a row that pause a source; default 6
	HostGap      time.Duration   // between two requests to one host; default 2s
	Workers      int             // hosts checked at once; default 4
	Batch        int             // sources claimed per pass at most; default 200
	Owner        string          // this replica's name, recorded with claims
	// Notify tells a source's channel something (that it was paused).
	// nil, or a source without a channel, only logs.
	Notify func(ctx context.Context, src Source, text string) error
	// OnPass, when set, is called after each pass (metrics, tests).
	OnPass func(PassReport)
	Logger *slog.Logger
}

// PassReport counts what one pass did.
type PassReport struct {
	Due, Claimed, Unchanged, Updated, Failed int
	New                                      int // articles stored as new
}

// Poller checks sources. Safe for concurrent use. A panic while checking
// one source (a parser's or the store's bug met on its bytes) fails that
// source and is logged with its stack; the pass goes on (survive).
type Poller struct {
	cfg   PollerConfig
	clock clockwork.Clock
	log   *slog.Logger
	hosts *hostGate
	st    *briefing.Stemmer
	// parses counts bodies parsed, so tests can tell a skipped parse.
	parses atomic.Int64
	// large holds the one parse of a body over largeBody at a time;
	// largeNow and largeMost count them (largeMost for tests).
	large     chan struct{}
	largeNow  atomic.Int32
	largeMost atomic.Int32
	passing   sync.Mutex // held by the running pass
	outage    outage     // passes failing in a row; guarded by passing
}

// outage is a run of failed passes (the database unreachable): logged
// when it starts and when it ends, not at every tick in between.
type outage struct {
	since  time.Time
	passes int
}

// NewPoller returns a poller, or an error naming a missing setting.
func NewPoller(cfg PollerConfig) (*Poller, error) {
	if cfg.Sources == nil || cfg.Ingester == nil {
		return nil, errors.New("ingest: poller needs a source store and an ingester")
	}
	cfg = withDefaults(cfg)
	p := &Poller{cfg: cfg, clock: cfg.Clock, log: cfg.Logger.With("component", "poller"), st: briefing.NewStemmer(),
		large: make(chan struct{}, 1)}
	p.hosts = newHostGate(cfg.Clock, cfg.HostGap)
	return p, nil
}

func withDefaults(c PollerConfig) PollerConfig {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Interval, 15*time.Minute)
	def(&c.Tick, 30*time.Second)
	def(&c.Lease, defaultLease(c.Sources))
	def(&c.MaxDelay, 24*time.Hour)
	def(&c.HostGap, 2*time.Second)
	for _, n := range []struct {
		p *int
		v int
	}{{&c.MaxFailures, 6}, {&c.Workers, 4}, {&c.Batch, 200}} {
		if *n.p <= 0 {
			*n.p = n.v
		}
	}
	if c.Backfill < 0 {
		c.Backfill = 0
	}
	if c.Guard == nil {
		c.Guard = &ingest.Guard{}
	}
	if c.Clock == nil {
		c.Clock = clockwork.NewRealClock()
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Run checks due sources every Tick, starting at once, until ctx is done.
func (p *Poller) Run(ctx context.Context) error {
	s, err := gocron.NewScheduler(gocron.WithClock(p.clock), gocron.WithStopTimeout(time.Minute))
	if err != nil {
		return fmt.Errorf("ingest: poller scheduler: %w", err)
	}
	_, err = s.NewJob(gocron.DurationJob(p.cfg.Tick), gocron.NewTask(p.pass),
		gocron.WithName("poll-sources"), gocron.WithContext(ctx), gocron.WithStartAt(gocron.WithStartImmediately()))
	if err != nil {
		return fmt.Errorf("ingest: poller job: %w", err)
	}
	s.Start()
	p.log.Info("polling sources", "tick", p.cfg.Tick.String(), "interval", p.cfg.Interval.String(), "owner", p.cfg.Owner)
	<-ctx.Done()
	if err := s.Shutdown(); err != nil {
		return fmt.Errorf("ingest: stop poller: %w", err)
	}
	return nil
}

// pass is the gocron task: errors are logged, the next tick tries again.
// A tick that comes while a slow pass still runs is skipped here rather
// than by gocron's singleton mode, which frees the job only after the
// task returns: OnPass, called once the pass has let go, may be followed
// at once by the next tick.
func (p *Poller) pass(ctx context.Context) {
	if !p.passing.TryLock() {
		p.log.Debug("previous polling pass still running; tick skipped")
		return
	}
	rep, err := p.PollDue(ctx)
	p.noteOutage(ctx, err)
	p.passing.Unlock()
	// Info when a pass found something or something failed, so an
	// operator at the default level sees polls at work; idle passes
	// (every tick) stay at debug.
	level := slog.LevelDebug
	if rep.Updated > 0 || rep.Failed > 0 || rep.New > 0 {
		level = slog.LevelInfo
	}
	p.log.Log(ctx, level, "polling pass", "due", rep.Due, "claimed", rep.Claimed, "updated", rep.Updated,
		"unchanged", rep.Unchanged, "failed", rep.Failed, "new", rep.New)
	if p.cfg.OnPass != nil {
		p.cfg.OnPass(rep)
	}
}

// noteOutage logs the first failed pass of a run at error level, the
// repeats at debug, and the first pass that works after them at info.
// Called with passing held.
func (p *Poller) noteOutage(ctx context.Context, err error) {
	o := &p.outage
	switch {
	case ctx.Err() != nil:
	case err != nil && o.passes == 0:
		o.since, o.passes = p.clock.Now(), 1
		p.log.Error("polling pass failed", "err", err, "repeats", "logged at debug until a pass works")
	case err != nil:
		o.passes++
		p.log.Debug("polling pass failed", "err", err, "failed_passes", o.passes)
	case o.passes > 0:
		p.log.Info("polling works again", "failed_passes", o.passes, "failing_since", o.since)
		*o = outage{}
	}
}

// PollDue checks every source due now that this poller can claim: one
// goroutine per host (at most Workers at once), the host's sources in
// turn.
func (p *Poller) PollDue(ctx context.Context) (PassReport, error) {
	now := p.clock.Now()
	due, err := p.cfg.Sources.DueSources(ctx, now, p.cfg.Batch)
	if err != nil {
		return PassReport{}, err
	}
	byHost := map[string][]Source{}
	var order []string
	for _, s := range due {
		h := hostOf(s.URL)
		if p.holdBack(ctx, s, now) {
			continue
		}
		if _, ok := byHost[h]; !ok {
			order = append(order, h)
		}
		byHost[h] = append(byHost[h], s)
	}
	var (
		mu  sync.Mutex
		rep = PassReport{Due: len(due)}
		wg  sync.WaitGroup
		sem = make(chan struct{}, p.cfg.Workers)
	)
	for _, h := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func(srcs []Source) {
			defer func() { <-sem; wg.Done() }()
			for _, s := range srcs {
				if p.holdBack(ctx, s, now) { // an earlier source of the host got a Retry-After
					continue
				}
				r := p.claimAndCheck(ctx, s, now)
				mu.Lock()
				rep.add(r)
				mu.Unlock()
			}
		}(byHost[h])
	}
	wg.Wait()
	return rep, ctx.Err()
}

// holdBack reports whether s's host asked us to wait (Retry-After); if
// so it puts s off until then with a claim that lapses when the host
// allows, so that a rate-limited host's sources are not tried in this
// pass and do not fill later passes' batches, starving other hosts.
func (p *Poller) holdBack(ctx context.Context, s Source, now time.Time) bool {
	until := p.hosts.blockedUntil(hostOf(s.URL))
	if !until.After(p.clock.Now()) {
		return false
	}
	if _, err := p.cfg.Sources.ClaimSource(ctx, s.ID, now, until, p.cfg.Owner); err != nil && ctx.Err() == nil {
		p.log.Error("put off a source until its host allows", "source_id", s.ID, "err", err)
	}
	return true
}

func (r *PassReport) add(o PassReport) {
	r.Claimed += o.Claimed
	r.Unchanged += o.Unchanged
	r.Updated += o.Updated
	r.Failed += o.Failed
	r.New += o.New
}

func (p *Poller) claimAndCheck(ctx context.Context, s Source, now time.Time) PassReport {
	if ctx.Err() != nil {
		return PassReport{}
	}
	won, err := p.cfg.Sources.ClaimSource(ctx, s.ID, now, now.Add(p.cfg.Lease), p.cfg.Owner)
	if err != nil {
		p.log.Error("claim source", "source_id", s.ID, "err", err)
		return PassReport{}
	}
	if !won {
		return PassReport{} // another replica has it
	}
	stop := p.renewWhile(ctx, s)
	defer stop()
	return p.check(ctx, s)
}

// hostOf is the politeness key: the URL's host and port.
func hostOf(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		return u.Host
	}
	return rawURL
}
