package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/adapters/console"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
)

// shiftedClock is real time moved by a fixed offset (see config.Digests.ClockShift).
type shiftedClock struct {
	clockwork.Clock
	by time.Duration
}

func (c shiftedClock) Now() time.Time                  { return c.Clock.Now().Add(c.by) }
func (c shiftedClock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }
func (c shiftedClock) Until(t time.Time) time.Duration { return t.Sub(c.Now()) }

// wireDigests creates the Digester that /digest and the scheduler share,
// going by app.Clock (real time, shifted in multi-process tests, when
// nil), and registers /digest. It delivers through app.Adapters, which
// serve's plugins fill later.
func wireDigests(env *cli.Env, app *App) error {
	s, err := config.LoadDigests(env.Config.Getenv)
	if err != nil {
		return err
	}
	if app.Clock == nil {
		app.Clock = clockwork.NewRealClock()
		if s.ClockShift != 0 {
			app.Clock = shiftedClock{app.Clock, s.ClockShift}
		}
	}
	zone := "UTC"
	if env.Config.Timezone != nil {
		zone = env.Config.Timezone.String()
	}
	app.Digests = digest.NewDigester(app.Engine, app.Store, app.Adapters, digest.DigesterConfig{Owner: processOwner(),
		Now: app.Clock.Now, DefaultZone: zone, MaxItems: s.Limit, Lease: s.Lease, Attempts: s.Attempts, Scopes: app.Store,
		CatchUp: s.CatchUp, Logger: env.Log.With("component", "digest"), Overview: app.Overview,
		Judgments: app.Store, LiveWindow: s.LiveWindow})
	digest.Register(app.Router, app.Digests)
	return nil
}

// processOwner names this process in the delivery ledger and lock
// claims: host, pid and a random suffix (pids repeat across restarts).
func processOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// schedulerPlugin runs scheduled digests in serve for every chat
// platform whose adapter this process has (it is the last plugin, so
// app.Adapters is complete).
func schedulerPlugin(ctx context.Context, env *cli.Env, app *App) ([]route, []service, error) {
	var platforms []string
	for p := range app.Adapters {
		platforms = append(platforms, p)
	}
	slices.Sort(platforms)
	if len(platforms) == 0 {
		env.Log.Info("no chat adapter configured: this process sends no scheduled digests")
		return nil, nil, nil
	}
	sched, err := newScheduler(env, app, platforms, nil)
	if err != nil {
		return nil, nil, err
	}
	return nil, []service{{name: "digest scheduler", run: sched.Run}}, nil
}

func newScheduler(env *cli.Env, app *App, platforms []string, keep func(briefing.Channel) bool) (*digest.Scheduler, error) {
	s, err := config.LoadDigests(env.Config.Getenv)
	if err != nil {
		return nil, err
	}
	return digest.NewScheduler(app.Digests, digest.SchedulerConfig{Clock: app.Clock, Claims: app.Store, Owner: app.Digests.Owner(),
		Platforms: platforms, Keep: keep, SyncEvery: s.Sync, SweepEvery: s.Sweep, Logger: env.Log.With("component", "scheduler")})
}

// startChatScheduler shows the chat channel's digests in the console
// when they fall due; the returned stop waits for it to finish.
func startChatScheduler(ctx context.Context, env *cli.Env, app *App, channel string) (stop func(), err error) {
	sched, err := newScheduler(env, app, []string{console.Platform}, func(ch briefing.Channel) bool { return ch.ID == channel })
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := sched.Run(ctx); err != nil {
			env.Log.Error("console digests stopped", "err", err)
		}
	}()
	return func() { cancel(); wg.Wait() }, nil
}
