package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/briefing"
)

// RunClaimer records which process ran each occurrence of a job, for
// the scheduler's distributed locker (storage implements it with a claim
// row per job and slot).
type RunClaimer interface {
	// ClaimRun is true for the first owner to claim job's slot, false for
	// everyone after.
	ClaimRun(ctx context.Context, job, slot, owner string) (bool, error)
	// PruneRuns forgets claims made before cutoff.
	PruneRuns(ctx context.Context, cutoff time.Time) (int64, error)
}

// SchedulerConfig configures a Scheduler.
type SchedulerConfig struct {
	// Clock drives gocron and must be the Digester's clock too (tests
	// pass a clockwork fake). Real time when nil.
	Clock clockwork.Clock
	// Claims backs the distributed locker, so replicas sharing a
	// database build each digest once; nil runs without one (the ledger
	// still prevents double posts).
	Claims RunClaimer
	Owner  string // this process, as in the Digester's config
	// Platforms are the platforms this process delivers to; schedules of
	// other platforms are left to the processes that have them.
	Platforms []string
	// Keep, when set, narrows the channels further (the console chat
	// delivers only to its own channel).
	Keep func(briefing.Channel) bool
	// SyncEvery is how often schedules are re-read from the database, so
	// one set through another replica or `briefbot ask` is picked up;
	// default 1 minute.
	SyncEvery time.Duration
	// SweepEvery is how often retries, takeovers and missed digests are
	// looked at (Digester.Sweep); default 30 seconds.
	SweepEvery time.Duration
	// StopTimeout bounds how long Run waits at shutdown for digests being
	// sent; default 30 seconds.
	StopTimeout time.Duration
	// OnRun, when set, is told the outcome of every scheduled digest run
	// (for metrics and tests).
	OnRun func(ch briefing.Channel, status DeliveryStatus, err error)
	// OnLive, when set, is told when a look for live alerts (see
	// Digester.Live) finished, and its error.
	OnLive func(err error)
	Logger *slog.Logger
}

// Scheduler runs one gocron job per channel digest, each a CronJob in the
// channel's own time zone (CRON_TZ=<zone> m h * * days, run times from
// digestCron), plus the periodic sync and sweep.
// Invariant: digests use gocron only here (the source poller runs its
// own job in bot/sources).
type Scheduler struct {
	d     *Digester
	cfg   SchedulerConfig
	gc    gocron.Scheduler
	lock  gocron.Locker
	log   *slog.Logger
	mu    sync.Mutex
	jobs  map[string]Schedule // by job name
	specs map[string]string
	prune time.Time
	// health logs the periodic tasks' failures once a run (taskHealth).
	health taskHealth
}

// gocronLog passes gocron's logs to slog, its start-up chatter at debug
// level (the console chat shows info lines).
type gocronLog struct{ l *slog.Logger }

func (g gocronLog) Debug(msg string, args ...any) { g.l.Debug(msg, args...) }
func (g gocronLog) Info(msg string, args ...any)  { g.l.Debug(msg, args...) }
func (g gocronLog) Warn(msg string, args ...any)  { g.l.Warn(msg, args...) }
func (g gocronLog) Error(msg string, args ...any) { g.l.Error(msg, args...) }

// namespace makes job IDs deterministic: a channel's job is updated in
// place (gocron's Update is an upsert) without a lookup table.
var namespace = uuid.MustParse("0f0b4a44-8f6e-4c1b-9d0a-6b2b7f7f1d21")

