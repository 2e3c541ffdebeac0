package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
)

// Acceptance (issue 8, point 4): PostgreSQL dies under load and comes
// back. Meanwhile briefbot answers every command, with an error; after,
// it works again by itself (the same process); and every watch, source
// and /digest now delivery it confirmed is stored exactly once. Before
// that, briefbot starts while PostgreSQL is down: it logs why it waits,
// and serves once the database is up.

// op is one chat command of the load and how it was answered.
type op struct {
	kind, channel, key string // key: the source URL, or the request id of /digest now
	reply              string
	ok, failed         bool // confirmed; answered with an error
	phase              string
}

// faultLoad is the load: workers sending Slack commands through the
// fake, each in a fresh channel per round.
type faultLoad struct {
	t          *testing.T
	base       string
	fake       *slackfake.Server
	feed       string
	phase      atomic.Value // "up", "down", "back"
	mu         sync.Mutex
	ops        []op
	unanswered int
}

const slackTestSecret = "pgfault-signing-secret"

func TestPostgresKilledUnderLoad(t *testing.T) {
	pg := startPrivatePG(t)
	db := pg.url()
	if r := briefbot(t, t.TempDir(), db, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	fake := slackfake.New(t)
	fake.SetUser(slackfake.User{ID: "U1", Name: "ops", Admin: true})
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Feed %s</title><item><title>Story of %s</title><guid>%s</guid>`+
			`<description>Seoul and Tokyo talked.</description></item></channel></rss>`, r.URL.Path, r.URL.Path, r.URL.Path)
	}))
	defer feeds.Close()
	pg.kill(t) // down when briefbot starts: it must say so and wait for it
	addr := freeAddr(t)
	srv := startProc(t, []string{"BRIEFBOT_DATABASE_URL=" + db, "BRIEFBOT_HTTP_ADDR=" + addr, "BRIEFBOT_LOG_LEVEL=info",
		"SLACK_BOT_TOKEN=" + slackfake.BotToken, "SLACK_SIGNING_SECRET=" + slackTestSecret, "SLACK_API_URL=" + fake.APIURL(),
		"BRIEFBOT_ALLOW_PRIVATE_SOURCES=true", "DISCORD_BOT_TOKEN=", "DISCORD_PUBLIC_KEY="}, "serve")
	srv.waitFor(t, "database not reachable yet; retrying", 1)
	pg.start(t)
	srv.waitFor(t, "briefbot serving", 1)
	l := &faultLoad{t: t, base: "http://" + addr, fake: fake, feed: feeds.URL}
	l.phase.Store("up")
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() { l.worker(ctx, w) })
	}
	health := l.probeHealth(ctx)
	time.Sleep(2 * time.Second) // load with the database up
	pg.kill(t)
	l.phase.Store("down")
	downAt := time.Now()
	l.waitFor(t, func(o op) bool { return o.phase == "down" && o.failed }, 15*time.Second, "an error reply while PostgreSQL is down")
	time.Sleep(time.Until(downAt.Add(2 * time.Second)))
	pg.start(t)
	l.phase.Store("back")
	backAt := time.Now()
	l.waitFor(t, func(o op) bool { return o.phase == "back" && o.ok && o.kind == "watch" }, 30*time.Second, "a confirmed /watch after the restart")
	t.Logf("recovered %.1fs after PostgreSQL restarted", time.Since(backAt).Seconds())
	time.Sleep(time.Second)
	stop()
	wg.Wait()
	select {
	case <-srv.exited:
		t.Fatalf("briefbot exited during the outage:\n%s", srv.output())
	default:
	}
	if n := health.unhealthy.Load(); n == 0 {
		t.Error("/healthz never reported the database down")
	}
	l.check(t, db)
}

func (l *faultLoad) worker(ctx context.Context, w int) {
	for i := 0; ctx.Err() == nil; i++ {
		ch := fmt.Sprintf("C%dx%d", w, i)
		watch := l.do(ch, "/watch", "gsomia", "watch", "", "Now watching")
		if watch.ok {
			l.do(ch, "/digest", "now", "digest", "", "South Korea")
		}
		url := fmt.Sprintf("%s/feed/%d-%d.xml", l.feed, w, i)
		l.do(ch, "/source", "add "+url, "source", url, "Added source")
		time.Sleep(20 * time.Millisecond) // errors come back at once: keep the outage's count readable
	}
}

// do sends one signed slash command and records how it was answered:
// ok when the reply holds want, failed when it is an error reply.
func (l *faultLoad) do(channel, cmd, text, kind, key, want string) op {
	form := slackfake.CommandForm(cmd, text, channel, "U1", l.fake.ResponseURL())
	if kind == "digest" {
		key = form.Get("trigger_id")
	}
	o := op{kind: kind, channel: channel, key: key, phase: l.phase.Load().(string)}
	reply, answered := l.send(form.Get("response_url"), []byte(form.Encode()))
	o.reply = reply
	o.ok = strings.Contains(reply, want)
	o.failed = !o.ok && (strings.Contains(reply, "went wrong") || strings.Contains(reply, "try again"))
	l.mu.Lock()
	defer l.mu.Unlock()
	if !answered {
		l.unanswered++
	}
	l.ops = append(l.ops, o)
	return o
}

// send posts the command and returns the reply: the acknowledgement's
// own text or, when it only says "working on it", what arrives at the
// response_url.
func (l *faultLoad) send(responseURL string, body []byte) (string, bool) {
	req, err := slackfake.NewSignedRequest(context.Background(), l.base+"/slack/commands", slackTestSecret, time.Now(),
		"application/x-www-form-urlencoded", body)
	if err != nil {
		return "", false
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return "", false
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var ack map[string]any
	if resp.StatusCode != http.StatusOK {
		return "", false
	}
	if len(b) > 0 && json.Unmarshal(b, &ack) == nil && !strings.Contains(fmt.Sprint(ack["text"]), "Working on") {
		return string(b), true
	}
	path := strings.TrimPrefix(responseURL, l.fake.URL())
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var got string
	_ = l.fake.Wait(ctx, func() bool {
		for _, r := range l.fake.Responses() {
			if r.Path == path {
				got = string(r.Raw)
				return true
			}
		}
		return false
	})
	return got, got != ""
}

func (l *faultLoad) waitFor(t *testing.T, cond func(op) bool, within time.Duration, what string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		l.mu.Lock()
		for _, o := range l.ops {
			if cond(o) {
				l.mu.Unlock()
				return
			}
		}
		l.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no %s within %v; %d commands so far", what, within, len(l.ops))
}

type healthProbe struct{ healthy, unhealthy atomic.Int64 }

// probeHealth polls /healthz until ctx ends, counting the answers.
func (l *faultLoad) probeHealth(ctx context.Context) *healthProbe {
	h := &healthProbe{}
	go func() {
		for ctx.Err() == nil {
			if resp, err := http.Get(l.base + "/healthz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					h.healthy.Add(1)
				} else {
					h.unhealthy.Add(1)
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	return h
}

// check compares what was confirmed with what the database holds: every
// confirmed record exactly once, nothing twice.
func (l *faultLoad) check(t *testing.T, dbURL string) {
	t.Helper()
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(q string, args ...any) int {
		var n int
		if err := db.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	stats := map[string][3]int{} // kind → confirmed, failed, stored though failed
	for _, o := range l.ops {
		var n int
		switch o.kind {
		case "watch":
			n = count(`SELECT count(*) FROM watches WHERE platform='slack' AND channel_id=$1 AND topic='gsomia'`, o.channel)
		case "digest":
			n = count(`SELECT count(*) FROM digest_deliveries WHERE platform='slack' AND channel_id=$1 AND period LIKE $2`,
				o.channel, "%|"+o.key)
		case "source":
			n = count(`SELECT count(*) FROM sources WHERE url=$1`, o.key)
		}
		s := stats[o.kind]
		switch {
		case o.ok && n != 1:
			t.Errorf("%s in %s was confirmed but is stored %d times", o.kind, o.channel, n)
		case n > 1:
			t.Errorf("%s in %s is stored %d times", o.kind, o.channel, n)
		case !o.ok && !o.failed:
			t.Errorf("%s in %s (%s) got neither a confirmation nor an error: %.300q", o.kind, o.channel, o.phase, o.reply)
		}
		if o.ok {
			s[0]++
		} else {
			s[1]++
			s[2] += n
		}
		stats[o.kind] = s
	}
	if l.unanswered > 0 {
		t.Errorf("%d commands got no answer at all", l.unanswered)
	}
	if d := count(`SELECT count(*) - count(DISTINCT (platform, channel_id, period)) FROM digest_deliveries`); d != 0 {
		t.Errorf("%d duplicate deliveries", d)
	}
	for k, s := range stats {
		t.Logf("%-6s confirmed %3d, refused %3d (of which stored anyway: %d)", k, s[0], s[1], s[2])
	}
}
