// Package discord is the Discord adapter: application commands arrive over
// the gateway (a bot token) or at an HTTP interactions endpoint (the
// application's public key); replies and digests go out as embeds.
//
// Invariants:
//   - The application commands are generated from the router's command
//     list at start and registered with one bulk overwrite; there is no
//     second list here.
//   - Every interaction gets its first answer within Discord's 3 s: the
//     reply itself when it is ready in time, else a deferral and then the
//     reply as an edit of the deferred message.
//   - Every message sets allowed_mentions to {"parse":[]} and article text
//     has @everyone, @here and <@…> mentions broken up, so an article can
//     never ping anyone.
//   - Every message passes validate (Discord's length limits) before it is
//     sent; a long reply is split over several messages, in order.
//   - Everything is posted through one sender: a 429 is waited out and
//     retried a bounded number of times, then reported; no request is
//     retried after an answer that could mean it was delivered.
//   - A dropped gateway session (op 7 RECONNECT or a network failure) is
//     resumed on READY's resume_gateway_url (see resumer).
//   - A late reply only the caller should see never edits a public
//     deferral: the deferral is deleted and the reply follows ephemerally.
//   - Every story of a section with a topic carries 👍/👎 buttons
//     (vote.go): two stories to an action row, so a message's at most 10
//     stories fit Discord's 5 rows with room for "Show more"; custom_ids
//     stay within 100 characters (a long topic goes as a reference) and
//     validate checks rows, ids and labels. A click becomes the bot's /rate
//     request (bot.VoteRequest) in the signed interaction's channel, and
//     is answered ephemerally; nothing about judging is decided here.
//   - discordgo types stay in this package.
package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// Platform is the Channel.Platform of Discord channels.
const Platform = "discord"

// Config configures the adapter. Token enables the gateway and channel
// messages (digests); PublicKey enables the HTTP interactions endpoint.
type Config struct {
	Token     string // bot token, with or without the "Bot " prefix
	AppID     string // application id; required with Token
	PublicKey string // hex ed25519 key from the developer portal
	GuildID   string // register commands to this guild only; empty: globally
	// APIURL replaces https://discord.com for REST and gateway discovery
	// (a proxy or a test fake). Empty: Discord itself.
	APIURL string
	Logger *slog.Logger

	// ReplyWithin is how long an interaction waits for its reply before
	// it is deferred (default 2 s; Discord allows 3 s in all).
	ReplyWithin time.Duration
	// HandleTimeout bounds one command's work (default 1 min).
	HandleTimeout time.Duration
	// MaxAttempts bounds the tries of one request under 429s (default 5).
	MaxAttempts int
	// MaxRetryAfter is the longest 429 wait accepted; a longer one is
	// reported at once (default 1 min).
	MaxRetryAfter time.Duration
	// MaxClockSkew is how far an HTTP interaction's signed timestamp may
	// be from now (default 5 min); older requests are refused as replays.
	MaxClockSkew time.Duration
	// ReconnectMin and ReconnectMax bound the wait between gateway
	// connection attempts (defaults 1 s and 2 min).
	ReconnectMin, ReconnectMax time.Duration
	// Now and Sleep are the clock; tests replace them.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Adapter is the Discord adapter.
type Adapter struct {
	cfg    Config
	pub    ed25519.PublicKey
	s      *discordgo.Session
	post   *sender
	log    *slog.Logger
	flight inflight
	resume *resumer
}

var _ bot.Adapter = (*Adapter)(nil)

// New validates cfg and returns an adapter; it connects nothing yet.
func New(cfg Config) (*Adapter, error) {
	cfg = withDefaults(cfg)
	a := &Adapter{cfg: cfg, log: cfg.Logger.With("adapter", Platform), resume: &resumer{}}
	routeLibraryLogs(a.log)
	if cfg.Token != "" && cfg.AppID == "" {
		return nil, errors.New("discord: an application id is needed with a bot token (DISCORD_APP_ID)")
	}
	if cfg.PublicKey != "" {
		k, err := hex.DecodeString(strings.TrimSpace(cfg.PublicKey))
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, errors.New("discord: the public key must be 64 hex digits (DISCORD_PUBLIC_KEY)")
		}
		a.pub = ed25519.PublicKey(k)
	}
	client, err := httpClient(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	base := client.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	client.Transport = a.resume.transport(base)
	a.s = newSession(cfg.Token, client, a.resume.dial)
	a.post = &sender{s: a.s, attempts: cfg.MaxAttempts, maxWait: cfg.MaxRetryAfter, sleep: cfg.Sleep, log: a.log}
	return a, nil
}

func withDefaults(c Config) Config {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.ReplyWithin, 2*time.Second)
	def(&c.HandleTimeout, time.Minute)
	def(&c.MaxRetryAfter, time.Minute)
	def(&c.MaxClockSkew, 5*time.Minute)
	def(&c.ReconnectMin, time.Second)
	def(&c.ReconnectMax, 2*time.Minute)
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
	c.Token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(c.Token), "Bot "))
	return c
}

