package main

import (
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// Acceptance (issue 8, point 5): SIGTERM reaches `briefbot serve` while
// it posts the digests of several Slack and Discord channels, all due at
// once; the platforms are slow (the first post is held until after the
// signal). The process exits cleanly; started again later, it sends what
// it had not; every channel ends with exactly one copy of its digest.
// (digest_replicas_test.go covers one channel across replicas.)

var (
	slackChannels   = []string{"C0001", "C0002", "C0003"}
	discordChannels = []string{"501", "502"}
)

func TestSIGTERMDuringDigestsThenRestart(t *testing.T) {
	dir, db := t.TempDir(), storagetest.SQLiteURL(t)
	sl, dc := slackfake.New(t), discordfake.New(t)
	slProxy := newHoldProxy(t, sl.URL(), regexp.MustCompile(`^/api/chat\.postMessage$`), true)
	dcProxy := newHoldProxy(t, dc.URL, regexp.MustCompile(`^/api/v9/channels/[^/]+/messages$`), true)
	if r := briefbot(t, dir, db, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	now := time.Now()
	due := now.Truncate(time.Minute).Add(time.Hour)
	offset := due.Sub(now.Add(4 * time.Second)) // due four seconds from now, in every process's clock
	env := []string{"BRIEFBOT_TEST_CLOCK_OFFSET=" + offset.String(), "BRIEFBOT_DIGEST_SYNC=200ms", "BRIEFBOT_DIGEST_SWEEP=200ms",
		"BRIEFBOT_DIGEST_LEASE=4s", "SLACK_BOT_TOKEN=" + slackfake.BotToken, "SLACK_SIGNING_SECRET=shutdown-secret",
		"SLACK_API_URL=" + slProxy.srv.URL + "/api/", "DISCORD_BOT_TOKEN=shutdown-token", "DISCORD_APP_ID=200",
		"DISCORD_API_URL=" + dcProxy.srv.URL}
	at := due.UTC().Format("15:04")
	for _, ch := range channels() {
		for _, line := range []string{"/watch gsomia", "/digest daily " + at + " UTC"} {
			if r := briefbotWith(t, dir, db, env, "ask", "--platform", ch.Platform, "--channel", ch.ID, line); r.code != 0 {
				t.Fatalf("%s in %s: %s", line, ch, r.stderr)
			}
		}
	}
	first := startReplica(t, dir, db, env)
	t.Cleanup(first.stop)
	first.waitLog(t, "briefbot serving")
	select { // a digest post is on the wire, held by the slow platform
	case <-slProxy.arrived:
	case <-dcProxy.arrived:
	case <-time.After(30 * time.Second):
		t.Fatalf("no digest post began:\n%s", first.output())
	}
	_ = first.cmd.Process.Signal(syscall.SIGTERM)
	first.waitLog(t, "shutting down")
	slProxy.let()
	dcProxy.let()
	<-first.exited
	if first.err != nil {
		t.Fatalf("the stopped process exited with %v:\n%s", first.err, first.output())
	}
	sentBefore := postsPer(sl, dc)
	// Started again a minute later, past the scheduled jobs' grace: the
	// sweep catches up whatever was not sent.
	later := append(append([]string{}, env...), "BRIEFBOT_TEST_CLOCK_OFFSET="+(offset+70*time.Second).String())
	second := startReplica(t, dir, db, later)
	t.Cleanup(second.stop)
	waitAllPosted(t, sl, dc, second)
	time.Sleep(time.Second) // five more sweeps: a second copy can only be ruled out by waiting
	checkOneEach(t, sl, dc, db, due)
	t.Logf("posted before SIGTERM's exit: %v; total after restart: %v", sentBefore, postsPer(sl, dc))
}

func channels() []briefing.Channel {
	var out []briefing.Channel
	for _, id := range slackChannels {
		out = append(out, briefing.Channel{Platform: "slack", ID: id})
	}
	for _, id := range discordChannels {
		out = append(out, briefing.Channel{Platform: "discord", ID: id})
	}
	return out
}

// postsPer counts the digest messages each channel received.
func postsPer(sl *slackfake.Server, dc *discordfake.Server) map[string]int {
	n := map[string]int{}
	for _, c := range sl.Posted() {
		if c.OK() && strings.Contains(c.Text(), titleAug) {
			n["slack:"+c.Form.Get("channel")]++
		}
	}
	for _, id := range discordChannels {
		for _, c := range dc.CallsTo("POST", "/api/v9/channels/"+id+"/messages") {
			if c.Status == http.StatusOK && strings.Contains(string(c.Body), titleAug) {
				n["discord:"+id]++
			}
		}
	}
	return n
}

func waitAllPosted(t *testing.T, sl *slackfake.Server, dc *discordfake.Server, r *replica) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := postsPer(sl, dc)
		missing := 0
		for _, ch := range channels() {
			if got[ch.String()] == 0 {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d channels never got their digest (%v):\n%s", missing, got, r.output())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func checkOneEach(t *testing.T, sl *slackfake.Server, dc *discordfake.Server, db string, due time.Time) {
	t.Helper()
	got := postsPer(sl, dc)
	store := storagetest.Open(t, db)
	for _, ch := range channels() {
		if got[ch.String()] != 1 {
			t.Errorf("%s received %d copies of the digest, want 1", ch, got[ch.String()])
		}
		d, err := store.FindDelivery(t.Context(), ch, due.UTC().Format("2006-01-02 15:04")+" UTC")
		if err != nil || d.Status != digest.DeliverySent {
			t.Errorf("%s: ledger %+v %v, want sent", ch, d, err)
		}
	}
	if len(got) != len(channels()) {
		t.Errorf("posts went to other channels: %v", got)
	}
}
