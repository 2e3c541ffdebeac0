package overview

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// Model is a chat-completions model (adapters/llm implements it).
type Model interface {
	// Complete returns the model's answer to p. On HTTP 429 the error
	// wraps a *RateLimitError; when ctx ends first, ctx's error.
	Complete(ctx context.Context, p Prompt) (Answer, error)
}

// Answer is a model's reply and the tokens the server says it used (0
// when it did not say).
type Answer struct {
	Text             string
	PromptTokens     int64
	CompletionTokens int64
}

// RateLimitError is a server's "too many requests". RetryAfter is how
// long it asked callers to wait (0: it did not say).
type RateLimitError struct {
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("model rate limited (retry after %s)", e.RetryAfter)
}

// Budget is the daily token budget shared by every replica (storage
// implements it).
type Budget interface {
	// ReserveTokens adds n to day's spend if the total stays within
	// limit, atomically across processes. ok is false, and nothing is
	// added, when it would not.
	ReserveTokens(ctx context.Context, day string, n, limit int64) (ok bool, err error)
	// AdjustTokens adds delta (negative to give tokens back) to day's
	// spend.
	AdjustTokens(ctx context.Context, day string, delta int64) error
}

// Outcomes of a Writer's Overview call, for metrics (a fixed set).
const (
	OutcomeOK          = "ok"           // an overview was shown
	OutcomeOmitted     = "omitted"      // the model answered; too few sentences survived
	OutcomeCached      = "cached"       // answered from the cache, no call
	OutcomeBudget      = "budget"       // no call: today's budget is spent
	OutcomeBackoff     = "backoff"      // no call: still inside a server's Retry-After
	OutcomeRateLimited = "rate_limited" // the server answered 429
	OutcomeTimeout     = "timeout"      // no answer within Config.Timeout
	OutcomeError       = "error"        // any other failure
)

// Call is what one Overview call did, for metrics.
type Call struct {
	Outcome          string
	PromptTokens     int64
	CompletionTokens int64
	Dropped          map[string]int // sentences dropped, by reason
}

// Config configures a Writer.
type Config struct {
	Model     Model
	ModelName string // part of the cache key
	Budget    Budget
	// DailyTokens is the budget per UTC day across replicas.
	DailyTokens int64
	// Timeout bounds one model call (default 20 s).
	Timeout time.Duration
	// CacheSize and CacheTTL bound the cache of results per story set
	// (defaults 256 and 1 h).
	CacheSize int
	CacheTTL  time.Duration
	Now       func() time.Time
	Logger    *slog.Logger
	// Observe, when set, is told about every call.
	Observe func(Call)
}

// Writer writes checked overviews; it implements bot.Overviewer. Safe for
// concurrent use.
type Writer struct {
	cfg      Config
	cache    *cache
	mu       sync.Mutex
	quiet    time.Time                // no calls before this (a server's Retry-After)
	inflight map[string]chan struct{} // story sets being written; closed when done
}

var _ bot.Overviewer = (*Writer)(nil)

