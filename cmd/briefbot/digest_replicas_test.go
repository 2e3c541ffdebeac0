package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// Acceptance 5: several `briefbot serve` processes on one PostgreSQL
// database, a digest due, exactly one digest message reaches the
// platform (the Slack or the Discord fake, through its real adapter) -
// also when a process is killed or stopped while the digest is being
// posted.
//
// The processes' clocks are shifted (BRIEFBOT_TEST_CLOCK_OFFSET, the same
// for all) so that the digest falls due three seconds after they start,
// instead of at the next whole minute of real time.

// platform is a fake chat platform the replicas post digests to.
type platform struct {
	name, channel string
	target        string         // the fake's base URL, behind the proxy
	post          *regexp.Regexp // the path of a message post
	env           func(proxyURL string) []string
	posts         func() []string // the digest messages the platform accepted in the channel, as sent
}

func slackPlatform(t *testing.T) platform {
	fake := slackfake.New(t)
	return platform{name: "slack", channel: "C0123", target: fake.URL(), post: regexp.MustCompile(`^/api/chat\.postMessage$`),
		env: func(proxy string) []string {
			return []string{"SLACK_BOT_TOKEN=" + slackfake.BotToken, "SLACK_SIGNING_SECRET=replica-secret", "SLACK_API_URL=" + proxy + "/api/"}
		},
		posts: func() []string {
			var out []string
			for _, c := range fake.Posted() {
				if c.Form.Get("channel") == "C0123" {
					out = append(out, c.Text())
				}
			}
			return out
		}}
}

func discordPlatform(t *testing.T) platform {
	fake := discordfake.New(t)
	return platform{name: "discord", channel: "555", target: fake.URL, post: regexp.MustCompile(`^/api/v9/channels/[^/]+/messages$`),
		env: func(proxy string) []string {
			return []string{"DISCORD_BOT_TOKEN=replica-token", "DISCORD_APP_ID=200", "DISCORD_API_URL=" + proxy}
		},
		posts: func() []string {
			var out []string
			for _, c := range fake.CallsTo("POST", "/api/v9/channels/555/messages") {
				if c.Status == http.StatusOK {
					out = append(out, string(c.Body))
				}
			}
			return out
		}}
}

// holdProxy passes requests to the fake platform, holding message posts
// until released when hold is set, so a test can act while a digest is
// in flight. A held post reaches the platform even if the process that
// made it dies meanwhile (as a request already on the wire does).
type holdProxy struct {
	target  string
	post    *regexp.Regexp
	hold    bool
	arrived chan struct{}
	release chan struct{}
	once    sync.Once
	srv     *httptest.Server
}

func newHoldProxy(t *testing.T, target string, post *regexp.Regexp, hold bool) *holdProxy {
	p := &holdProxy{target: target, post: post, hold: hold, arrived: make(chan struct{}, 8), release: make(chan struct{})}
	p.srv = httptest.NewServer(p)
	t.Cleanup(func() { p.let(); p.srv.Close() })
	return p
}

func (p *holdProxy) let() { p.once.Do(func() { close(p.release) }) }

func (p *holdProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if p.hold && r.Method == http.MethodPost && p.post.MatchString(r.URL.Path) {
		p.arrived <- struct{}{}
		<-p.release
	}
	req, err := http.NewRequestWithContext(context.Background(), r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// replica is one `briefbot serve` process.
type replica struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	logs   strings.Builder
	change chan struct{}
	exited chan struct{}
	err    error
}

// startReplica starts a replica; the caller stops it.
func startReplica(t *testing.T, dir, db string, env []string) *replica {
	t.Helper()
	addr := freeAddr(t)
	r := &replica{cmd: exec.Command(binary, "serve"), change: make(chan struct{}), exited: make(chan struct{})}
	r.cmd.Dir = dir
	r.cmd.Env = append(os.Environ(), append([]string{"BRIEFBOT_DATABASE_URL=" + db, "BRIEFBOT_HTTP_ADDR=" + addr,
		"BRIEFBOT_LOG_LEVEL=info"}, env...)...)
	pipe, err := r.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go r.read(pipe)
	return r
}

// stop sends SIGTERM (once more is harmless) and waits for the exit.
func (r *replica) stop() {
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(30 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.exited
	}
}

func (r *replica) read(pipe io.Reader) {
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		r.mu.Lock()
		r.logs.WriteString(sc.Text() + "\n")
		close(r.change)
		r.change = make(chan struct{})
		r.mu.Unlock()
	}
	r.err = r.cmd.Wait()
	close(r.exited)
}

func (r *replica) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.logs.String()
}

