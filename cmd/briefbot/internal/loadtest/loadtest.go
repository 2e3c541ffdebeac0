package loadtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// loadOptions are the loadtest flags.
type loadOptions struct {
	duration    time.Duration
	concurrency int
	maxRequests int
	json        bool
}

func Run(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "loadtest", "[--duration 10s] [--concurrency 16] [--max-requests N] [--json]",
		"Start `briefbot serve` on 127.0.0.1 with a temporary database of the sample news, drive it with\n"+
			"concurrent /api/v1/brief requests, signed Slack slash commands and signed Discord interactions,\n"+
			"and report throughput, latency percentiles, errors and the server's memory before and after.\n"+
			"Exits 1 when any request failed.")
	var o loadOptions
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long to send requests (at most 10m)")
	fs.IntVar(&o.concurrency, "concurrency", 16, "requests in flight at once (1 to 512)")
	fs.IntVar(&o.maxRequests, "max-requests", 1_000_000, "stop after this many requests (at most 5 000 000)")
	fs.BoolVar(&o.json, "json", false, "print the report as JSON")
	if _, err := cli.Parse(env, fs, args); err != nil {
		return err
	}
	switch {
	case o.duration <= 0 || o.duration > 10*time.Minute:
		return cli.UsageErr(env, fs, "--duration must be more than 0 and at most 10m")
	case o.concurrency < 1 || o.concurrency > 512:
		return cli.UsageErr(env, fs, "--concurrency must be from 1 to 512")
	case o.maxRequests < 1 || o.maxRequests > 5_000_000:
		return cli.UsageErr(env, fs, "--max-requests must be from 1 to 5000000")
	}
	rep, err := loadtest(ctx, env, o)
	if err != nil {
		return err
	}
	if o.json {
		enc := json.NewEncoder(env.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		rep.print(env.Out)
	}
	if rep.Total.Errors > 0 {
		return cli.ExitError{Code: 1}
	}
	return nil
}

// loadTarget is the server under test and what it takes to talk to it.
type loadTarget struct {
	base          string // http://127.0.0.1:PORT
	sink          string // the stand-in for Slack's and Discord's APIs
	apiToken      string
	signingSecret string
	discord       *discordfake.Signer // signs Discord interactions
	pid           int
}

// loadtest seeds a database, starts the server, drives it and stops it.
func loadtest(ctx context.Context, env *cli.Env, o loadOptions) (Report, error) {
	dir, err := os.MkdirTemp("", "briefbot-loadtest-")
	if err != nil {
		return Report{}, err
	}
	defer os.RemoveAll(dir)
	sink := newSlackSink()
	defer sink.Close()
	tgt, childEnv, err := newLoadTarget(dir, sink.URL)
	if err != nil {
		return Report{}, err
	}
	if out, err := childCommand(ctx, dir, childEnv, "demo").CombinedOutput(); err != nil {
		return Report{}, fmt.Errorf("seed the database with the sample news: %w\n%s", err, out)
	}
	stop, err := startLoadServer(ctx, env, dir, childEnv, tgt)
	if err != nil {
		return Report{}, err
	}
	rep, err := drive(ctx, tgt, o)
	if err == nil {
		rep.checkDeferred(sink)
	}
	if serr := stop(); err == nil && serr != nil {
		err = serr
	}
	return rep, err
}

// newLoadTarget generates the run's credentials and the child processes'
// environment: the parent's, minus every briefbot, Slack and Discord key.
func newLoadTarget(dir, sinkURL string) (*loadTarget, []string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	tgt := &loadTarget{base: "http://" + addr, sink: sinkURL, apiToken: randomHex(16), signingSecret: randomHex(16),
		discord: discordfake.NewSigner()}
	var childEnv []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "BRIEFBOT_") && !strings.HasPrefix(k, "SLACK_") &&
			!strings.HasPrefix(k, "DISCORD_") {
			childEnv = append(childEnv, kv)
		}
	}
	childEnv = append(childEnv, "BRIEFBOT_DATABASE_URL="+filepath.Join(dir, "loadtest.db"), "BRIEFBOT_HTTP_ADDR="+addr,
		"BRIEFBOT_LOG_LEVEL=error", "BRIEFBOT_API_TOKEN="+tgt.apiToken,
		"SLACK_BOT_TOKEN=xoxb-loadtest", "SLACK_SIGNING_SECRET="+tgt.signingSecret, "SLACK_API_URL="+sinkURL+"/api/",
		"DISCORD_PUBLIC_KEY="+tgt.discord.PublicKey(), "DISCORD_APP_ID=1", "DISCORD_API_URL="+sinkURL)
	return tgt, childEnv, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// childCommand runs this binary in dir with env; cancelling ctx sends
// SIGTERM, then SIGKILL 20 s later.
func childCommand(ctx context.Context, dir string, env []string, args ...string) *exec.Cmd {
	self, err := os.Executable()
	if err != nil {
		self = os.Args[0]
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 20 * time.Second
	return cmd
}

// startLoadServer starts the server and waits until /healthz answers; stop
// sends SIGTERM and waits for a clean exit.
func startLoadServer(ctx context.Context, env *cli.Env, dir string, childEnv []string, tgt *loadTarget) (stop func() error, err error) {
	cmd := childCommand(ctx, dir, childEnv, "serve")
	cmd.Stderr = env.Err // warnings and errors of the server under test
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start briefbot serve: %w", err)
	}
	tgt.pid = cmd.Process.Pid
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop = func() error {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if err := <-exited; err != nil {
			return fmt.Errorf("briefbot serve did not stop cleanly: %w", err)
		}
		return nil
	}
	probe := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return nil, fmt.Errorf("briefbot serve exited at start: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		if resp, err := probe.Get(tgt.base + "/healthz"); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return stop, nil
			}
		}
	}
	_ = stop()
	return nil, errors.New("briefbot serve did not become healthy within 30s")
}
