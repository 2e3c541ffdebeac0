package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/slack-go/slack"
)

// sender posts messages for one workspace (one bot token). Each channel
// is a lane: posts to it are serialised, in order, at least pace apart.
// A 429 makes the lane wait Retry-After and post the same message again;
// nothing is dropped and nothing is sent twice, because Slack did not
// accept a rate-limited message. Other errors are returned, not retried:
// after a timeout or a 5xx the message may already be in the channel.
// Lanes live as long as the process: one small struct per channel posted
// to.
type sender struct {
	api   *slack.Client
	clock clockwork.Clock
	pace  time.Duration
	log   *slog.Logger

	mu    sync.Mutex
	lanes map[string]*lane
}

type lane struct {
	turn chan struct{} // holds a token while a post runs
	next time.Time     // earliest time of the next post; guarded by turn
}

// target is where a message goes: a channel, or a thread in it.
type target struct {
	channel  string
	threadTS string
}

func newSender(api *slack.Client, clock clockwork.Clock, pace time.Duration, log *slog.Logger) *sender {
	return &sender{api: api, clock: clock, pace: pace, log: log, lanes: map[string]*lane{}}
}

func (s *sender) lane(channel string) *lane {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.lanes[channel]
	if !ok {
		l = &lane{turn: make(chan struct{}, 1)}
		s.lanes[channel] = l
	}
	return l
}

// post sends msgs to the target in order and returns their timestamps.
// On error the timestamps say how far it got.
func (s *sender) post(ctx context.Context, to target, msgs []message) ([]string, error) {
	l := s.lane(to.channel)
	select {
	case l.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-l.turn }()
	ids := make([]string, 0, len(msgs))
	for _, m := range msgs {
		ts, err := s.postOne(ctx, l, to, m)
		if err != nil {
			return ids, err
		}
		ids = append(ids, ts)
	}
	return ids, nil
}

func (s *sender) postOne(ctx context.Context, l *lane, to target, m message) (string, error) {
	if err := validate(m); err != nil {
		return "", fmt.Errorf("slack: message for %s fails validation: %w", to.channel, err)
	}
	opts := append(messageOptions(m), slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
	if to.threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(to.threadTS))
	}
	for attempt := 1; ; attempt++ {
		if err := sleepUntil(ctx, s.clock, l.next); err != nil {
			return "", err
		}
		_, ts, err := s.api.PostMessageContext(ctx, to.channel, opts...)
		l.next = s.clock.Now().Add(s.pace)
		wait, limited := retryAfter(err, attempt)
		if !limited {
			if err != nil {
				return "", fmt.Errorf("slack: post to %s: %w", to.channel, err)
			}
			return ts, nil
		}
		l.next = s.clock.Now().Add(max(wait, s.pace))
		s.log.Warn("slack rate limit; will retry the same message", "channel", to.channel, "retry_after", wait.String(), "attempt", attempt)
	}
}

func messageOptions(m message) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.text, false)}
	if len(m.blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.blocks...))
	}
	return opts
}

// retryAfter reports whether err is a rate limit, and how long to wait.
// A 429 without Retry-After backs off exponentially from one second.
func retryAfter(err error, attempt int) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return rl.RetryAfter, true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusTooManyRequests {
		return min(time.Second<<min(attempt-1, 6), time.Minute), true
	}
	return 0, false
}

// sleepUntil waits for the clock to reach t, or ctx to end.
func sleepUntil(ctx context.Context, clock clockwork.Clock, t time.Time) error {
	d := t.Sub(clock.Now())
	if d <= 0 {
		return ctx.Err()
	}
	timer := clock.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.Chan():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