// waitLog waits until the process has logged want.
func (r *replica) waitLog(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		r.mu.Lock()
		has, ch := strings.Contains(r.logs.String(), want), r.change
		r.mu.Unlock()
		if has {
			return
		}
		select {
		case <-ch:
		case <-r.exited:
			t.Fatalf("replica exited (%v) before logging %q:\n%s", r.err, want, r.output())
		case <-deadline:
			t.Fatalf("replica did not log %q:\n%s", want, r.output())
		}
	}
}

// replicaRun is one acceptance-5 scenario: three replicas, a digest due,
// and act (when set) doing something to them while the post is held.
type replicaRun struct {
	t        *testing.T
	dir, db  string
	env      []string
	pf       platform
	proxy    *holdProxy
	store    *storage.Store
	replicas []*replica
	ch       briefing.Channel
}

func newReplicaRun(t *testing.T, pf platform, hold bool) *replicaRun {
	run := &replicaRun{t: t, dir: t.TempDir(), db: storagetest.PostgresURL(t), pf: pf,
		ch: briefing.Channel{Platform: pf.name, ID: pf.channel}}
	run.proxy = newHoldProxy(t, pf.target, pf.post, hold)
	if r := briefbot(t, run.dir, run.db, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	if r := briefbot(t, run.dir, run.db, "ask", "--platform", pf.name, "--channel", pf.channel, "/watch gsomia"); r.code != 0 {
		t.Fatalf("watch: %s", r.stderr)
	}
	run.store = storagetest.Open(t, run.db)
	t.Cleanup(func() { // stop the replicas together (each takes a second to close its gateway)
		var wg sync.WaitGroup
		for _, r := range run.replicas {
			wg.Go(r.stop)
		}
		wg.Wait()
		for _, r := range run.replicas {
			if t.Failed() {
				t.Logf("replica %d:\n%s", r.cmd.Process.Pid, r.output())
			}
		}
	})
	return run
}

// start launches the replicas with clocks shifted so that due (a whole
// minute) comes three seconds from now, and schedules the digest from the
// CLI once they run, as an operator would.
func (run *replicaRun) start(n int) time.Time {
	t := run.t
	now := time.Now()
	due := now.Truncate(time.Minute).Add(time.Hour)
	offset := due.Sub(now.Add(3 * time.Second))
	run.env = append([]string{"BRIEFBOT_TEST_CLOCK_OFFSET=" + offset.String(), "BRIEFBOT_DIGEST_SYNC=200ms",
		"BRIEFBOT_DIGEST_SWEEP=200ms", "BRIEFBOT_DIGEST_LEASE=4s"}, run.pf.env(run.proxy.srv.URL)...)
	for range n {
		run.replicas = append(run.replicas, startReplica(t, run.dir, run.db, run.env))
	}
	for _, r := range run.replicas {
		r.waitLog(t, "briefbot serving")
	}
	if time.Now().Add(offset).After(due.Add(-time.Second)) {
		due = due.Add(time.Minute) // a slow start: take the next minute
	}
	r := run.ask("/digest daily " + due.UTC().Format("15:04") + " UTC")
	if !strings.Contains(r.stdout, "Digest scheduled") {
		t.Fatalf("schedule: %+v", r)
	}
	return due
}

func (run *replicaRun) ask(line string) result {
	cmd := exec.Command(binary, "ask", "--platform", run.pf.name, "--channel", run.pf.channel, line)
	cmd.Dir = run.dir
	cmd.Env = append(os.Environ(), append([]string{"BRIEFBOT_DATABASE_URL=" + run.db, "BRIEFBOT_LOG_LEVEL=warn"}, run.env...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		run.t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// delivery waits until the digest's ledger row reaches one of the
// statuses, polling the database other processes write.
func (run *replicaRun) delivery(period string, want ...digest.DeliveryStatus) digest.Delivery {
	t := run.t
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		d, err := run.store.FindDelivery(context.Background(), run.ch, period)
		if err == nil {
			for _, w := range want {
				if d.Status == w {
					return d
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery %s never became %v: %+v %v", period, want, d, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (run *replicaRun) checkOnePost() {
	run.t.Helper()
	posts := run.pf.posts()
	if len(posts) != 1 {
		run.t.Fatalf("%d digest messages reached %s, want exactly 1", len(posts), run.pf.name)
	}
	for _, title := range []string{titleAug, titleNov} {
		if !strings.Contains(posts[0], title) {
			run.t.Errorf("the digest lacks %q:\n%s", title, posts[0])
		}
	}
}

// sender is the replica that owns the in-flight delivery (its pid is in
// the ledger's owner, "host/pid/random").
func (run *replicaRun) sender(d digest.Delivery) (*replica, []*replica) {
	parts := strings.Split(d.Owner, "/")
	pid, _ := strconv.Atoi(parts[len(parts)-2])
	var owner *replica
	var others []*replica
	for _, r := range run.replicas {
		if r.cmd.Process.Pid == pid {
			owner = r
		} else {
			others = append(others, r)
		}
	}
	if owner == nil {
		run.t.Fatalf("no replica is the delivery's owner %q", d.Owner)
	}
	return owner, others
}

func TestReplicasPostOneDigest(t *testing.T) {
	for name, pf := range map[string]func(*testing.T) platform{"slack": slackPlatform, "discord": discordPlatform} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			run := newReplicaRun(t, pf(t), false)
			due := run.start(3)
			d := run.delivery(due.UTC().Format("2006-01-02 15:04")+" UTC", digest.DeliverySent)
			run.checkOnePost()
			if len(d.MessageIDs) != 1 {
				t.Errorf("ledger message ids = %v", d.MessageIDs)
			}
			job := "digest:" + run.ch.String()
			if owner, err := run.store.RunOwner(context.Background(), job, due.UTC().Format(time.RFC3339)); err != nil || owner == "" {
				t.Errorf("no replica claimed the job's slot through the locker: %q %v", owner, err)
			}
			sent := 0
			for _, r := range run.replicas {
				sent += strings.Count(r.output(), "digest sent")
			}
			if sent != 1 {
				t.Errorf("%d replicas logged a sent digest", sent)
			}
		})
	}
}

// TestReplicaKilledMidSend: the replica posting the digest dies (SIGKILL)
// after the platform got the message but before it recorded that. The
// others must not post it again: past the lease they settle it as
// unknown.
func TestReplicaKilledMidSend(t *testing.T) {
	t.Parallel()
	run := newReplicaRun(t, slackPlatform(t), true)
	due := run.start(3)
	<-run.proxy.arrived
	d := run.delivery(due.UTC().Format("2006-01-02 15:04")+" UTC", digest.DeliverySending)
	owner, _ := run.sender(d)
	_ = owner.cmd.Process.Kill()
	<-owner.exited
	run.proxy.let() // the request already on the wire reaches the platform
	d = run.delivery(d.Period, digest.DeliveryUnknown, digest.DeliverySent)
	if d.Status != digest.DeliveryUnknown {
		t.Fatalf("status after the sender died: %s", d.Status)
	}
	run.checkOnePost()
	if r := run.ask("/digest"); !strings.Contains(r.stdout, "stopped while sending") {
		t.Errorf("/digest does not report the unknown delivery:\n%s", r.stdout)
	}
}

// TestBystanderKilledMidSend: a replica that is not sending dies; the
// digest goes out once.
func TestBystanderKilledMidSend(t *testing.T) {
	t.Parallel()
	run := newReplicaRun(t, discordPlatform(t), true)
	due := run.start(3)
	<-run.proxy.arrived
	d := run.delivery(due.UTC().Format("2006-01-02 15:04")+" UTC", digest.DeliverySending)
	_, others := run.sender(d)
	_ = others[0].cmd.Process.Kill()
	<-others[0].exited
	run.proxy.let()
	run.delivery(d.Period, digest.DeliverySent)
	run.checkOnePost()
}

// TestReplicaStoppedMidSend: SIGTERM reaches the replica while it posts
// the digest. It finishes the post, records it, and exits 0; a replica
// started afterwards does not post it again.
func TestReplicaStoppedMidSend(t *testing.T) {
	t.Parallel()
	run := newReplicaRun(t, slackPlatform(t), true)
	due := run.start(2)
	<-run.proxy.arrived
	d := run.delivery(due.UTC().Format("2006-01-02 15:04")+" UTC", digest.DeliverySending)
	owner, _ := run.sender(d)
	_ = owner.cmd.Process.Signal(syscall.SIGTERM)
	owner.waitLog(t, "shutting down")
	run.proxy.let()
	<-owner.exited
	if owner.err != nil {
		t.Fatalf("the stopped replica exited with %v:\n%s", owner.err, owner.output())
	}
	if d := run.delivery(d.Period, digest.DeliverySent, digest.DeliveryUnknown); d.Status != digest.DeliverySent {
		t.Fatalf("status after a graceful stop: %s", d.Status)
	}
	again := startReplica(t, run.dir, run.db, run.env)
	run.replicas = append(run.replicas, again)
	again.waitLog(t, "digest scheduled")
	time.Sleep(time.Second) // five sweeps of the restarted replica: a negative can only be shown by waiting
	run.checkOnePost()
}