// NewScheduler returns a scheduler for d's digests. Call Run.
func NewScheduler(d *Digester, cfg SchedulerConfig) (*Scheduler, error) {
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	if cfg.SyncEvery <= 0 {
		cfg.SyncEvery = time.Minute
	}
	if cfg.SweepEvery <= 0 {
		cfg.SweepEvery = 30 * time.Second
	}
	if cfg.StopTimeout <= 0 {
		cfg.StopTimeout = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	gc, err := gocron.NewScheduler(gocron.WithClock(cfg.Clock), gocron.WithStopTimeout(cfg.StopTimeout),
		gocron.WithLocation(time.UTC), // zones are per job (CRON_TZ); never the host's
		gocron.WithLogger(gocronLog{cfg.Logger.With("component", "gocron")}))
	if err != nil {
		return nil, fmt.Errorf("bot: scheduler: %w", err)
	}
	s := &Scheduler{d: d, cfg: cfg, gc: gc, log: cfg.Logger, jobs: map[string]Schedule{}, specs: map[string]string{}}
	if cfg.Claims != nil {
		s.lock = claimLocker{s}
	}
	resync := s.Sync
	d.onChange.Store(&resync)
	return s, nil
}

// Run loads the schedules, starts the jobs and blocks until ctx is done;
// then it stops, waiting up to StopTimeout for digests being sent.
func (s *Scheduler) Run(ctx context.Context) error {
	if err := s.Sync(ctx); ctx.Err() == nil { // stopping is not a failure
		s.health.note(s.log, "digest schedule sync", err)
	}
	opts := []gocron.JobOption{gocron.WithSingletonMode(gocron.LimitModeReschedule)}
	if _, err := s.gc.NewJob(gocron.DurationJob(s.cfg.SyncEvery), gocron.NewTask(s.syncTask), append(opts, gocron.WithName("digest-sync"))...); err != nil {
		return fmt.Errorf("bot: scheduler: %w", err)
	}
	// The first sweep runs at start: digests missed while no process was
	// up go out at once.
	sweepOpts := append(opts, gocron.WithName("digest-sweep"), gocron.WithStartAt(gocron.WithStartImmediately()))
	if _, err := s.gc.NewJob(gocron.DurationJob(s.cfg.SweepEvery), gocron.NewTask(s.sweepTask), sweepOpts...); err != nil {
		return fmt.Errorf("bot: scheduler: %w", err)
	}
	s.gc.Start()
	s.log.Debug("digest scheduler started", "platforms", s.cfg.Platforms, "owner", s.cfg.Owner)
	<-ctx.Done()
	if err := s.gc.Shutdown(); err != nil {
		return fmt.Errorf("bot: scheduler shutdown: %w", err)
	}
	return nil
}

// Sync makes the jobs match the schedules in the database.
func (s *Scheduler) Sync(ctx context.Context) error {
	if len(s.cfg.Platforms) == 0 {
		return nil
	}
	scheds, err := s.d.store.Schedules(ctx, s.cfg.Platforms...)
	if err != nil {
		return err
	}
	want := map[string]Schedule{}
	live := false
	for _, sc := range scheds {
		live = live || (sc.Live() && (s.cfg.Keep == nil || s.cfg.Keep(sc.Channel)))
		if !sc.Off() && !sc.Live() && (s.cfg.Keep == nil || s.cfg.Keep(sc.Channel)) { // live: see liveTask
			want[jobName(sc.Channel)] = sc
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	errs := []error{s.liveJob(live)}
	for name, sc := range want {
		errs = append(errs, s.upsert(name, sc))
	}
	for name := range s.jobs {
		if _, ok := want[name]; !ok {
			errs = append(errs, s.remove(name))
		}
	}
	return errors.Join(errs...)
}

// liveJobName names the job that looks for live alerts every LiveTick,
// on every replica (the ledger decides who posts). It exists only while
// a channel of this process has /digest live.
const liveJobName = "digest-live"

// liveJob adds or removes the live alerts job; call with s.mu held.
func (s *Scheduler) liveJob(want bool) error {
	if _, have := s.specs[liveJobName]; have == want {
		return nil
	}
	if !want {
		delete(s.specs, liveJobName)
		if err := s.gc.RemoveJob(jobID(liveJobName)); err != nil && !errors.Is(err, gocron.ErrJobNotFound) {
			return err
		}
		return nil
	}
	// Each look starts a LiveTick after the previous one finished: looks
	// never overlap, never pile up, and none is skipped for being late.
	_, err := s.gc.Update(jobID(liveJobName), gocron.DurationJob(s.d.cfg.LiveTick), gocron.NewTask(s.liveTask),
		gocron.WithName(liveJobName), gocron.WithIntervalFromCompletion())
	if err != nil {
		return fmt.Errorf("bot: live alerts job: %w", err)
	}
	s.specs[liveJobName] = "live"
	return nil
}

func jobName(ch briefing.Channel) string { return "digest:" + ch.String() }

func jobID(name string) uuid.UUID { return uuid.NewSHA1(namespace, []byte(name)) }

// cronSpec is the schedule as a cron line in the channel's zone.
func cronSpec(sc Schedule) string {
	days := "*"
	switch sc.Every {
	case EveryWeekday:
		days = "1-5"
	case EveryWeek:
		days = fmt.Sprint(int(sc.Weekday))
	}
	hours := fmt.Sprint(sc.Hour)
	if sc.Hourly() {
		hs := make([]string, 0, 24)
		for _, h := range sc.slots() {
			hs = append(hs, fmt.Sprint(h))
		}
		hours = strings.Join(hs, ",")
	}
	return fmt.Sprintf("CRON_TZ=%s %d %s * * %s", sc.Zone, sc.Minute, hours, days)
}

func (s *Scheduler) upsert(name string, sc Schedule) error {
	s.jobs[name] = sc
	spec := cronSpec(sc)
	if s.specs[name] == spec {
		return nil
	}
	// One run of a channel at a time; a fire that comes while the last run
	// is still finishing waits for it rather than being dropped (gocron's
	// reschedule mode drops it: a slow send, or a test's fake clock moved
	// on the moment a run reported, lost a whole occurrence). A late run
	// is still the slot it stands for (occurrence), and the ledger keeps
	// it exactly once.
	opts := []gocron.JobOption{gocron.WithName(name), gocron.WithTags("digest"),
		gocron.WithSingletonMode(gocron.LimitModeWait), gocron.WithCronImplementation(digestCron{sc})}
	if s.lock != nil {
		opts = append(opts, gocron.WithDistributedJobLocker(s.lock))
	}
	if _, err := s.gc.Update(jobID(name), gocron.CronJob(spec, false), gocron.NewTask(s.runDigest, sc.Channel), opts...); err != nil {
		delete(s.jobs, name)
		return fmt.Errorf("bot: schedule %s (%s): %w", name, spec, err)
	}
	s.specs[name] = spec
	s.log.Info("digest scheduled", "channel", sc.Channel.String(), "schedule", sc.String())
	return nil
}

func (s *Scheduler) remove(name string) error {
	delete(s.jobs, name)
	delete(s.specs, name)
	if err := s.gc.RemoveJob(jobID(name)); err != nil && !errors.Is(err, gocron.ErrJobNotFound) {
		return err
	}
	s.log.Info("digest unscheduled", "job", name)
	return nil
}

// digestCron computes a digest job's run times from its schedule, in
// the channel's zone: gocron's cron (robfig) skips a time that falls in
// a daylight-saving gap, and gocron's run-after-transition policy checks
// gaps in the scheduler's zone rather than the job's CRON_TZ. With this,
// a 02:30 digest runs at 03:00 on the night clocks jump from 02:00 to
// 03:00, and once on the night 02:30 happens twice.
type digestCron struct{ s Schedule }

func (c digestCron) IsValid(crontab string, loc *time.Location, now time.Time) error {
	if crontab != cronSpec(c.s) {
		return fmt.Errorf("bot: cron line %q does not match the schedule %s", crontab, c.s)
	}
	if err := c.s.Validate(); err != nil {
		return err
	}
	return gocron.NewDefaultCron(false).IsValid(crontab, loc, now)
}

func (c digestCron) Next(lastRun time.Time) time.Time { return c.s.Next(lastRun) }

// occurrence is the scheduled time a run at now stands for. gocron
// fires at (or a hair after) it; the tolerance covers a replica whose
// timer fires a little early by its own clock.
func occurrence(sc Schedule, now time.Time) time.Time {
	return sc.Prev(now.Add(30 * time.Second))
}

// runDigest is the job of one channel. It re-reads the schedule, so a
// digest turned off or resized through another replica since the last
// sync is honoured.
func (s *Scheduler) runDigest(ctx context.Context, ch briefing.Channel) {
	sc, err := s.d.store.Schedule(ctx, ch)
	var status DeliveryStatus
	if err == nil && sc.Off() {
		return // turned off elsewhere; the next sync removes the job
	}
	if err == nil {
		status, err = s.d.RunOccurrence(ctx, sc, occurrence(sc, s.cfg.Clock.Now()))
	} else if errors.Is(err, briefing.ErrNotFound) {
		err = nil // turned off elsewhere; the next sync removes the job
	}
	if err != nil {
		s.log.Error("digest run failed", "channel", ch.String(), "err", err)
	}
	if s.cfg.OnRun != nil {
		s.cfg.OnRun(ch, status, err)
	}
}

func (s *Scheduler) liveTask(ctx context.Context) {
	err := s.d.Live(ctx, s.cfg.Platforms, s.cfg.Keep)
	if ctx.Err() == nil {
		s.health.note(s.log, "live alerts", err)
	}
	if s.cfg.OnLive != nil {
		s.cfg.OnLive(err)
	}
}

func (s *Scheduler) syncTask(ctx context.Context) {
	if err := s.Sync(ctx); ctx.Err() == nil {
		s.health.note(s.log, "digest schedule sync", err)
	}
}

// sweepTask runs the Digester's sweep, and once a day prunes old lock
// claims.
func (s *Scheduler) sweepTask(ctx context.Context) {
	if err := s.d.Sweep(ctx, s.cfg.Platforms, s.cfg.Keep); ctx.Err() == nil {
		s.health.note(s.log, "digest sweep", err)
	}
	now := s.cfg.Clock.Now()
	if s.cfg.Claims != nil && now.Sub(s.prune) >= 24*time.Hour {
		s.prune = now
		if _, err := s.cfg.Claims.PruneRuns(ctx, now.Add(-14*24*time.Hour)); err != nil && ctx.Err() == nil {
			s.log.Warn("pruning digest lock claims failed", "err", err)
		}
	}
}

// JobNames lists the digest jobs scheduled now, sorted (for status pages
// and tests).
func (s *Scheduler) JobNames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for name := range s.jobs {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// NextRun is when the channel's digest job fires next (zero when it has
// none).
func (s *Scheduler) NextRun(ch briefing.Channel) time.Time {
	for _, j := range s.gc.Jobs() {
		if j.Name() == jobName(ch) {
			t, _ := j.NextRun()
			return t
		}
	}
	return time.Time{}
}