// newSession makes the one discordgo session the adapter posts through.
// Its own retries are off: the sender handles 429s with a bound, and a
// 502 is not resent because the message may have been delivered.
func newSession(token string, client *http.Client, dial func(ctx context.Context, network, addr string) (net.Conn, error)) *discordgo.Session {
	auth := ""
	if token != "" {
		auth = "Bot " + token
	}
	s, _ := discordgo.New(auth) // New never fails
	s.Client = client
	s.Dialer = &websocket.Dialer{HandshakeTimeout: 10 * time.Second, Proxy: http.ProxyFromEnvironment, NetDialContext: dial}
	s.ShouldRetryOnRateLimit = false
	s.MaxRestRetries = 0
	s.ShouldReconnectOnError = false // Run reconnects, within its context
	s.StateEnabled = false
	s.LogLevel = discordgo.LogWarning            // lines go to slog (routeLibraryLogs)
	s.Identify.Intents = discordgo.IntentsGuilds // slash commands need no privileged intent
	return s
}

// httpClient returns the REST client; with base set, every request's
// scheme and host are rewritten to it (and its path prefixed), so
// discordgo's package-level endpoints never need changing.
func httpClient(base string) (*http.Client, error) {
	c := &http.Client{Timeout: 20 * time.Second}
	if base == "" {
		return c, nil
	}
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("discord: API URL %q is not a http(s) URL (DISCORD_API_URL)", base)
	}
	c.Transport = rewrite{to: u, base: http.DefaultTransport}
	return c, nil
}

type rewrite struct {
	to   *url.URL
	base http.RoundTripper
}

func (t rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.to.Scheme, t.to.Host, t.to.Host
	r.URL.Path = t.to.Path + r.URL.Path
	if r.URL.RawPath != "" {
		r.URL.RawPath = t.to.Path + r.URL.RawPath
	}
	return t.base.RoundTrip(r)
}

// Name returns the platform key.
func (a *Adapter) Name() string { return Platform }

// Send posts r to a channel as one or more messages and returns their ids
// in order. On error the ids say how far it got.
func (a *Adapter) Send(ctx context.Context, ch briefing.Channel, r bot.Reply) ([]string, error) {
	if ch.Platform != Platform || ch.ID == "" {
		return nil, fmt.Errorf("discord: cannot send to channel %q", ch.String())
	}
	if a.cfg.Token == "" {
		return nil, errors.New("discord: a bot token is needed to post to channels (DISCORD_BOT_TOKEN)")
	}
	msgs, err := render(r)
	if err != nil {
		return nil, err
	}
	var ids []string
	for i, m := range msgs {
		id, err := a.post.channelMessage(ctx, ch.ID, m, r.ThreadOf)
		if err != nil {
			return ids, fmt.Errorf("discord: send message %d to channel %s: %w", i+1, ch.ID, err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