// New returns a Writer; Model and Budget are required.
func New(cfg Config) (*Writer, error) {
	if cfg.Model == nil || cfg.Budget == nil {
		return nil, errors.New("overview: a model and a budget are required")
	}
	if cfg.DailyTokens <= 0 {
		return nil, errors.New("overview: the daily token budget must be positive")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 20 * time.Second
	}
	if cfg.CacheSize <= 0 {
		cfg.CacheSize = 256
	}
	if cfg.CacheTTL <= 0 {
		cfg.CacheTTL = time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Observe == nil {
		cfg.Observe = func(Call) {}
	}
	return &Writer{cfg: cfg, cache: newCache(cfg.CacheSize, cfg.CacheTTL), inflight: map[string]chan struct{}{}}, nil
}

// Overview writes, checks and returns an overview of items, or nil.
func (w *Writer) Overview(ctx context.Context, topic string, items []briefing.Item) *bot.Overview {
	stories := Stories(items)
	key := w.key(stories)
	if o, ok := w.cache.get(key, w.cfg.Now()); ok {
		w.cfg.Observe(Call{Outcome: OutcomeCached})
		return o
	}
	// The same stories asked for at once in this process (a channel's
	// users, or channels watching one topic) are written once: later
	// callers wait for the first, then read the cache.
	done, first := w.join(key)
	if !first {
		select {
		case <-done:
			if o, ok := w.cache.get(key, w.cfg.Now()); ok {
				w.cfg.Observe(Call{Outcome: OutcomeCached})
				return o
			}
			return nil // the first failed: so would this, most likely
		case <-ctx.Done():
			return nil
		}
	}
	defer w.leave(key, done)
	call := w.call(ctx, topic, stories)
	w.cfg.Observe(call.Call)
	if call.Outcome == OutcomeOK || call.Outcome == OutcomeOmitted {
		w.cache.put(key, call.overview, w.cfg.Now())
	}
	return call.overview
}

// join registers a write of key; first is false when one is under way,
// and done is closed when it ends.
func (w *Writer) join(key string) (done chan struct{}, first bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if ch, ok := w.inflight[key]; ok {
		return ch, false
	}
	ch := make(chan struct{})
	w.inflight[key] = ch
	return ch, true
}

func (w *Writer) leave(key string, done chan struct{}) {
	w.mu.Lock()
	delete(w.inflight, key)
	w.mu.Unlock()
	close(done)
}

type result struct {
	Call
	overview *bot.Overview
}

func (w *Writer) call(ctx context.Context, topic string, stories []Story) result {
	now := w.cfg.Now()
	w.mu.Lock()
	quiet := now.Before(w.quiet)
	w.mu.Unlock()
	if quiet {
		return result{Call: Call{Outcome: OutcomeBackoff}}
	}
	p := BuildPrompt(topic, stories)
	day, reserved := now.UTC().Format("2006-01-02"), p.EstimateTokens()
	ok, err := w.cfg.Budget.ReserveTokens(ctx, day, reserved, w.cfg.DailyTokens)
	if err != nil {
		w.cfg.Logger.Warn("overview budget not readable; no overview", "err", err)
		return result{Call: Call{Outcome: OutcomeError}}
	}
	if !ok {
		w.cfg.Logger.Debug("overview budget spent for today", "day", day, "daily_tokens", w.cfg.DailyTokens)
		return result{Call: Call{Outcome: OutcomeBudget}}
	}
	cctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	ans, err := w.cfg.Model.Complete(cctx, p)
	cancel()
	w.settle(ctx, day, reserved, ans)
	if err != nil {
		return result{Call: Call{Outcome: w.failure(err, now), PromptTokens: ans.PromptTokens, CompletionTokens: ans.CompletionTokens}}
	}
	res := Check(ans.Text, stories)
	out := result{Call: Call{Outcome: OutcomeOK, PromptTokens: ans.PromptTokens, CompletionTokens: ans.CompletionTokens,
		Dropped: res.Dropped}, overview: res.Overview}
	if res.Overview == nil {
		out.Outcome = OutcomeOmitted
	}
	w.cfg.Logger.Debug("overview written", "outcome", out.Outcome, "stories", len(stories), "prompt_tokens", ans.PromptTokens,
		"completion_tokens", ans.CompletionTokens, "check", res.String())
	return out
}

// settle replaces the reservation with what the server says was used.
// A server that reports nothing keeps the reservation: spending is never
// under-counted.
func (w *Writer) settle(ctx context.Context, day string, reserved int64, ans Answer) {
	used := ans.PromptTokens + ans.CompletionTokens
	if used <= 0 || used == reserved {
		return
	}
	if err := w.cfg.Budget.AdjustTokens(context.WithoutCancel(ctx), day, used-reserved); err != nil {
		w.cfg.Logger.Warn("overview budget not settled", "err", err)
	}
}

// failure classifies err, and honours a Retry-After.
func (w *Writer) failure(err error, now time.Time) string {
	var rl *RateLimitError
	switch {
	case errors.As(err, &rl):
		wait := rl.RetryAfter
		if wait <= 0 {
			wait = 30 * time.Second
		}
		w.mu.Lock()
		w.quiet = now.Add(min(wait, 10*time.Minute))
		w.mu.Unlock()
		w.cfg.Logger.Warn("model rate limited; no overviews until it allows", "retry_after", wait.String())
		return OutcomeRateLimited
	case errors.Is(err, context.DeadlineExceeded):
		w.cfg.Logger.Warn("model gave no answer in time; briefing sent without overview", "timeout", w.cfg.Timeout.String())
		return OutcomeTimeout
	default:
		w.cfg.Logger.Warn("model call failed; briefing sent without overview", "err", err)
		return OutcomeError
	}
}

// key identifies a story set for a model.
func (w *Writer) key(stories []Story) string {
	h := sha256.New()
	_ = json.NewEncoder(h).Encode(struct {
		Model   string
		Stories []Story
	}{w.cfg.ModelName, stories})
	return hex.EncodeToString(h.Sum(nil))
}
