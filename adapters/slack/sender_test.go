package slack

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

var digestChannel = briefing.Channel{Platform: "slack", ID: "C0DIGEST"}

// Acceptance 5: a 429 with Retry-After: 1 delays the message, which then
// arrives exactly once. Real clock, real one-second wait.
func TestRateLimitedPostIsDelayedAndDeliveredOnce(t *testing.T) {
	w := newWorld(t, nil)
	w.fake.RateLimitNext("chat.postMessage", 1)
	ids, err := w.a.Send(context.Background(), digestChannel, bot.Reply{Title: "Digest", Text: "One story today."})
	if err != nil {
		t.Fatal(err)
	}
	calls := w.fake.Calls("chat.postMessage")
	if len(calls) != 2 || calls[0].Status != http.StatusTooManyRequests || !calls[1].OK() {
		t.Fatalf("want a 429 then one accepted post, got %+v", calls)
	}
	if calls[1].Seq < calls[0].Seq || !calls[1].At.After(calls[0].At.Add(time.Second-time.Millisecond)) {
		t.Errorf("the retry came before Retry-After elapsed: 429 at %v, post at %v", calls[0].At, calls[1].At)
	}
	if calls[0].Form.Get("text") != calls[1].Form.Get("text") || calls[0].Form.Get("blocks") != calls[1].Form.Get("blocks") {
		t.Error("the retry is not the same message")
	}
	if posted := w.fake.Posted(); len(posted) != 1 || len(ids) != 1 || ids[0] != posted[0].TS {
		t.Fatalf("delivered %d times, ids %v", len(posted), ids)
	}
}

// The wait after a 429 is on the injected clock: nothing is posted until
// Retry-After has passed on it, then the same message exactly once.
func TestRateLimitWaitFollowsTheClock(t *testing.T) {
	clk := clockwork.NewFakeClock()
	w := newWorld(t, func(c *Config) { c.Clock = clk })
	w.fake.RateLimitNext("chat.postMessage", 30)
	w.fake.RateLimitNext("chat.postMessage", 5)
	done := make(chan error, 1)
	go func() {
		_, err := w.a.Send(context.Background(), digestChannel, bot.Reply{Text: "hello"})
		done <- err
	}()
	for _, wait := range []time.Duration{30 * time.Second, 5 * time.Second} {
		blockUntilTimer(t, clk)
		if n := len(w.fake.Calls("")); n > 2 || len(w.fake.Posted()) > 0 {
			t.Fatalf("posted while waiting out a rate limit: %+v", w.fake.Calls(""))
		}
		clk.Advance(wait)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if calls := w.fake.Calls(""); len(calls) != 3 || len(w.fake.Posted()) != 1 || !calls[2].OK() {
		t.Fatalf("calls %+v", calls)
	}
}

func blockUntilTimer(t *testing.T, clk *clockwork.FakeClock) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := clk.BlockUntilContext(ctx, 1); err != nil {
		t.Fatalf("sender never waited on the clock: %v", err)
	}
}

// A channel's posts are paced; another channel is not held up by it.
func TestPacingIsPerChannel(t *testing.T) {
	clk := clockwork.NewFakeClock()
	w := newWorld(t, func(c *Config) { c.Clock = clk; c.Pace = time.Second })
	ctx := context.Background()
	if _, err := w.a.Send(ctx, digestChannel, bot.Reply{Text: "first"}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := w.a.Send(ctx, digestChannel, bot.Reply{Text: "second"}); done <- err }()
	blockUntilTimer(t, clk) // the second post waits for the pace
	if _, err := w.a.Send(ctx, briefing.Channel{Platform: "slack", ID: "C0OTHER"}, bot.Reply{Text: "elsewhere"}); err != nil {
		t.Fatal(err)
	}
	if got := postedTexts(w.fake); got != "first|elsewhere" {
		t.Fatalf("posted %q while C0DIGEST was pacing", got)
	}
	clk.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := postedTexts(w.fake); got != "first|elsewhere|second" {
		t.Fatalf("posted %q", got)
	}
}

func postedTexts(f *slackfake.Server) string {
	var out []string
	for _, c := range f.Posted() {
		out = append(out, c.Form.Get("text"))
	}
	return strings.Join(out, "|")
}

// Concurrent digests to one channel do not interleave: each one's
// messages arrive together and in order, even across a 429.
func TestConcurrentSendsToOneChannelDoNotInterleave(t *testing.T) {
	w := newWorld(t, nil)
	w.fake.RateLimitNext("chat.postMessage", 0) // Retry-After: 0 still means "retry"
	var wg sync.WaitGroup
	for d := range 3 {
		wg.Go(func() {
			r := bot.Reply{Title: fmt.Sprintf("digest %d", d), Text: strings.Repeat("x ", 13000)} // 3 messages
			if ids, err := w.a.Send(context.Background(), digestChannel, r); err != nil || len(ids) != 3 {
				t.Errorf("digest %d: %v ids, %v", d, ids, err)
			}
		})
	}
	wg.Wait()
	posted := w.fake.Posted()
	if len(posted) != 9 {
		t.Fatalf("%d posts, want 9", len(posted))
	}
	for i := 0; i < 9; i += 3 {
		title := strings.SplitN(posted[i].Form.Get("text"), " (", 2)[0]
		for j := range 3 {
			if got := posted[i+j].Form.Get("text"); !strings.HasPrefix(got, fmt.Sprintf("%s (%d of 3)", title, j+1)) {
				t.Fatalf("post %d is %q; want part %d of %s", i+j, got[:min(len(got), 30)], j+1, title)
			}
		}
	}
}

// Errors that may hide a delivered message are returned, never retried.
func TestNonRateLimitErrorsAreNotRetried(t *testing.T) {
	w := newWorld(t, func(c *Config) { c.BotToken = "xoxb-revoked" })
	ids, err := w.a.Send(context.Background(), digestChannel, bot.Reply{Text: "hi"})
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") || len(ids) != 0 {
		t.Fatalf("ids %v, err %v", ids, err)
	}
	if n := len(w.fake.Calls("")); n != 1 {
		t.Fatalf("%d calls, want 1", n)
	}
	if _, err := w.a.Send(context.Background(), briefing.Channel{Platform: "discord", ID: "1"}, bot.Reply{Text: "hi"}); err == nil {
		t.Fatal("sent to a Discord channel")
	}
}

func TestSendStopsWaitingWhenCancelled(t *testing.T) {
	clk := clockwork.NewFakeClock()
	w := newWorld(t, func(c *Config) { c.Clock = clk })
	w.fake.RateLimitNext("chat.postMessage", 60)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := w.a.Send(ctx, digestChannel, bot.Reply{Text: "hi"}); done <- err }()
	blockUntilTimer(t, clk)
	cancel()
	if err := <-done; err == nil {
		t.Fatal("Send returned no error though the message was not delivered")
	}
	if len(w.fake.Posted()) != 0 {
		t.Fatal("posted after cancellation")
	}
}
